import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { adamStep, nonFiniteMessage, type LossTerms } from './adam-step';
import {
  ConfigError,
  commonDefaults,
  oneOf,
  positiveInt,
  positiveNumber,
  mergeConfig,
  validateCommon,
  type CommonConfig,
} from './config';
import { Ema } from './ema';
import { FastAdam } from './fast/fast-adam';
import { discriminatorUpdate, generatorUpdate, type FastGanLoss } from './fast/gan-step';
import { MlpMirror } from './fast/mlp-mirror';
import { Mlp, type Activation } from './nn';
import { uniqueName } from './names';
import { fromTensor, toTensor } from './tensor';
import type { Losses, ModelRuntime, StepResult, ToyModel } from './types';

/**
 * A generative adversarial network (Goodfellow et al. 2014, arXiv:1406.2661): a generator G maps noise
 * z ~ p(z) to points, a discriminator (critic) D scores points, and the two are trained in turn.
 * D outputs a real number (a logit for the non-saturating loss). Losses, with x ~ data and x̃ = G(z):
 *
 *  'non-saturating' (Goodfellow §3): L_D = −E log σ(D(x)) − E log(1 − σ(D(x̃))),  L_G = −E log σ(D(x̃)).
 *      G maximises log D(G(z)) instead of minimising log(1 − D(G(z))), which saturates early in training.
 *  'wgan-gp' (Gulrajani et al. 2017, arXiv:1704.00028): L_D = E D(x̃) − E D(x) + λ E (‖∇_x̂ D(x̂)‖ − 1)²,
 *      x̂ = u x + (1 − u) x̃, u ~ U(0, 1) per pair;  L_G = −E D(x̃). The penalty's gradient is a gradient
 *      of a gradient: tf.grad inside the loss closure (works on the cpu and wasm backends).
 *  'hinge' (Lim & Ye 2017; Miyato et al. 2018): L_D = E max(0, 1 − D(x)) + E max(0, 1 + D(x̃)),  L_G = −E D(x̃).
 *
 * One trainStep = `dSteps` discriminator updates (each with fresh noise, all on the same real batch)
 * followed by one generator update; two separate Adam optimisers with β1 = 0.5 (Radford et al. 2015).
 * The step reports dLoss and gLoss (the last D update's value, and the G update's), and
 * `loss = dLoss + gLoss`, a single number for the chart that has no meaning of its own: a GAN has no
 * likelihood and its losses do not fall towards zero as it improves. For 'wgan-gp' it also reports
 * `gradientPenalty` and `wasserstein` = E D(x) − E D(x̃), the critic's estimate of the distance.
 */
export type GanLoss = 'non-saturating' | 'wgan-gp' | 'hinge';
export const ganLosses: readonly GanLoss[] = ['non-saturating', 'wgan-gp', 'hinge'];
export type LatentDistribution = 'gaussian' | 'uniform';

export interface GanConfig extends CommonConfig {
  loss: GanLoss;
  /** Dimension of the noise z. */
  latentDim: number;
  /** p(z): standard Gaussian, or uniform on [−1, 1]^latentDim (GAN Lab offers both). */
  latent: LatentDistribution;
  /** Discriminator updates per generator update. */
  dSteps: number;
  /** λ of the WGAN-GP penalty. Gulrajani et al. use 10 on images and 0.1 on their 2-D toy sets. */
  gpWeight: number;
  /** Adam's β1 and β2 for both optimisers. */
  beta1: number;
  beta2: number;
  /** The discriminator's learning rate; the generator's is `learningRate`. */
  dLearningRate: number;
  activation: Activation;
  /**
   * Decay of an exponential moving average of the generator's weights, used by sample() and
   * generate(); 0 uses the trained weights. Averaging the generator damps the oscillation of
   * adversarial training (Yazıcı et al. 2019, arXiv:1806.04498).
   */
  emaDecay: number;
}

export const ganDefaults: GanConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 2,
  learningRate: 1e-3,
  dLearningRate: 1e-3,
  batchSize: 256,
  loss: 'non-saturating',
  latentDim: 2,
  latent: 'gaussian',
  dSteps: 1,
  gpWeight: 0.1,
  // β = (0.5, 0.9), Gulrajani et al. 2017's Adam setting (arXiv:1704.00028), also used by Miyato
  // et al. 2018. Measured on eight Gaussians (fused path, seeds 1–10): ratio to the noise floor after
  // 3,000 steps median 5.6, worst 12.5 with β2 = 0.9; median 7.7, worst 18.2 with β2 = 0.999, whose
  // slower second-moment estimate lets the game oscillate more. Each step costs the same.
  beta1: 0.5,
  beta2: 0.9,
  // leakyRelu (Radford et al.'s choice for discriminators); createGan switches the default to relu
  // for 'wgan-gp', whose penalty needs a second derivative that tfjs lacks for leakyRelu.
  activation: 'leakyRelu',
  emaDecay: 0.999,
};

export interface GanModel extends ToyModel {
  readonly family: 'gan';
  readonly likelihood: 'none';
  readonly config: GanConfig;
  /**
   * D on points x (interleaved): the probability σ(D(x)) that x is real for the non-saturating loss,
   * the raw critic value D(x) for 'wgan-gp' and 'hinge' (which have no probability).
   */
  discriminate(x: Float32Array): Float32Array;
  /** G(z) for noise points z (interleaved, latentDim per point), with the averaged generator like sample(). */
  generate(z: Float32Array): Float32Array;
  /** n draws of the noise z ~ p(z) (interleaved), e.g. to follow fixed noise through training. */
  sampleLatent(n: number): Float32Array;
  /**
   * −∇_x ℓ_G(x) per point: the direction in which the generator's loss pushes each generated point
   * (ℓ_G(x) = −log σ(D(x)) or −D(x), per point, not averaged), for GAN Lab-style arrows.
   */
  generatorGradients(x: Float32Array): Float32Array;
}

export function validateGan(cfg: GanConfig): void {
  validateCommon(cfg);
  oneOf('loss', cfg.loss, ganLosses);
  oneOf('latent', cfg.latent, ['gaussian', 'uniform'] as const);
  oneOf('activation', cfg.activation, ['relu', 'tanh', 'silu', 'leakyRelu'] as const);
  if (cfg.loss === 'wgan-gp' && cfg.activation === 'leakyRelu') {
    // tfjs-core's leakyRelu gradient is built from `greater`, which has no gradient itself.
    throw new ConfigError(
      'activation "leakyRelu" cannot be used with loss "wgan-gp": the gradient penalty needs a second ' +
        'derivative, which tfjs does not provide for leakyRelu. Use "relu", "silu" or "tanh".',
    );
  }
  positiveInt('latentDim', cfg.latentDim);
  positiveInt('dSteps', cfg.dSteps);
  positiveNumber('dLearningRate', cfg.dLearningRate);
  if (!(cfg.emaDecay >= 0 && cfg.emaDecay < 1)) throw new ConfigError(`emaDecay must lie in [0, 1); got ${cfg.emaDecay}.`);
  if (!(cfg.gpWeight >= 0 && Number.isFinite(cfg.gpWeight))) throw new ConfigError(`gan: gpWeight must be ≥ 0, got ${cfg.gpWeight}`);
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(cfg[key] >= 0 && cfg[key] < 1)) throw new ConfigError(`gan: ${key} must lie in [0, 1), got ${cfg[key]}`);
  }
}

export function createGan(config: Partial<GanConfig> = {}, runtime: ModelRuntime = {}): GanModel {
  const defaults: GanConfig = config?.loss === 'wgan-gp' ? { ...ganDefaults, activation: 'relu' } : ganDefaults;
  const cfg = mergeConfig(defaults, config, 'gan');
  validateGan(cfg);
  const { dim, latentDim } = cfg;
  const rng = createRng(cfg.seed);
  const prefix = uniqueName('gan');
  const hidden = Array<number>(cfg.depth).fill(cfg.hidden);
  const generator = new Mlp([latentDim, ...hidden, dim], cfg.activation, rng, `${prefix}/generator`);
  const discriminator = new Mlp([dim, ...hidden, 1], cfg.activation, rng, `${prefix}/discriminator`);
  // The averaged generator (a twin whose random initial weights are overwritten by G's at once).
  const averaged = cfg.emaDecay > 0 ? new Mlp([latentDim, ...hidden, dim], cfg.activation, createRng(0), `${prefix}/generator-ema`) : null;
  const ema = averaged ? new Ema(generator.variables, averaged.variables, cfg.emaDecay) : null;
  const sampler = averaged ?? generator;
  const gOptimizer = tf.train.adam(cfg.learningRate, cfg.beta1, cfg.beta2);
  const dOptimizer = tf.train.adam(cfg.dLearningRate, cfg.beta1, cfg.beta2);
  // The fused path (src/models/fast) trains twins of G and D in WebAssembly; the tfjs networks are
  // brought up to date when read. WGAN-GP's penalty needs a second derivative: tfjs only.
  const fused = runtime.fastKernels && cfg.loss !== 'wgan-gp'
    ? {
        loss: cfg.loss as FastGanLoss,
        g: new MlpMirror(runtime.fastKernels, generator, { averaged, emaDecay: cfg.emaDecay, threads: runtime.threads, batchRows: cfg.batchSize }),
        d: new MlpMirror(runtime.fastKernels, discriminator, { threads: runtime.threads, batchRows: 2 * cfg.batchSize }),
        gAdam: new FastAdam(cfg.learningRate, cfg.beta1, cfg.beta2),
        dAdam: new FastAdam(cfg.dLearningRate, cfg.beta1, cfg.beta2),
      }
    : null;
  /** Bring the tfjs networks up to date with the fused ones before they are read. */
  const sync = (): void => {
    fused?.g.sync();
    fused?.d.sync();
  };

  /** n draws of p(z), interleaved, from the model's rng (both paths draw the same noise). */
  function latentArray(n: number): Float32Array {
    const z = new Float32Array(n * latentDim);
    for (let i = 0; i < z.length; i++) z[i] = cfg.latent === 'gaussian' ? rng.normal() : 2 * rng.uniform() - 1;
    return z;
  }

  function latent(n: number): tf.Tensor2D {
    return tf.tensor2d(latentArray(n), [n, latentDim]);
  }

  /** The fused twin of trainStep's tfjs body: dSteps D updates on the same real batch, then one G update. */
  function fusedStep(f: NonNullable<typeof fused>, batch: tf.Tensor2D): StepResult {
    const n = batch.shape[0];
    const real = batch.dataSync() as Float32Array;
    let dLoss = 0;
    for (let k = 0; k < cfg.dSteps; k++) {
      const fake = f.g.fast.forward(latentArray(n), n);
      const r = discriminatorUpdate(f.d.fast, real, fake, f.loss, f.dAdam);
      dLoss = r.loss;
      if (!r.ok) {
        const message = divergenceMessage('discriminator', nonFiniteMessage(r.lossFinite, cfg.dLearningRate));
        return { ok: false, reason: 'non-finite-loss', losses: { loss: dLoss, dLoss }, message };
      }
      f.d.updated();
    }
    const g = generatorUpdate(f.g.fast, f.d.fast, latentArray(n), f.loss, f.gAdam);
    const losses = { dLoss, gLoss: g.loss, loss: dLoss + g.loss } as Losses;
    if (!g.ok) {
      return { ok: false, reason: 'non-finite-loss', losses, message: divergenceMessage('generator', nonFiniteMessage(g.lossFinite, cfg.learningRate)) };
    }
    f.g.updated();
    return { ok: true, losses };
  }


  /** D(x) as a column [n]. Call inside tidy. */
  function critic(x: tf.Tensor2D): tf.Tensor1D {
    return tf.reshape(discriminator.apply(x), [-1]);
  }

  /** Per-point generator loss ℓ_G(x̃) [n]; L_G is its mean. softplus(−a) = −log σ(a), stable for large |a|. */
  function generatorLossPerPoint(fake: tf.Tensor2D): tf.Tensor1D {
    const d = critic(fake);
    return (cfg.loss === 'non-saturating' ? tf.softplus(tf.neg(d)) : tf.neg(d)) as tf.Tensor1D;
  }

  function discriminatorTerms(real: tf.Tensor2D, fake: tf.Tensor2D): LossTerms {
    const dReal = critic(real);
    const dFake = critic(fake);
    if (cfg.loss === 'non-saturating') {
      // −log σ(D(x)) − log(1 − σ(D(x̃))) = softplus(−D(x)) + softplus(D(x̃))
      return { loss: tf.add(tf.mean(tf.softplus(tf.neg(dReal))), tf.mean(tf.softplus(dFake))) as tf.Scalar };
    }
    if (cfg.loss === 'hinge') {
      return { loss: tf.add(tf.mean(tf.relu(tf.sub(1, dReal))), tf.mean(tf.relu(tf.add(1, dFake)))) as tf.Scalar };
    }
    const n = real.shape[0];
    const u = tf.randomUniform([n, 1], 0, 1, 'float32', rng.seed());
    const mixed = tf.add(tf.mul(u, real), tf.mul(tf.sub(1, u), fake)) as tf.Tensor2D;
    const gradAtMixed = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor2D)))(mixed);
    // ‖∇D‖ with a tiny floor inside the root, so its own gradient stays finite where ∇D = 0.
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(gradAtMixed), 1), 1e-12));
    const penalty = tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar;
    const wasserstein = tf.sub(tf.mean(dReal), tf.mean(dFake)) as tf.Scalar;
    return {
      loss: tf.add(tf.neg(wasserstein), tf.mul(penalty, cfg.gpWeight)) as tf.Scalar,
      gradientPenalty: penalty,
      wasserstein,
    };
  }

  function divergenceMessage(which: 'discriminator' | 'generator', message: string): string {
    return (
      `The ${which} loss became non-finite. ${message} ` +
      'For a GAN this can also be divergence of the two-player game (one network overpowering the ' +
      'other); a lower learning rate, fewer discriminator steps or another loss usually helps.'
    );
  }

  const model: GanModel = {
    family: 'gan',
    likelihood: 'none',
    trainingPath: fused ? 'fused' : 'tfjs',
    get threads() {
      return fused && (fused.g.threads === 2 || fused.d.threads === 2) ? 2 : 1;
    },
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      if (fused) return fusedStep(fused, batch);
      const n = batch.shape[0];
      let dLosses: Record<string, number> = {};
      for (let k = 0; k < cfg.dSteps; k++) {
        const z = latent(n);
        const fake = tf.tidy(() => generator.apply(z));
        z.dispose();
        const result = adamStep(dOptimizer, discriminator.variables, () => discriminatorTerms(batch, fake), cfg.dLearningRate);
        fake.dispose();
        const { loss, ...rest } = result.losses;
        dLosses = { dLoss: loss, ...rest };
        if (!result.ok) {
          return { ok: false, reason: 'non-finite-loss', losses: { loss, ...dLosses }, message: divergenceMessage('discriminator', result.message) };
        }
      }
      const z = latent(n);
      const result = adamStep(
        gOptimizer,
        generator.variables,
        () => ({ loss: tf.mean(generatorLossPerPoint(generator.apply(z))) as tf.Scalar }),
        cfg.learningRate,
      );
      z.dispose();
      if (result.ok) ema?.update();
      const gLoss = result.losses.loss;
      const losses = { ...dLosses, gLoss, loss: dLosses.dLoss + gLoss } as Losses;
      if (!result.ok) return { ok: false, reason: 'non-finite-loss', losses, message: divergenceMessage('generator', result.message) };
      return { ok: true, losses };
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      sync();
      return tf.tidy(() => sampler.apply(latent(n)));
    },

    sampleLatent(n: number): Float32Array {
      positiveInt('n', n);
      return latentArray(n);
    },

    generate(z: Float32Array): Float32Array {
      sync();
      return tf.tidy(() => fromTensor(sampler.apply(toTensor(z, latentDim))));
    },

    discriminate(x: Float32Array): Float32Array {
      sync();
      return tf.tidy(() => {
        const d = critic(toTensor(x, dim));
        return fromTensor(cfg.loss === 'non-saturating' ? tf.sigmoid(d) : d);
      });
    },

    generatorGradients(x: Float32Array): Float32Array {
      sync();
      return tf.tidy(() => {
        // Σ_i ℓ_G(x_i) has gradient ∇ℓ_G(x_i) in row i, since each term depends on its own point only.
        const g = tf.grad((p: tf.Tensor) => tf.sum(generatorLossPerPoint(p as tf.Tensor2D)))(toTensor(x, dim));
        return fromTensor(tf.neg(g));
      });
    },

    dispose(): void {
      fused?.g.dispose();
      fused?.d.dispose();
      generator.dispose();
      averaged?.dispose();
      discriminator.dispose();
      gOptimizer.dispose();
      dOptimizer.dispose();
    },
  };
  return model;
}
