import type { Rng } from '../../data/random';
import { langevinNoise, stepSizeSchedule, type LangevinOptions, type StepSize } from '../langevin';
import type { FastMlp } from './fast-mlp';

/**
 * The Langevin chain of ../langevin.ts, x_{k+1} = x_k − (η/2) ∇_x E(x_k) + √η ε_k, with ∇_x E from the
 * fused kernels: per step, one forward pass of the energy network and one backward pass for the
 * input gradient only (no parameter gradients). `net` maps [n × dim] to one energy per row and holds
 * the current parameters. Same update, same clamping, same noise from `rng` as the tfjs chain, so
 * both paths give the same chains up to float32 rounding. `x0` ([n × dim], interleaved) is not changed;
 * onStep gets the live position array (copy it to keep it).
 */
export function fastLangevin(
  net: FastMlp,
  x0: Float32Array,
  steps: number,
  stepSize: StepSize,
  rng: Rng,
  options: LangevinOptions<Float32Array> = {},
): Float32Array {
  const dim = net.sizes[0];
  if (net.sizes[net.sizes.length - 1] !== 1) throw new Error('fastLangevin: the energy network must have one output');
  if (x0.length % dim !== 0) throw new Error(`fastLangevin: ${x0.length} coordinates are not rows of ${dim}`);
  const etaAt = stepSizeSchedule(steps, stepSize);
  const n = x0.length / dim;
  const x = x0.slice();
  const dEnergy = new Float32Array(n).fill(1);
  const box = options.box ?? Infinity;
  for (let k = 0; k < steps; k++) {
    const eta = etaAt(k);
    const noise = langevinNoise(x.length, eta, k, rng);
    if (n > 0) {
      const grad = energyGradientInPlace(net, x, n, dEnergy);
      for (let i = 0; i < x.length; i++) {
        const moved = x[i] - (eta / 2) * grad[i] + noise[i];
        x[i] = moved > box ? box : moved < -box ? -box : moved;
      }
    }
    options.onStep?.(x, k + 1);
  }
  return x;
}

/**
 * ∇_x E for n rows of x, by one forward pass and one backward pass for the input gradient only.
 * `ones` is n ones (∂(Σ E)/∂E_i, so the backward pass gives ∇_x E row by row). Returns the kernels'
 * own buffer, valid until the next pass: copy it to keep it.
 */
export function energyGradientInPlace(net: FastMlp, x: Float32Array, n: number, ones: Float32Array = new Float32Array(n).fill(1)): Float32Array {
  net.forwardInPlace(x, n);
  return net.backward(ones, { paramGrads: false, inputGrad: true })!;
}
