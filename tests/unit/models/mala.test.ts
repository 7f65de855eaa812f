import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { langevin } from '../../../src/models/langevin';
import { adaptStepSize, mala, type EnergyAndGradientFn } from '../../../src/models/mala';
import { createNetwork, type Network, type NetworkSpec } from '../../../src/models/network';

/** E = ‖x‖²/(2s²) in 2-D: a sharp well of curvature κ = 1/s². */
function gaussianWell(s: number): EnergyAndGradientFn {
  return (x, n) => {
    const energy = new Float32Array(n);
    const gradient = new Float32Array(x.length);
    for (let r = 0; r < n; r++) {
      energy[r] = (x[2 * r] ** 2 + x[2 * r + 1] ** 2) / (2 * s * s);
      gradient[2 * r] = x[2 * r] / (s * s);
      gradient[2 * r + 1] = x[2 * r + 1] / (s * s);
    }
    return { energy, gradient };
  };
}

const variance = (x: Float32Array): number => x.reduce((sum, v) => sum + v * v, 0) / x.length;

describe('mala', () => {
  it('samples a sharp well at its true spread where the unadjusted step is 4× too wide', () => {
    const s = 0.1;
    const eta = 0.03; // ηκ/4 = 0.75: the unadjusted chain's variance is s²/(1 − 0.75) = 4s²
    const x0 = new Float32Array(4000).fill(0);
    const well = gaussianWell(s);
    const adjusted = mala(well, x0, 2, 200, eta, createRng(1));
    const unadjusted = langevin((x, n) => well(x, n).gradient, x0, 2, 200, eta, createRng(1));
    expect(variance(adjusted.x) / (s * s)).toBeGreaterThan(0.85);
    expect(variance(adjusted.x) / (s * s)).toBeLessThan(1.15);
    expect(variance(unadjusted) / (s * s)).toBeGreaterThan(3);
    expect(adjusted.acceptance).toBeGreaterThan(0.05);
    expect(adjusted.acceptance).toBeLessThan(0.95);
  });

  it('adapts the step size toward the target acceptance and keeps it fixed otherwise', () => {
    const x0 = new Float32Array(1000).fill(0);
    const adapted = mala(gaussianWell(0.1), x0, 2, 400, 1, createRng(2), { targetAcceptance: 0.6 });
    const tail = adapted.accepted.subarray(300 * 500);
    const rate = tail.reduce((a, b) => a + b, 0) / tail.length;
    expect(rate).toBeGreaterThan(0.5);
    expect(rate).toBeLessThan(0.7);
    expect(mala(gaussianWell(0.1), x0, 2, 10, 0.02, createRng(2)).stepSize).toBe(0.02);
  });

  it('rejects every proposal outside the box', () => {
    const x0 = new Float32Array(200).fill(0.99);
    const flat: EnergyAndGradientFn = (x, n) => ({ energy: new Float32Array(n), gradient: new Float32Array(x.length) });
    const out = mala(flat, x0, 2, 50, 0.5, createRng(3), { box: 1 });
    expect(out.x.every((v) => Math.abs(v) <= 1)).toBe(true);
    expect(out.acceptance).toBeGreaterThan(0);
  });
});

describe('mala twins: the same accept/reject decisions on the fused and tfjs networks', () => {
  let fastKernels: FastKernels;
  beforeAll(async () => {
    await initBackend('wasm');
    fastKernels = await loadFastKernels({ variant: 'simd' });
  });

  const viaNetwork = (net: Network): EnergyAndGradientFn => {
    let ones = new Float32Array(0);
    return (x, n) => {
      if (ones.length < n) ones = new Float32Array(n).fill(1);
      const energy = net.evaluate(x, n, 'trained').slice();
      const gradient = net.inputGradient(x, n, ones.subarray(0, n), 'trained').slice();
      return { energy, gradient };
    };
  };

  it('20 steps of 64 chains agree decision for decision', () => {
    const spec: NetworkSpec = { sizes: [2, 32, 32, 1], activation: 'silu', name: 'energy', learningRate: 1e-3 };
    const tfjsNet = createNetwork(spec, createRng(5), { fastKernels }, 'tfjs');
    const fusedNet = createNetwork(spec, createRng(5), { fastKernels }, 'fused');
    const x0 = Float32Array.from({ length: 128 }, (_, i) => 2 * Math.sin(1.3 * i + 0.2));
    const a = mala(viaNetwork(tfjsNet), x0, 2, 20, 0.2, createRng(6), { box: 4, targetAcceptance: 0.6 });
    const b = mala(viaNetwork(fusedNet), x0, 2, 20, 0.2, createRng(6), { box: 4, targetAcceptance: 0.6 });
    expect(Array.from(b.accepted)).toEqual(Array.from(a.accepted));
    expect(a.acceptance).toBeGreaterThan(0);
    expect(a.acceptance).toBeLessThan(1);
    for (let i = 0; i < a.x.length; i++) expect(Math.abs(b.x[i] - a.x[i])).toBeLessThan(1e-4);
  });
});

describe('mala: the tamed proposal (maxDrift) and the step adaptation between runs', () => {
  it('with the drift capped, the sharp well is still sampled at its true spread', () => {
    // η = 0.03 with a cap of 0.05: the proposal's step shrinks wherever (η/2)‖∇E‖ > 0.05, i.e.
    // beyond ‖x‖ = 0.033 here, and the accept ratio uses the reverse proposal's own step.
    const s = 0.1;
    const x0 = new Float32Array(4000).map((_, i) => (i % 2 === 0 ? 0.3 : -0.2));
    const out = mala(gaussianWell(s), x0, 2, 400, 0.03, createRng(4), { maxDrift: 0.05 });
    expect(variance(out.x) / (s * s)).toBeGreaterThan(0.85);
    expect(variance(out.x) / (s * s)).toBeLessThan(1.15);
  });

  it('adaptStepSize raises η when too many proposals are accepted, lowers it when too few', () => {
    expect(adaptStepSize(0.01, 0.9, 0.574)).toBeGreaterThan(0.01);
    expect(adaptStepSize(0.01, 0.1, 0.574)).toBeLessThan(0.01);
    expect(adaptStepSize(0.01, 0.574, 0.574)).toBeCloseTo(0.01, 10);
  });
});
