import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { gridLogPartition, type GridBounds } from '../metrics/likelihood';
import { adamStep, skippedStep, type LossTerms } from './adam-step';
import {
  ConfigError,
  commonDefaults,
  intInRange,
  mergeConfig,
  numberInRange,
  oneOf,
  positiveInt,
  positiveNumber,
  validateCommon,
  type CommonConfig,
} from './config';
import { cdStep as fusedCdStep } from './fast/cd-step';
import { FastAdam } from './fast/fast-adam';
import { energyGradientInPlace, fastLangevin } from './fast/fast-langevin';
import { MlpMirror } from './fast/mlp-mirror';
import { gridLangevin, tabulateGradient, type GradientGrid } from './grid-langevin';
import { langevin, type StepSize } from './langevin';
import { Mlp, type Activation } from './nn';
import { uniqueName } from './names';
import { fromTensor, toTensor } from './tensor';
import type { ModelRuntime, StepResult, ToyModel } from './types';

/**
 * An energy-based model p(x) = exp(−E(x)) / Z with E a small MLP with a smooth activation (silu), so
 * that ∇_x E exists everywhere and Langevin dynamics (./langevin.ts) can sample it.
 *
 * Two ways to train it without knowing Z:
 *
 * 'cd' (default) — contrastive divergence with persistent chains (Hinton 2002; Tieleman 2008), in the
 *   form of Du & Mordatch 2019 (arXiv:1903.08689). The log-likelihood gradient is
 *     ∇_θ log p(x) = −∇_θ E(x) + E_{x'~p_θ}[∇_θ E(x')],
 *   so each step lowers the energy of a data batch x⁺ (positive phase) and raises it on model samples
 *   x⁻ (negative phase). x⁻ come from a replay buffer of persistent Langevin chains: each step takes a
 *   batch of chains from the buffer, restarts a fraction `reinitProbability` of them from uniform
 *   noise on the box, runs `langevinSteps` Langevin steps and writes them back. Loss:
 *     L = mean E(x⁺) − mean E(x⁻) + α (mean E(x⁺)² + mean E(x⁻)²);
 *   the α term (Du & Mordatch §3.3) keeps the energies near zero, since CD fixes E only up to a
 *   constant. Its size matters: at 0.1 it flattens the energy so much that a third of the samples
 *   stay in empty space; at 1e-3 one of our runs ran away (energies ±400 within 200 steps); 0.01 held.
 *
 * 'dsm' — denoising score matching (Vincent 2011): with x̃ = x + σε the score −∇_x E(x̃) is regressed
 *   on ∇ log q_σ(x̃ | x) = −ε/σ, L = ½ σ_min² E ‖∇_x E(x̃) + ε/σ‖². Half of each batch uses σ = σ_min
 *   (the fit near the data), half σ log-uniform up to σ_max (so the field also points home from far
 *   away, where Langevin chains start). No sampling in training, so it is about 3× faster per step.
 *
 * Why CD is the default. Both train stably in ~1k steps, but in our runs (8 Gaussians of std 0.1, two
 * moons) DSM's energy stayed too flat between and around the modes (samples 4–8× the noise floor in
 * energy distance, a fifth of them between modes), while CD's samples reach 2–3× the floor. CD's
 * energy is accurate where its chains go: a chain lives on average 1/reinitProbability visits of
 * langevinSteps steps (50 steps of η = 0.01 by default, a Langevin time Σ η = 0.5), and `sample()` runs
 * Langevin from the same uniform noise for the same time (100 steps of η = 0.005). Much longer chains can drift: on two moons they
 * slowly gather in a few low-energy spots that training never visited, the "short-run" behaviour of
 * MCMC-trained EBMs described by Nijkamp et al. (2019, "Learning non-convergent non-persistent
 * short-run MCMC toward energy-based model"; "On the anatomy of MCMC-based maximum likelihood
 * learning of energy-based models"). The widget can show it by running the chains longer.
 *
 * Chains are clamped to the box [−box, box]^dim. The grid normaliser (2-D) makes the density proper.
 * In 2-D, sample() runs its chains on a table of ∇E over a 129² grid, made once per training step
 * (./grid-langevin.ts): 10,000 samples then cost about 70 ms instead of about 1.3 s in Node, and end within
 * a few thousandths of the exact chains. langevin(), the chains the lab draws, and CD's negative
 * chains ask the network at every step.
 *
 * Fused path (runtime.fastKernels): a twin of the energy network in the WebAssembly kernels
 * (./fast/mlp-mirror.ts) runs every Langevin chain — CD's negative chains, the chains the lab draws
 * and sample()'s gradient table (./fast/fast-langevin.ts) — and, with CD, the whole update (./fast/cd-step.ts); the
 * tfjs variables follow when something reads them. DSM's loss needs a second derivative, so with DSM
 * tfjs trains and the twin copies the weights after each step. Both paths draw the same noise from the
 * same rng, so they follow the same trajectory (tests/unit/models/fused-path.test.ts).
 */
export interface EbmConfig extends CommonConfig {
  objective: 'cd' | 'dsm';
  /** CD: Langevin steps run on the negative chains per training step. */
  langevinSteps: number;
  /** CD: Langevin step size η of the training chains (noise √η per step). */
  langevinStepSize: number;
  /** CD: number of persistent chains kept in the replay buffer. */
  bufferSize: number;
  /** CD: chance that a chain taken from the buffer restarts from uniform noise (Du & Mordatch: 5%). */
  reinitProbability: number;
  /** CD: weight α of the energy-magnitude regulariser. */
  energyRegularisation: number;
  /** DSM: the smallest and largest noise scales σ; each point draws σ log-uniformly between them. */
  dsmSigma: number;
  dsmSigmaMax: number;
  /** sample(): Langevin steps from uniform noise, and their step size. */
  sampleSteps: number;
  sampleStepSize: number;
  /**
   * sample() in 2-D: run the chains on a table of ∇E at the (cells + 1)² nodes of a grid with this
   * many cells per axis over the box (./grid-langevin.ts); 0 = ask the network at every step.
   */
  sampleGridCells: number;
  /** Half-width of the box [−box, box]^dim: uniform initialisation, chain clamping, and the grid for Z. */
  box: number;
  /** Grid points per axis for log Z (2-D only). */
  gridResolution: number;
  activation: Activation;
}

export const ebmDefaults: EbmConfig = {
  ...commonDefaults,
  hidden: 64,
  depth: 3,
  learningRate: 2e-3,
  batchSize: 256,
  objective: 'cd',
  langevinSteps: 10,
  langevinStepSize: 0.01,
  bufferSize: 8192,
  reinitProbability: 0.2,
  energyRegularisation: 0.01,
  dsmSigma: 0.05,
  dsmSigmaMax: 1,
  sampleSteps: 100,
  sampleStepSize: 0.005,
  sampleGridCells: 128,
  box: 4,
  gridResolution: 200,
  activation: 'silu',
};

export interface EbmModel extends ToyModel {
  readonly family: 'ebm';
  readonly likelihood: 'unnormalised';
  readonly config: EbmConfig;
  /** −E(x) per row: the log-density up to the unknown constant −log Z. */
  logDensity(x: tf.Tensor2D): tf.Tensor1D;
  /**
   * −E(x) − log Z per row, with log Z by a midpoint sum over a gridResolution² grid on [−box, box]²
   * (2-D only; mass outside the box is ignored). Z is recomputed at most once per training step.
   */
  normalisedLogDensity(x: tf.Tensor2D): tf.Tensor1D;
  /** log Z on the grid (cached per training step). */
  logPartition(): number;
  /** E(x) for points x (interleaved). */
  energy(x: Float32Array): Float32Array;
  /** ∇_x E(x) for points x (interleaved, same layout). */
  energyGradient(x: Float32Array): Float32Array;
  /** Langevin chains from x0: positions after 0, 1, …, steps steps (steps + 1 arrays); η fixed or per step k. */
  langevin(x0: Float32Array, steps: number, stepSize: StepSize): Float32Array[];
  /** The current negative (persistent) chains of the replay buffer, interleaved (CD only; empty for DSM). */
  replayBuffer(): Float32Array;
}

export function validateEbm(cfg: EbmConfig): void {
  validateCommon(cfg);
  oneOf('objective', cfg.objective, ['cd', 'dsm'] as const);
  oneOf('activation', cfg.activation, ['silu', 'tanh'] as const);
  intInRange('langevinSteps', cfg.langevinSteps, 0, 10000);
  positiveNumber('langevinStepSize', cfg.langevinStepSize);
  positiveInt('bufferSize', cfg.bufferSize, 1_000_000);
  numberInRange('reinitProbability', cfg.reinitProbability, 0, 1);
  numberInRange('energyRegularisation', cfg.energyRegularisation, 0, 1e6);
  positiveNumber('dsmSigma', cfg.dsmSigma);
  positiveNumber('dsmSigmaMax', cfg.dsmSigmaMax);
  if (cfg.dsmSigmaMax < cfg.dsmSigma) throw new ConfigError(`dsmSigmaMax must be ≥ dsmSigma; got ${cfg.dsmSigmaMax} < ${cfg.dsmSigma}.`);
  intInRange('sampleSteps', cfg.sampleSteps, 0, 100000);
  positiveNumber('sampleStepSize', cfg.sampleStepSize);
  intInRange('sampleGridCells', cfg.sampleGridCells, 0, 1024);
  positiveNumber('box', cfg.box);
  intInRange('gridResolution', cfg.gridResolution, 2, 2000);
}

export function createEbm(config: Partial<EbmConfig> = {}, runtime: ModelRuntime = {}): EbmModel {
  const cfg = mergeConfig(ebmDefaults, config, 'ebm');
  validateEbm(cfg);
  const { dim, box } = cfg;
  const rng = createRng(cfg.seed);
  const sizes = [dim, ...Array<number>(cfg.depth).fill(cfg.hidden), 1];
  const net = new Mlp(sizes, cfg.activation, rng, `${uniqueName('ebm')}/energy`);
  const optimizer = tf.train.adam(cfg.learningRate);
  const bounds: GridBounds = { xMin: -box, xMax: box, yMin: -box, yMax: box };

  /** E(x) [n]. Call inside tidy. */
  const energyOf = (x: tf.Tensor2D): tf.Tensor1D => tf.reshape(net.apply(x), [-1]);

  // The fused twin (a CD step sees the data batch and the negatives: 2 × batch rows per pass).
  const mirror = runtime.fastKernels ? new MlpMirror(runtime.fastKernels, net, { threads: runtime.threads, batchRows: 2 * cfg.batchSize }) : null;
  const fastAdam = new FastAdam(cfg.learningRate);
  /** Before tfjs reads the network: copy in the twin's CD updates, if any. */
  const syncNet = (): void => mirror?.sync();

  /** Langevin chains from x0 (interleaved) on either path; onStep sees each position (copy to keep). */
  const chains = (x0: Float32Array, count: number, stepSize: StepSize, onStep?: (x: Float32Array) => void): Float32Array => {
    if (mirror) return fastLangevin(mirror.fast, x0, count, stepSize, rng, { box, onStep });
    const start = toTensor(x0, dim);
    const end = langevin(energyOf, start, count, stepSize, rng, { box, onStep: onStep && ((x) => onStep(fromTensor(x))) });
    start.dispose();
    const out = fromTensor(end);
    end.dispose();
    return out;
  };

  /** ∇_x E for points x (interleaved), on either path. */
  const energyGradient = (x: Float32Array): Float32Array => {
    if (x.length === 0) return new Float32Array(0);
    if (mirror) return energyGradientInPlace(mirror.fast, x, x.length / dim).slice();
    syncNet();
    return tf.tidy(() => fromTensor(tf.grad((p: tf.Tensor) => tf.sum(energyOf(p as tf.Tensor2D)))(toTensor(x, dim))));
  };

  const uniform = (count: number, out = new Float32Array(count)): Float32Array => {
    for (let i = 0; i < count; i++) out[i] = (2 * rng.uniform() - 1) * box;
    return out;
  };

  // Persistent chains (CD): start as uniform noise on the box.
  const buffer = cfg.objective === 'cd' ? uniform(cfg.bufferSize * dim) : new Float32Array(0);
  let steps = 0;
  let cachedLogZ: { step: number; value: number } | null = null;

  /** The gradient table of sample(), made at most once per training step. */
  let cachedGrid: { step: number; grid: GradientGrid } | null = null;
  const gradientGrid = (): GradientGrid => {
    if (!cachedGrid || cachedGrid.step !== steps) cachedGrid = { step: steps, grid: tabulateGradient(energyGradient, box, cfg.sampleGridCells) };
    return cachedGrid.grid;
  };

  function cdTerms(positive: tf.Tensor2D, negative: tf.Tensor2D): LossTerms {
    const ePos = energyOf(positive);
    const eNeg = energyOf(negative);
    const positiveEnergy = tf.mean(ePos) as tf.Scalar;
    const negativeEnergy = tf.mean(eNeg) as tf.Scalar;
    const reg = tf.add(tf.mean(tf.square(ePos)), tf.mean(tf.square(eNeg)));
    return {
      loss: tf.add(tf.sub(positiveEnergy, negativeEnergy), tf.mul(reg, cfg.energyRegularisation)) as tf.Scalar,
      positiveEnergy,
      negativeEnergy,
    };
  }

  function cdStep(batch: tf.Tensor2D): StepResult {
    const n = batch.shape[0];
    const { slots, start } = takeChains(n);
    const moved = chains(start, cfg.langevinSteps, cfg.langevinStepSize);
    for (let i = 0; i < n; i++) buffer.set(moved.subarray(i * dim, (i + 1) * dim), slots[i] * dim);
    if (mirror) {
      const r = fusedCdStep(mirror.fast, fromTensor(batch), moved, cfg.energyRegularisation, fastAdam);
      const losses = { loss: r.loss, positiveEnergy: r.positiveEnergy, negativeEnergy: r.negativeEnergy };
      if (!r.ok) return skippedStep(losses, r.lossFinite, cfg.learningRate);
      mirror.updated();
      return { ok: true, losses };
    }
    const negative = toTensor(moved, dim);
    const result = adamStep(optimizer, net.variables, () => cdTerms(batch, negative), cfg.learningRate);
    negative.dispose();
    return result;
  }

  /** n chains taken from the buffer (random slots), a fraction restarted from uniform noise. */
  function takeChains(n: number): { slots: Int32Array; start: Float32Array } {
    const slots = new Int32Array(n);
    const start = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const s = rng.int(cfg.bufferSize);
      slots[i] = s;
      if (rng.uniform() < cfg.reinitProbability) uniform(dim, start.subarray(i * dim, (i + 1) * dim));
      else start.set(buffer.subarray(s * dim, (s + 1) * dim), i * dim);
    }
    return { slots, start };
  }

  function dsmStep(batch: tf.Tensor2D): StepResult {
    const n = batch.shape[0];
    const lo = cfg.dsmSigma;
    const ratio = cfg.dsmSigmaMax / lo;
    const sigmas = new Float32Array(n);
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      // Half the batch at σ_min (the fit near the data), half log-uniform in [σ_min, σ_max] (the far field).
      sigmas[i] = i % 2 === 0 ? lo : lo * ratio ** rng.uniform();
      weights[i] = (lo / sigmas[i]) ** 2;
    }
    const result = adamStep(
      optimizer,
      net.variables,
      () => {
        const sigma = tf.tensor2d(sigmas, [n, 1]);
        const eps = tf.randomNormal(batch.shape, 0, 1, 'float32', rng.seed());
        const noisy = tf.add(batch, tf.mul(eps, sigma)) as tf.Tensor2D;
        const gradE = tf.grad((p: tf.Tensor) => tf.sum(energyOf(p as tf.Tensor2D)))(noisy);
        // ½ (σ_min/σ)² ‖σ ∇_x E(x̃) − ε‖² = ½ σ_min² ‖∇_x E(x̃) + ε/σ‖², summed over coordinates
        const residual = tf.sub(tf.mul(gradE, sigma), eps);
        const perPoint = tf.mul(tf.sum(tf.square(residual), 1), tf.tensor1d(weights));
        return {
          loss: tf.mul(0.5, tf.mean(perPoint)) as tf.Scalar,
          positiveEnergy: tf.mean(energyOf(batch)) as tf.Scalar,
        };
      },
      cfg.learningRate,
    );
    // DSM trains the tfjs network (its loss needs a second derivative): the fused twin copies it for the chains.
    if (result.ok) mirror?.reload();
    return result;
  }

  function failureMessage(message: string): string {
    return cfg.objective === 'cd'
      ? `${message} In contrastive divergence the energy can also run away when the Langevin chains lag far behind the model; a smaller learning rate or a larger energyRegularisation helps.`
      : message;
  }

  function logPartition(): number {
    if (dim !== 2) throw new ConfigError(`ebm: the grid normaliser needs 2-D data, this model has dim = ${dim}`);
    if (!cachedLogZ || cachedLogZ.step !== steps) {
      syncNet();
      cachedLogZ = { step: steps, value: gridLogPartition(energyOf, bounds, cfg.gridResolution) };
    }
    return cachedLogZ.value;
  }

  return {
    family: 'ebm',
    likelihood: 'unnormalised',
    trainingPath: mirror ? 'fused' : 'tfjs',
    get threads() {
      return mirror?.threads ?? 1;
    },
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      const result = cfg.objective === 'cd' ? cdStep(batch) : dsmStep(batch);
      if (!result.ok) return { ...result, message: failureMessage(result.message) };
      steps += 1;
      return result;
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      const start = uniform(n * dim);
      if (dim === 2 && cfg.sampleGridCells > 0) return toTensor(gridLangevin(gradientGrid(), start, cfg.sampleSteps, cfg.sampleStepSize, rng), dim);
      return toTensor(chains(start, cfg.sampleSteps, cfg.sampleStepSize), dim);
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      syncNet();
      return tf.tidy(() => tf.neg(energyOf(x)));
    },

    normalisedLogDensity(x: tf.Tensor2D): tf.Tensor1D {
      const logZ = logPartition();
      syncNet();
      return tf.tidy(() => tf.sub(tf.neg(energyOf(x)), logZ));
    },

    logPartition,

    energy(x: Float32Array): Float32Array {
      syncNet();
      return tf.tidy(() => fromTensor(energyOf(toTensor(x, dim))));
    },

    energyGradient,

    langevin(x0: Float32Array, count: number, stepSize: StepSize): Float32Array[] {
      const positions: Float32Array[] = [x0.slice()];
      chains(x0, count, stepSize, (x) => positions.push(x.slice()));
      return positions;
    },

    replayBuffer(): Float32Array {
      return buffer.slice();
    },

    dispose(): void {
      net.dispose();
      optimizer.dispose();
      mirror?.dispose();
    },
  };
}
