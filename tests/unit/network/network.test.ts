import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { applyUpdates, createNetwork, ParameterVector, type Network, type NetworkSpec } from '../../../src/models/network';
import type { Activation } from '../../../src/models/nn';
import { relError } from '../fast/rel-error';

/**
 * The two backends of the Network seam compute the same thing: from the same rng they draw the
 * same weights, and forward, backward (parameter and input gradients), Adam and the moving average
 * agree within float32 rounding. The SIMD build is pinned (relaxed SIMD's fused multiply-add rounds
 * differently from one processor to another).
 */
let kernels: FastKernels;

beforeAll(async () => {
  await initBackend('cpu');
  kernels = await loadFastKernels({ variant: 'simd' });
});

function twins(activation: Activation, extra: Partial<NetworkSpec> = {}): [Network, Network] {
  const spec: NetworkSpec = { sizes: [3, 16, 16, 5], activation, name: 'twin', learningRate: 1e-2, ...extra };
  return [createNetwork(spec, createRng(3), { fastKernels: kernels }, 'tfjs'), createNetwork(spec, createRng(3), { fastKernels: kernels }, 'fused')];
}

const rows = 37;
const x = Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(1.3 * i + 0.2) * 2);
const dOut = Float32Array.from({ length: rows * 5 }, (_, i) => Math.cos(0.7 * i) / rows);

function flat(p: { weights: Float32Array[]; biases: Float32Array[] }): number[] {
  return [...p.weights.flatMap((w) => [...w]), ...p.biases.flatMap((b) => [...b])];
}

describe('Network: fused against tfjs', () => {
  for (const activation of ['relu', 'leakyRelu', 'silu', 'tanh'] as const) {
    it(`${activation}: same initial weights, forward, gradients and Adam steps`, () => {
      const [ref, fused] = twins(activation);
      expect(relError(flat(fused.getParams()), flat(ref.getParams()))).toBeLessThan(1e-7);
      for (let step = 0; step < 5; step++) {
        const a = ref.forward(x, rows).slice();
        const b = fused.forward(x, rows).slice();
        expect(relError(b, a)).toBeLessThan(1e-5);
        const ga = ref.backward(dOut, { inputGrad: true })!;
        const gb = fused.backward(dOut, { inputGrad: true })!;
        expect(relError(gb, ga)).toBeLessThan(1e-4);
        expect(relError(flat(fused.getGrads()), flat(ref.getGrads()))).toBeLessThan(1e-4);
        expect(fused.gradSquaredNorm()).toBeCloseTo(ref.gradSquaredNorm(), 4);
        expect(applyUpdates([ref])).toBe(true);
        expect(applyUpdates([fused])).toBe(true);
      }
      expect(relError(flat(fused.getParams()), flat(ref.getParams()))).toBeLessThan(1e-4);
      ref.dispose();
      fused.dispose();
    });
  }

  it('the moving average and input gradients at either weights agree', () => {
    const [ref, fused] = twins('silu', { emaDecay: 0.9 });
    for (let step = 0; step < 20; step++) {
      for (const net of [ref, fused]) {
        net.forward(x, rows);
        net.backward(dOut);
        net.adamStep();
      }
    }
    for (const weights of ['trained', 'averaged'] as const) {
      expect(relError(fused.evaluate(x, rows, weights), ref.evaluate(x, rows, weights))).toBeLessThan(1e-4);
      expect(relError(fused.inputGradient(x, rows, dOut, weights), ref.inputGradient(x, rows, dOut, weights))).toBeLessThan(1e-4);
      // One pass for both (the EBM's Metropolis step): the same as the two calls, on either backend.
      for (const net of [ref, fused]) {
        const both = net.outputAndInputGradient(x, rows, dOut, weights);
        expect(relError(both.output, net.evaluate(x, rows, weights))).toBeLessThan(1e-6);
        expect(relError(both.inputGradient, net.inputGradient(x, rows, dOut, weights))).toBeLessThan(1e-6);
      }
    }
    // The average lags the trained weights.
    expect(relError(fused.evaluate(x, rows, 'averaged'), fused.evaluate(x, rows, 'trained'))).toBeGreaterThan(1e-3);
    ref.dispose();
    fused.dispose();
  });

  it('accumulated gradients are the sum of two backward passes', () => {
    for (const net of twins('relu')) {
      net.forward(x, rows);
      net.backward(dOut);
      const once = flat(net.getGrads());
      net.forward(x, rows);
      net.backward(dOut, { accumulate: true });
      expect(relError(flat(net.getGrads()), once.map((g) => 2 * g))).toBeLessThan(1e-6);
      net.dispose();
    }
  });

  it('a non-finite gradient on either backend leaves every network and vector untouched', () => {
    for (const net of twins('relu')) {
      const vector = new ParameterVector([1, 2], 0.1);
      const before = flat(net.getParams());
      net.forward(x, rows);
      const bad = dOut.slice();
      bad[7] = Number.NaN;
      net.backward(bad);
      vector.grad.set([0.5, -0.5]);
      expect(applyUpdates([net], [vector])).toBe(false);
      expect(flat(net.getParams())).toEqual(before);
      expect([...vector.values]).toEqual([1, 2]);
      net.dispose();
    }
  });
});

describe('ParameterVector', () => {
  it('takes the Adam step tf.train.adam takes', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const v = tf.variable(tf.tensor1d([0.3, -1.2, 2]));
    const opt = tf.train.adam(0.05);
    const mine = new ParameterVector([0.3, -1.2, 2], 0.05);
    for (let t = 0; t < 10; t++) {
      const g = [Math.sin(t), 0.1 * t - 0.4, 1 / (t + 1)];
      opt.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]);
      mine.grad.set(g);
      mine.adamStep();
    }
    expect(relError(mine.values, v.dataSync())).toBeLessThan(1e-5);
  });
});
