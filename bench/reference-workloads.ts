/**
 * The two reference workloads of the model-core issue, written as plain tfjs (no project model
 * code), so that tfjs can be compared step for step with shared/reference/bench_torch.py:
 *
 *  W-diffusion  DDPM ε-prediction, MLP 3→128→128→128→2 (ReLU), batch 512, Adam lr 1e-3,
 *               T = 100 linear betas 1e-4..0.02, fresh data (8 Gaussians, radius 2, std 0.1),
 *               t ~ U{0..99} and ε ~ N(0, I) every step; loss MSE(ε̂(x_t, t/T), ε) with
 *               x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (Ho et al. 2020, eq. 4 and 14).
 *  W-gan        G 2→64→64→2, D 2→64→64→1 (ReLU), batch 256, Adam lr 1e-3 betas (0.5, 0.999),
 *               non-saturating loss; one D step then one G step per iteration.
 *
 * Initialisation and Adam's ε (1e-8) follow PyTorch's defaults, as in the reference script.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng, type Rng } from '../src/data/random';

const RADIUS = 2;
const STD = 0.1;

function sampleEightGaussians(n: number, rng: Rng): tf.Tensor2D {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = (rng.int(8) * Math.PI) / 4;
    out[2 * i] = RADIUS * Math.cos(a) + STD * rng.normal();
    out[2 * i + 1] = RADIUS * Math.sin(a) + STD * rng.normal();
  }
  return tf.tensor2d(out, [n, 2]);
}

/** nn.Linear stack with PyTorch's default init, U(−1/√fan_in, 1/√fan_in) for weights and biases. */
class PlainMlp {
  readonly vars: tf.Variable[] = [];
  constructor(sizes: number[], rng: Rng, name: string) {
    for (let i = 0; i + 1 < sizes.length; i++) {
      const bound = 1 / Math.sqrt(sizes[i]);
      const u = (len: number) => Float32Array.from({ length: len }, () => (2 * rng.uniform() - 1) * bound);
      this.vars.push(tf.variable(tf.tensor2d(u(sizes[i] * sizes[i + 1]), [sizes[i], sizes[i + 1]]), true, `${name}/w${i}`));
      this.vars.push(tf.variable(tf.tensor1d(u(sizes[i + 1])), true, `${name}/b${i}`));
    }
  }
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    const layers = this.vars.length / 2;
    for (let i = 0; i < layers; i++) {
      h = tf.add(tf.matMul(h, this.vars[2 * i]), this.vars[2 * i + 1]);
      if (i + 1 < layers) h = tf.relu(h);
    }
    return h;
  }
  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}

export interface Workload {
  name: string;
  /** One training step (one D + one G step for the GAN). Returns nothing; reads no values. */
  step(): void;
  /** The latest loss (forces a sync; call outside the timed loop). */
  lastLoss(): number;
  dispose(): void;
}

export function diffusionWorkload(seed: number): Workload {
  const T = 100;
  const B = 512;
  const rng = createRng(seed);
  const betas = Array.from({ length: T }, (_, i) => 1e-4 + ((0.02 - 1e-4) * i) / (T - 1));
  const abar: number[] = [];
  betas.reduce((prod, b) => {
    const p = prod * (1 - b);
    abar.push(p);
    return p;
  }, 1);
  const sqrtAbar = tf.tensor1d(abar.map(Math.sqrt));
  const sqrtOneMinusAbar = tf.tensor1d(abar.map((a) => Math.sqrt(1 - a)));
  const net = new PlainMlp([3, 128, 128, 128, 2], rng, 'eps');
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  let last: tf.Scalar | null = null;
  return {
    name: 'W-diffusion',
    step() {
      const tIdx = Int32Array.from({ length: B }, () => rng.int(T));
      const cost = opt.minimize(() => {
        const x0 = sampleEightGaussians(B, rng);
        const t = tf.tensor1d(tIdx, 'int32');
        const eps = tf.randomNormal([B, 2], 0, 1, 'float32', rng.seed());
        const xt = tf.add(tf.mul(x0, tf.reshape(tf.gather(sqrtAbar, t), [B, 1])), tf.mul(eps, tf.reshape(tf.gather(sqrtOneMinusAbar, t), [B, 1])));
        const input = tf.concat([xt, tf.reshape(tf.div(tf.cast(t, 'float32'), T), [B, 1])], 1) as tf.Tensor2D;
        return tf.mean(tf.square(tf.sub(net.apply(input), eps)));
      }, true, net.vars);
      last?.dispose();
      last = cost;
    },
    lastLoss: () => (last ? last.dataSync()[0] : NaN),
    dispose() {
      last?.dispose();
      net.dispose();
      opt.dispose();
      sqrtAbar.dispose();
      sqrtOneMinusAbar.dispose();
    },
  };
}

export function ganWorkload(seed: number): Workload {
  const B = 256;
  const rng = createRng(seed);
  const G = new PlainMlp([2, 64, 64, 2], rng, 'G');
  const D = new PlainMlp([2, 64, 64, 1], rng, 'D');
  const optG = tf.train.adam(1e-3, 0.5, 0.999, 1e-8);
  const optD = tf.train.adam(1e-3, 0.5, 0.999, 1e-8);
  let last: tf.Scalar | null = null;
  return {
    name: 'W-gan',
    step() {
      // D step: BCE(D(real), 1) + BCE(D(G(z)), 0) = mean softplus(−D(real)) + mean softplus(D(fake)).
      const lossD = optD.minimize(() => {
        const real = sampleEightGaussians(B, rng);
        const fake = G.apply(tf.randomNormal([B, 2], 0, 1, 'float32', rng.seed()));
        return tf.add(tf.mean(tf.softplus(tf.neg(D.apply(real)))), tf.mean(tf.softplus(D.apply(fake))));
      }, true, D.vars);
      lossD?.dispose();
      // G step, non-saturating: −log D(G(z)) = mean softplus(−D(G(z))).
      const lossG = optG.minimize(
        () => tf.mean(tf.softplus(tf.neg(D.apply(G.apply(tf.randomNormal([B, 2], 0, 1, 'float32', rng.seed())))))),
        true,
        G.vars,
      );
      last?.dispose();
      last = lossG;
    },
    lastLoss: () => (last ? last.dataSync()[0] : NaN),
    dispose() {
      last?.dispose();
      G.dispose();
      D.dispose();
      optG.dispose();
      optD.dispose();
    },
  };
}
