import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import {
  ConfigError,
  intInRange,
  commonDefaults,
  oneOf,
  positiveInt,
  positiveNumber,
  mergeConfig,
  validateCommon,
  type CommonConfig,
} from './config';
import { TERMS, discriminatorLoss, generatorLoss, sigmoid } from './gan-losses';
import { applyUpdates, createNetwork, networkBackend, TfjsNetwork } from './network';
import type { Activation } from './nn';
import { uniqueName } from './names';
import { nonFiniteMessage, type NonFiniteCause } from './step-result';
import type { Losses, ModelRuntime, SamplerWeights, StepResult, ToyModel } from './types';
import { loadNetwork, networkArrays, type NamedArrays } from './weights-file';
import { r1Penalty } from './r1-penalty';

/**
 * A generative adversarial network (Goodfellow et al. 2014, arXiv:1406.2661): a generator G maps noise
 * z ~ p(z) to points, a discriminator (critic) D scores points, and the two are trained in turn.
 * D outputs a real number (a logit for the non-saturating loss). Losses, with x ~ data and x̃ = G(z):
 *
 *  'non-saturating' (Goodfellow §3): L_D = −E log σ(D(x)) − E log(1 − σ(D(x̃))),  L_G = −E log σ(D(x̃)).
 *      G maximises log D(G(z)) instead of minimising log(1 − D(G(z))), which saturates early in training.
 *  'wgan-gp' (Gulrajani et al. 2017, arXiv:1704.00028): L_D = E D(x̃) − E D(x) + λ E (‖∇_x̂ D(x̂)‖ − 1)²,
 *      x̂ = u x + (1 − u) x̃, u ~ U(0, 1) per pair;  L_G = −E D(x̃). The penalty's gradient is a gradient
 *      of a gradient: tf.grad inside the loss closure (works on the cpu and wasm backends), so this
 *      loss puts both networks on tfjs.
 *  'hinge' (Lim & Ye 2017; Miyato et al. 2018): L_D = E max(0, 1 − D(x)) + E max(0, 1 + D(x̃)),  L_G = −E D(x̃).
 *
 * The losses are written once (./gan-losses.ts) as gradients with respect to D's outputs; the
 * generator's gradient flows back through D to its input and on through G (D's weights untouched).
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
  /**
   * γ of the R1 penalty (γ/2) E‖∇ₓD(x)‖² on real data (Mescheder et al. 2018), for the
   * non-saturating and hinge losses (WGAN-GP has its own penalty, gpWeight); 0 turns it off.
   * Without it, adversarial training circles its equilibrium, and on data with a sharp peak and
   * heavy tails the generator drifts into the peak. It smooths D, so thin shapes take longer to
   * resolve; docs/DESIGN.md has the measurements.
   */
  r1Weight: number;
  /**
   * The R1 penalty's gradient is measured on every r1Every-th discriminator update and held for
   * the updates between (./r1-penalty.ts); 1 measures it on every update.
   */
  r1Every: number;
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
  r1Weight: 0.3,
  r1Every: 4,
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

export interface GanModel extends ToyModel, SamplerWeights {
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
  if (!(cfg.r1Weight >= 0 && Number.isFinite(cfg.r1Weight))) throw new ConfigError(`gan: r1Weight must be ≥ 0, got ${cfg.r1Weight}`);
  intInRange('r1Every', cfg.r1Every, 1, 1000);
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(cfg[key] >= 0 && cfg[key] < 1)) throw new ConfigError(`gan: ${key} must lie in [0, 1), got ${cfg[key]}`);
  }
}

export function createGan(config: Partial<GanConfig> = {}, runtime: ModelRuntime = {}): GanModel {
  const defaults: GanConfig = config?.loss === 'wgan-gp' ? { ...ganDefaults, activation: 'relu' } : ganDefaults;
  const cfg = mergeConfig(defaults, config, 'gan');
  validateGan(cfg);
  const { dim, latentDim, loss } = cfg;
  const rng = createRng(cfg.seed);
  const prefix = uniqueName('gan');
  const hidden = Array<number>(cfg.depth).fill(cfg.hidden);
  // WGAN-GP's penalty differentiates twice through D: tfjs for both networks.
  const backend = networkBackend(runtime, cfg.activation, loss === 'wgan-gp');
  const adam = { beta1: cfg.beta1, beta2: cfg.beta2 };
  // G first, then D, from the same rng: the same initial weights on either backend.
  const generator = createNetwork(
    { sizes: [latentDim, ...hidden, dim], activation: cfg.activation, name: `${prefix}/generator`, learningRate: cfg.learningRate, ...adam, emaDecay: cfg.emaDecay, batchRows: cfg.batchSize },
    rng,
    runtime,
    backend,
  );
  const discriminator = createNetwork(
    { sizes: [dim, ...hidden, 1], activation: cfg.activation, name: `${prefix}/discriminator`, learningRate: cfg.dLearningRate, ...adam, batchRows: 2 * cfg.batchSize },
    rng,
    runtime,
    backend,
  );
  const outputLoss = loss === 'wgan-gp' ? 'wgan' : loss;
  // WGAN-GP has its own penalty (gpWeight) and takes no R1.
  const r1 = outputLoss !== 'wgan' && cfg.r1Weight > 0 ? r1Penalty(cfg.r1Weight, cfg.r1Every) : null;

  /** n draws of p(z), interleaved, from the model's rng. */
  function latentArray(n: number): Float32Array {
    const z = new Float32Array(n * latentDim);
    for (let i = 0; i < z.length; i++) z[i] = cfg.latent === 'gaussian' ? rng.normal() : 2 * rng.uniform() - 1;
    return z;
  }

  function failure(losses: Record<string, number>, cause: NonFiniteCause): StepResult {
    const message =
      `${nonFiniteMessage(cause)} For a GAN this can also be divergence of the two-player game (one network ` +
      'overpowering the other); a lower learning rate, fewer discriminator steps or another loss usually helps.';
    return { ok: false, reason: 'non-finite-loss', losses, message };
  }

  /** Buffers of the last batch size: D's stacked input [2n × dim] and dLoss/dD for 2n rows. */
  let stacked = new Float32Array(0);
  let dOutD = new Float32Array(0);
  let dOutG = new Float32Array(0);

  /** One D update on n real rows and n generated rows (stacked as one batch of 2n rows). */
  function discriminatorStep(real: Float32Array, fake: Float32Array, n: number): { losses: Record<string, number>; failed?: StepResult } {
    const cause = { learningRate: cfg.dLearningRate, batch: real, where: 'the discriminator' };
    if (discriminator instanceof TfjsNetwork && loss === 'wgan-gp') {
      const losses = wganGpGradients(discriminator, real, fake, n);
      if (!Number.isFinite(losses.dLoss)) return { losses, failed: failure({ loss: losses.dLoss, ...losses }, { what: 'loss', term: 'dLoss', ...cause }) };
      if (!applyUpdates([discriminator])) return { losses, failed: failure({ loss: losses.dLoss, ...losses }, { what: 'gradient', ...cause }) };
      return { losses };
    }
    if (stacked.length !== 2 * n * dim) {
      stacked = new Float32Array(2 * n * dim);
      dOutD = new Float32Array(2 * n);
    }
    const dOut = dOutD;
    // The penalty's own passes come first: they overwrite D's stored gradients.
    const penalty = r1 ? r1.measure(discriminator, real, n, dim) : 0;
    stacked.set(real.subarray(0, n * dim));
    stacked.set(fake.subarray(0, n * dim), n * dim);
    const logits = discriminator.forward(stacked, 2 * n);
    const adversarial = discriminatorLoss(outputLoss, logits, n, dOut);
    if (!Number.isFinite(adversarial)) return { losses: { dLoss: adversarial }, failed: failure({ loss: adversarial, dLoss: adversarial }, { what: 'loss', term: 'dLoss', ...cause }) };
    discriminator.backward(dOut);
    r1?.addTo(discriminator);
    // dLoss stays the adversarial term alone (its value at chance, 2 ln 2, is what the article reads).
    const losses: Record<string, number> = penalty > 0 ? { dLoss: adversarial, r1Penalty: penalty } : { dLoss: adversarial };
    if (!Number.isFinite(penalty)) return { losses, failed: failure({ loss: penalty, ...losses }, { what: 'loss', term: 'r1Penalty', ...cause }) };
    if (!applyUpdates([discriminator])) return { losses, failed: failure({ loss: losses.dLoss, ...losses }, { what: 'gradient', ...cause }) };
    return { losses };
  }

  /**
   * WGAN-GP's critic loss built in tfjs on D's own variables (Gulrajani et al. 2017, Algorithm 1):
   * E D(x̃) − E D(x) + λ E (‖∇_x̂ D(x̂)‖ − 1)², x̂ = u x + (1 − u) x̃. Stores D's gradients.
   */
  function wganGpGradients(d: TfjsNetwork, real: Float32Array, fake: Float32Array, n: number): Record<string, number> {
    const u = new Float32Array(n);
    for (let i = 0; i < n; i++) u[i] = rng.uniform();
    const critic = (x: tf.Tensor2D) => tf.reshape(d.mlp.apply(x), [-1]);
    let penaltyValue = 0;
    let wassersteinValue = 0;
    const { value, grads } = tf.variableGrads(() => {
      const r = tf.tensor2d(real.subarray(0, n * dim), [n, dim]);
      const f = tf.tensor2d(fake.subarray(0, n * dim), [n, dim]);
      const uu = tf.tensor2d(u, [n, 1]);
      const mixed = tf.add(tf.mul(uu, r), tf.mul(tf.sub(1, uu), f)) as tf.Tensor2D;
      const gradAtMixed = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor2D)))(mixed);
      // ‖∇D‖ with a tiny floor inside the root, so its own gradient stays finite where ∇D = 0.
      const norm = tf.sqrt(tf.add(tf.sum(tf.square(gradAtMixed), 1), 1e-12));
      const penalty = tf.mean(tf.square(tf.sub(norm, 1)));
      const wasserstein = tf.sub(tf.mean(critic(r)), tf.mean(critic(f)));
      penaltyValue = penalty.dataSync()[0];
      wassersteinValue = wasserstein.dataSync()[0];
      return tf.add(tf.neg(wasserstein), tf.mul(penalty, cfg.gpWeight)) as tf.Scalar;
    }, d.mlp.variables);
    const dLoss = value.dataSync()[0];
    value.dispose();
    d.setGradients(grads);
    return { dLoss, gradientPenalty: penaltyValue, wasserstein: wassersteinValue };
  }

  /**
   * One G update on the samples G(z) the last D update saw (as in the DCGAN reference code): G's
   * forward pass of them is still in place, since the D update does not touch G. They go through
   * the updated D (its weights untouched) back to D's input, then through G.
   */
  function generatorStep(fake: Float32Array, n: number, real: Float32Array): { gLoss: number; failed?: NonFiniteCause } {
    const cause = { learningRate: cfg.learningRate, batch: real, where: 'the generator' };
    const logits = discriminator.forward(fake, n);
    if (dOutG.length !== n) dOutG = new Float32Array(n);
    const dOut = dOutG;
    const gLoss = generatorLoss(outputLoss, logits, n, dOut);
    if (!Number.isFinite(gLoss)) return { gLoss, failed: { what: 'loss', term: 'gLoss', ...cause } };
    const dFake = discriminator.backward(dOut, { paramGrads: false, inputGrad: true });
    if (!dFake) throw new Error('gan: the discriminator returned no input gradient');
    generator.backward(dFake);
    if (!applyUpdates([generator])) return { gLoss, failed: { what: 'gradient', ...cause } };
    return { gLoss };
  }

  /** D(x) on the trained weights, one value per row. */
  function critic(x: Float32Array): Float32Array {
    return discriminator.evaluate(x, x.length / dim, 'trained');
  }

  const model: GanModel = {
    family: 'gan',
    likelihood: 'none',
    trainingPath: backend,
    get threads() {
      return generator.threads === 2 || discriminator.threads === 2 ? 2 : 1;
    },
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      const n = batch.shape[0];
      const real = batch.dataSync() as Float32Array;
      let dLosses: Record<string, number> = {};
      let fake: Float32Array = new Float32Array(0);
      for (let k = 0; k < cfg.dSteps; k++) {
        // G(z) on the trained weights; D's update takes no gradient into G, and the G update reuses the
        // last pass. A copy: the network's output buffer may be a view that D's passes outlive.
        fake = generator.forward(latentArray(n), n).slice();
        const d = discriminatorStep(real, fake, n);
        dLosses = d.losses;
        if (d.failed) return d.failed;
      }
      const g = generatorStep(fake, n, real);
      const losses = { ...dLosses, gLoss: g.gLoss, loss: dLosses.dLoss + g.gLoss } as Losses;
      if (g.failed) return failure(losses, g.failed);
      return { ok: true, losses };
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      return tf.tensor2d(generator.evaluate(latentArray(n), n, 'averaged'), [n, dim]);
    },

    sampleLatent(n: number): Float32Array {
      positiveInt('n', n);
      return latentArray(n);
    },

    generate(z: Float32Array): Float32Array {
      return generator.evaluate(z, z.length / latentDim, 'averaged');
    },

    discriminate(x: Float32Array): Float32Array {
      const d = critic(x);
      if (loss === 'non-saturating') for (let i = 0; i < d.length; i++) d[i] = sigmoid(d[i]);
      return d;
    },

    generatorGradients(x: Float32Array): Float32Array {
      // Row i of ∇_x Σ_i ℓ_G(x_i) is ∇ℓ_G(x_i): dℓ_G/du at D(x_i), pulled back through D.
      const n = x.length / dim;
      const u = critic(x);
      const dOut = new Float32Array(n);
      const term: [number, number] = [0, 0];
      for (let i = 0; i < n; i++) {
        TERMS[outputLoss].generator(u[i], term);
        dOut[i] = term[1];
      }
      const g = discriminator.inputGradient(x, n, dOut, 'trained');
      for (let i = 0; i < g.length; i++) g[i] = -g[i];
      return g;
    },

    samplerWeights(): NamedArrays {
      return networkArrays('generator', generator.getParams('averaged'));
    },

    loadSamplerWeights(arrays: NamedArrays): void {
      loadNetwork('generator', generator, arrays);
    },

    dispose(): void {
      generator.dispose();
      discriminator.dispose();
    },
  };
  return model;
}
