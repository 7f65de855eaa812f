import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/random';
import { gridPartition, type GridBounds } from '../metrics/likelihood';
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
import { contrastiveDivergence } from './ebm-cd';
import { importanceLoss } from './ebm-importance';
import { mixingReport, type MixingReport } from './ebm-mixing';
import { gridLangevin, tabulateGradient, type GradientGrid } from './grid-langevin';
import { langevin, type StepSize } from './langevin';
import { adaptStepSize, mala } from './mala';
import { gridSampler, type GridSampler } from './grid-draw';
import { applyUpdates, createNetwork, TfjsNetwork, type Network, type NetworkSpec, type Weights } from './network';
import type { Activation } from './nn';
import { uniqueName } from './names';
import { nonFiniteStep, nonFiniteTerm, okStep } from './step-result';
import { fromTensor, toTensor } from './tensor';
import type { Losses, ModelRuntime, StepResult, ToyModel } from './types';

/**
 * An energy-based model p(x) = exp(−E(x)) / Z with E a small MLP with a smooth activation (silu), so
 * that ∇_x E exists everywhere and Langevin dynamics (./langevin.ts) can sample it.
 *
 * Three objectives (`objective`). Maximum likelihood needs the gradient of log Z,
 *     ∇_θ log p(x) = −∇_θ E(x) + E_{x'~p_θ}[∇_θ E(x')],
 * so each step lowers the energy of a data batch x⁺ (positive phase) and raises it where the model
 * puts its mass (negative phase). 'ml' and 'cd' differ in how they estimate the negative phase:
 *
 * 'ml' (default; 2-D only) — self-normalised importance sampling (./ebm-importance.ts):
 *   m = importanceSamples points from the defensive mixture (Hesterberg 1995)
 *     q = u · uniform on the box + (1 − u) · the grid density of log Z (below),
 *   the grid density recomputed every proposalEvery steps, weights w ∝ exp(−E)/q. In 2-D the grid
 *   density is an exact sampler of the model up to the grid, so q follows p_θ and the weights stay
 *   even; the uniform share keeps every weight bounded (q ≥ u / area) where p_θ has grown since
 *   q was made. Loss: mean E(x⁺) + α mean E(x⁺)² + log Ẑ. It needs the whole domain on a grid, so it
 *   exists only in two dimensions; elsewhere a ConfigError says to use 'cd' or 'dsm'.
 *
 * 'cd' — contrastive divergence with persistent chains (Hinton 2002; Tieleman 2008) in the form of
 *   Du & Mordatch 2019 (arXiv:1903.08689), the method of high dimensions: x⁻ come from a replay
 *   buffer; each step takes a batch of chains, restarts a fraction `reinitProbability` from uniform
 *   noise, runs `langevinSteps` steps and writes them back. Loss:
 *     L = mean E(x⁺) − mean E(x⁻) + α (mean E(x⁺)² + mean E(x⁻)²).
 *
 *   Why it is not the default in 2-D. Local chains cannot move mass between wells separated by high
 *   energy, so the persistent chains hold each well's share at what its basin of attraction caught,
 *   and CD, which only matches the chains to the data, never corrects the wells' relative depths:
 *   the samples looked right while the grid density put most of its mass elsewhere (eight Gaussians:
 *   one mode held 64% of the density's mass; a thin stroke: total variation 0.8 between the two).
 *   The tamed unadjusted step added a bias of its own: a chain whose step shrinks where E is steep
 *   samples exp(−E)/η(x), not exp(−E). This is the "short-run", non-convergent behaviour of
 *   MCMC-trained EBMs (Nijkamp et al. 2019, "Learning non-convergent non-persistent short-run MCMC
 *   toward energy-based model"; "On the anatomy of MCMC-based maximum likelihood learning of
 *   energy-based models"). Quadrature over the whole box (one stratified point per cell) fixes
 *   the density too but is noisier and slower; see docs/ebm-agree-findings.md.
 *
 *   The α term (Du & Mordatch §3.3) keeps the energies near zero: the likelihood fixes E only up
 *   to a constant.
 *
 * 'dsm' — denoising score matching (Vincent 2011): with x̃ = x + σε the score −∇_x E(x̃) is regressed
 *   on ∇ log q_σ(x̃ | x) = −ε/σ, L = ½ σ_min² E ‖∇_x E(x̃) + ε/σ‖². Half of each batch uses σ = σ_min
 *   (the fit near the data), half σ log-uniform up to σ_max (so the field also points home from far
 *   away, where Langevin chains start). No sampling in training. In our runs its energy stayed too
 *   flat between and around the modes.
 *
 * The weights the density, the views and sample() read are an exponential moving average of the
 * trained ones (`emaDecay`, ../ema.ts): the relative depths of separated wells follow the noise of
 * each step's estimate, and the average smooths it (Polyak & Juditsky 1992).
 *
 * The model's support is the box [−box, box]^dim. In 2-D, Z is a midpoint sum of exp(−E) over a
 * gridResolution² grid on the box, and normalisedLogDensity is −∞ outside it. sample() in 2-D draws
 * exactly from that grid density (`sampleStart` 'grid', ./grid-draw.ts: a cell by inverse CDF, a
 * uniform point inside it); sampleSteps Metropolis-adjusted Langevin steps after the draws
 * (`chainKernel` 'mala', ./mala.ts; Roberts & Tweedie 1996; none by default) would leave exp(−E)
 * exactly invariant and only smooth the grid's piecewise-constant cells. mixing() sets
 * the samples' mass per region against the grid density's (./ebm-mixing.ts) and says when they
 * disagree; with these defaults they agree by construction, up to the sampling noise.
 *
 * Every chain is clamped to the box or rejected outside it, and each step is capped where the energy
 * is steep (`maxDrift`, ./langevin.ts langevinMove): the fixed unadjusted step is unstable where the
 * energy's curvature exceeds about 4/η. The MALA proposal uses the same cap, with the reverse
 * proposal's own step in the accept ratio, so the cap changes only the acceptance rate. With
 * sampleStart 'noise' and chainKernel 'langevin' in 2-D, sample() runs its chains on a table of ∇E
 * over a 129² grid, made once per training step (./grid-langevin.ts). langevin(), the chains the
 * lab draws, runs the tamed unadjusted step with the step size it is given.
 *
 * The energy network is one Network (./network): on the fused kernels when runtime.fastKernels is
 * given, else on tfjs. Both loss gradients with respect to the energies are written once
 * (./ebm-cd.ts, ./ebm-importance.ts) and every chain takes E and ∇ₓE from the network, so both
 * backends run the same code. DSM's loss needs a second derivative through the network: it always
 * runs on tfjs (TfjsNetwork.mlp with tf.variableGrads, then the same Adam update).
 */
export interface EbmConfig extends CommonConfig {
  objective: 'ml' | 'cd' | 'dsm';
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
  /**
   * sample(): chain steps from the start (sampleStart), and the chains' (starting) step size.
   * Default 0 from the grid's exact draws: Metropolis-adjusted steps after them only smooth each
   * draw within its grid cell (after 1,000 training steps on four sets, 0, 5, 10, 25 and 100 steps
   * scored the same energy distance within its noise), at a cost linear in the steps. From noise
   * (sampleStart 'noise', or dim ≠ 2) the default is 100: createEbm picks it when none is given.
   */
  sampleSteps: number;
  sampleStepSize: number;
  /**
   * sample() in 2-D with sampleStart 'noise' and chainKernel 'langevin': run the chains on a table
   * of ∇E at the (cells + 1)² nodes of a grid with this many cells per axis over the box
   * (./grid-langevin.ts); 0 = ask the network at every step.
   */
  sampleGridCells: number;
  /**
   * Largest drift (η/2)‖∇E‖ of one Langevin step, in every chain (training, sample(), langevin());
   * steeper places take a proportionally smaller step (./langevin.ts). Infinity: the plain step.
   * 0.25 only catches chains being thrown out of wells too sharp for η (with the unadjusted chains
   * from noise, a tighter cap slowed them everywhere). Under MALA the cap shapes the proposal only.
   */
  maxDrift: number;
  /** 'ml': points drawn per training step for the negative phase. */
  importanceSamples: number;
  /** 'ml': the proposal's grid density is recomputed every this many training steps. */
  proposalEvery: number;
  /** 'ml': share u of the uniform component of the defensive mixture proposal. */
  proposalUniform: number;
  /**
   * The chains' kernel (CD's negative chains and sample()): 'langevin', the tamed unadjusted step
   * (maxDrift); 'mala', the same proposal with a Metropolis–Hastings accept step (./mala.ts), so
   * p_θ is the exact stationary law whatever the step; CD's chains adapt its step between training
   * steps toward `targetAcceptance`.
   */
  chainKernel: 'langevin' | 'mala';
  /** 'mala': the acceptance rate CD's chains adapt the step toward (Roberts & Rosenthal 1998: 0.574). */
  targetAcceptance: number;
  /** Where sample()'s chains start: uniform noise on the box, or exact draws from the grid density (2-D only; ./grid-draw.ts). */
  sampleStart: 'noise' | 'grid';
  /** Decay of the exponential moving average of the energy's weights that the density, views and sample() read; 0: the trained weights. */
  emaDecay: number;
  /** Half-width of the box [−box, box]^dim: uniform initialisation, chain clamping, and the grid for Z; the model's support. */
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
  objective: 'ml',
  langevinSteps: 10,
  langevinStepSize: 0.01,
  bufferSize: 8192,
  reinitProbability: 0.2,
  energyRegularisation: 0.01,
  dsmSigma: 0.05,
  dsmSigmaMax: 1,
  sampleSteps: 0,
  sampleStepSize: 0.005,
  sampleGridCells: 128,
  maxDrift: 0.25,
  importanceSamples: 1024,
  proposalEvery: 10,
  proposalUniform: 0.25,
  chainKernel: 'mala',
  targetAcceptance: 0.574,
  sampleStart: 'grid',
  emaDecay: 0.995,
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
   * (2-D only). The model's support is the box: −∞ outside it. Z is recomputed at most once per training step.
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
  /**
   * Whether samples (given, e.g. the chains a view shows, or sample(2000)) and the grid density
   * agree region by region, and how many chains sit on the box's edge (2-D only; ./ebm-mixing.ts).
   */
  mixing(samples?: Float32Array): MixingReport;
}

export function validateEbm(cfg: EbmConfig): void {
  validateCommon(cfg);
  oneOf('objective', cfg.objective, ['ml', 'cd', 'dsm'] as const);
  if (cfg.objective === 'ml' && cfg.dim !== 2) {
    throw new ConfigError(`objective 'ml' estimates log Z on a grid over the plane, so it needs 2-D data; got dim = ${cfg.dim}. Use 'cd' or 'dsm'.`);
  }
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
  if (typeof cfg.maxDrift !== 'number' || !(cfg.maxDrift > 0)) throw new ConfigError(`maxDrift must be a positive number (Infinity for no cap); got ${cfg.maxDrift}.`);
  positiveInt('importanceSamples', cfg.importanceSamples, 1_000_000);
  positiveInt('proposalEvery', cfg.proposalEvery, 1_000_000);
  numberInRange('proposalUniform', cfg.proposalUniform, 0, 1);
  if (cfg.proposalUniform === 0) throw new ConfigError('proposalUniform must be above 0 (the uniform share keeps every weight finite); got 0.');
  oneOf('chainKernel', cfg.chainKernel, ['langevin', 'mala'] as const);
  if (typeof cfg.targetAcceptance !== 'number' || !(cfg.targetAcceptance > 0 && cfg.targetAcceptance < 1)) {
    throw new ConfigError(`targetAcceptance must be a number strictly between 0 and 1; got ${cfg.targetAcceptance}.`);
  }
  oneOf('sampleStart', cfg.sampleStart, ['noise', 'grid'] as const);
  numberInRange('emaDecay', cfg.emaDecay, 0, 0.9999);
  positiveNumber('box', cfg.box);
  intInRange('gridResolution', cfg.gridResolution, 2, 2000);
}

/** Chain steps sample() takes from noise when the config gives none (sampleStart 'noise', or no grid). */
const NOISE_SAMPLE_STEPS = 100;

export function createEbm(config: Partial<EbmConfig> = {}, runtime: ModelRuntime = {}): EbmModel {
  const fromNoise = (config?.sampleStart ?? ebmDefaults.sampleStart) === 'noise' || (config?.dim ?? ebmDefaults.dim) !== 2;
  const cfg = mergeConfig(fromNoise ? { ...ebmDefaults, sampleSteps: NOISE_SAMPLE_STEPS } : ebmDefaults, config, 'ebm');
  validateEbm(cfg);
  const { dim, box } = cfg;
  const rng = createRng(cfg.seed);
  /** The grid density exists in 2-D only: elsewhere sample() starts from noise. */
  const onGrid = dim === 2;
  const importance = cfg.objective === 'ml';
  const spec: NetworkSpec = {
    sizes: [dim, ...Array<number>(cfg.depth).fill(cfg.hidden), 1],
    activation: cfg.activation,
    name: `${uniqueName('ebm')}/energy`,
    learningRate: cfg.learningRate,
    emaDecay: cfg.emaDecay,
    // A step sees the data batch and the negatives (CD's chains: one per data point).
    batchRows: cfg.batchSize + (importance ? cfg.importanceSamples : cfg.batchSize),
  };
  // DSM differentiates twice through the network, which only tfjs can: its network is always a TfjsNetwork.
  const tfjsNet = cfg.objective === 'dsm' ? new TfjsNetwork(spec, rng) : null;
  const net: Network = tfjsNet ?? createNetwork(spec, rng, runtime);
  const bounds: GridBounds = { xMin: -box, xMax: box, yMin: -box, yMax: box };
  const where = 'the energy network';

  /** E at n rows of x. */
  /** Views, the density and sample() read the averaged weights (emaDecay > 0); CD's chains the trained ones. */
  const view: Weights = cfg.emaDecay > 0 ? 'averaged' : 'trained';
  const energyAt = (x: Float32Array, n: number): Float32Array => net.evaluate(x, n, view);
  /** ∇ₓE at n rows of x (dE/dE = 1 per row). May be the network's buffer: consume it at once. */
  let ones = new Float32Array(0);
  const gradientAt = (x: Float32Array, n: number, weights: Weights = view): Float32Array => {
    if (ones.length < n) ones = new Float32Array(n).fill(1);
    return net.inputGradient(x, n, ones.subarray(0, n), weights);
  };

  /** Langevin chains from x0 (interleaved); onStep sees each position (copy to keep). */
  const chains = (x0: Float32Array, count: number, stepSize: StepSize, onStep?: (x: Float32Array) => void, weights: Weights = view): Float32Array =>
    langevin((x, n) => gradientAt(x, n, weights), x0, dim, count, stepSize, rng, { box, maxDrift: cfg.maxDrift, onStep });

  /** 'mala': the step size of the chains, adapted after every run of CD's chains (./mala.ts, adaptStepSize). */
  let malaEta = cfg.langevinStepSize;
  const energyAndGradient = (weights: Weights) => (x: Float32Array, n: number) => {
    if (ones.length < n) ones = new Float32Array(n).fill(1);
    const { output, inputGradient } = net.outputAndInputGradient(x, n, ones.subarray(0, n), weights);
    return { energy: output, gradient: inputGradient };
  };
  const adjustedChains = (x0: Float32Array, count: number, eta: number, targetAcceptance?: number, weights: Weights = view) =>
    mala(energyAndGradient(weights), x0, dim, count, eta, rng, { box, maxDrift: cfg.maxDrift, targetAcceptance });

  const energyGradient = (x: Float32Array): Float32Array => (x.length === 0 ? new Float32Array(0) : gradientAt(x, x.length / dim).slice());

  const uniform = (count: number, out = new Float32Array(count)): Float32Array => {
    for (let i = 0; i < count; i++) out[i] = (2 * rng.uniform() - 1) * box;
    return out;
  };

  // Persistent chains (CD): start as uniform noise on the box.
  const buffer = cfg.objective === 'cd' ? uniform(cfg.bufferSize * dim) : new Float32Array(0);
  let steps = 0;
  let cachedZ: { step: number; logZ: number; energies: Float32Array } | null = null;

  /** The gradient table of sample(), made at most once per training step. */
  let cachedGrid: { step: number; grid: GradientGrid } | null = null;
  const gradientGrid = (): GradientGrid => {
    if (!cachedGrid || cachedGrid.step !== steps) cachedGrid = { step: steps, grid: tabulateGradient(energyGradient, box, cfg.sampleGridCells) };
    return cachedGrid.grid;
  };

  /** Exact draws from the grid density of log Z (partition()), made at most once per training step. */
  let cachedDensity: { step: number; sampler: GridSampler } | null = null;
  const gridDensity = (): GridSampler => {
    if (!cachedDensity || cachedDensity.step !== steps) cachedDensity = { step: steps, sampler: gridSampler(partition().energies, cfg.gridResolution, box) };
    return cachedDensity.sampler;
  };

  let proposal: { step: number; sampler: GridSampler } | null = null;
  /**
   * Maximum likelihood with log Z by importance sampling (./ebm-importance.ts): m points from the
   * defensive mixture q = u·uniform + (1 − u)·grid density (Hesterberg 1995), the grid density
   * refreshed every proposalEvery steps.
   */
  function importanceStep(batch: Float32Array): StepResult {
    const n = batch.length / dim;
    if (!proposal || steps - proposal.step >= cfg.proposalEvery) proposal = { step: steps, sampler: gridDensity() };
    const { sampler } = proposal;
    const m = cfg.importanceSamples;
    const u = cfg.proposalUniform;
    const points = new Float32Array(2 * m);
    for (let k = 0; k < m; k++) {
      const row = points.subarray(2 * k, 2 * k + 2);
      if (rng.uniform() < u) uniform(2, row);
      else sampler.draw(1, rng, row);
    }
    const uniformDensity = 1 / (2 * box) ** 2;
    const logQ = new Float64Array(m);
    for (let k = 0; k < m; k++) logQ[k] = Math.log(u * uniformDensity + (1 - u) * sampler.density(points[2 * k], points[2 * k + 1]));
    return update(batch, points, m, (e, dOut) => {
      const terms = importanceLoss(e, n, logQ, cfg.energyRegularisation, dOut);
      return { loss: terms.loss, positiveEnergy: terms.positiveEnergy, logPartition: terms.logPartition };
    });
  }

  /**
   * One update from the data batch and m negative points: the energies of both in one pass, the
   * objective's dL/dE (written into dOut, data rows first), then Adam unless a value is not finite.
   */
  function update(batch: Float32Array, negatives: Float32Array, m: number, objective: (energies: Float32Array, dOut: Float32Array) => Losses): StepResult {
    const n = batch.length / dim;
    const both = new Float32Array((n + m) * dim);
    both.set(batch);
    both.set(negatives.subarray(0, m * dim), n * dim);
    const dOut = new Float32Array(n + m);
    const losses = objective(net.forward(both, n + m), dOut);
    const cause = { learningRate: cfg.learningRate, batch, where };
    const bad = nonFiniteTerm(losses);
    if (bad) return nonFiniteStep(losses, { ...cause, what: 'loss', term: bad });
    net.backward(dOut);
    if (!applyUpdates([net])) return nonFiniteStep(losses, { ...cause, what: 'gradient' });
    return okStep(losses);
  }

  function cdStep(batch: Float32Array): StepResult {
    const n = batch.length / dim;
    const { slots, start } = takeChains(n);
    let moved: Float32Array;
    if (cfg.chainKernel === 'mala') {
      const run = adjustedChains(start, cfg.langevinSteps, malaEta, undefined, 'trained');
      moved = run.x;
      if (cfg.langevinSteps > 0) malaEta = adaptStepSize(malaEta, run.acceptance, cfg.targetAcceptance);
    } else moved = chains(start, cfg.langevinSteps, cfg.langevinStepSize, undefined, 'trained');
    for (let i = 0; i < n; i++) buffer.set(moved.subarray(i * dim, (i + 1) * dim), slots[i] * dim);
    return update(batch, moved, n, (e, dOut) => {
      const terms = contrastiveDivergence(e, n, cfg.energyRegularisation, dOut);
      return { loss: terms.loss, positiveEnergy: terms.positiveEnergy, negativeEnergy: terms.negativeEnergy };
    });
  }

  /** n chains taken from the buffer (random slots), a fraction restarted from uniform noise. */
  function takeChains(n: number): { slots: Int32Array; start: Float32Array } {
    const slots = new Int32Array(n);
    const start = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const s = rng.int(cfg.bufferSize);
      slots[i] = s;
      const row = start.subarray(i * dim, (i + 1) * dim);
      if (rng.uniform() < cfg.reinitProbability) uniform(dim, row);
      else start.set(buffer.subarray(s * dim, (s + 1) * dim), i * dim);
    }
    return { slots, start };
  }

  function dsmStep(batchValues: Float32Array, mlpNet: TfjsNetwork): StepResult {
    const n = batchValues.length / dim;
    const lo = cfg.dsmSigma;
    const ratio = cfg.dsmSigmaMax / lo;
    const sigmas = new Float32Array(n);
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      // Half the batch at σ_min (the fit near the data), half log-uniform in [σ_min, σ_max] (the far field).
      sigmas[i] = i % 2 === 0 ? lo : lo * ratio ** rng.uniform();
      weights[i] = (lo / sigmas[i]) ** 2;
    }
    const mlp = mlpNet.mlp;
    const energyOf = (x: tf.Tensor2D): tf.Tensor1D => tf.reshape(mlp.apply(x), [-1]);
    const { grads, readout } = tf.tidy(() => {
      const batch = tf.tensor2d(batchValues, [n, dim]);
      const sigma = tf.tensor2d(sigmas, [n, 1]);
      const eps = tf.randomNormal([n, dim], 0, 1, 'float32', rng.seed());
      const noisy = tf.add(batch, tf.mul(eps, sigma)) as tf.Tensor2D;
      const { value, grads } = tf.variableGrads(() => {
        const gradE = tf.grad((p: tf.Tensor) => tf.sum(energyOf(p as tf.Tensor2D)))(noisy);
        // ½ (σ_min/σ)² ‖σ ∇_x E(x̃) − ε‖² = ½ σ_min² ‖∇_x E(x̃) + ε/σ‖², summed over coordinates
        const residual = tf.sub(tf.mul(gradE, sigma), eps);
        const perPoint = tf.mul(tf.sum(tf.square(residual), 1), tf.tensor1d(weights));
        return tf.mul(0.5, tf.mean(perPoint)) as tf.Scalar;
      }, mlp.variables);
      const readout = tf.stack([value, tf.mean(energyOf(batch))]);
      return { grads, readout };
    });
    const [loss, positiveEnergy] = Array.from(readout.dataSync());
    readout.dispose();
    const losses = { loss, positiveEnergy };
    const cause = { learningRate: cfg.learningRate, batch: batchValues, where };
    const bad = nonFiniteTerm(losses);
    if (bad) {
      tf.dispose(Object.values(grads));
      return nonFiniteStep(losses, { ...cause, what: 'loss', term: bad });
    }
    mlpNet.setGradients(grads);
    if (!applyUpdates([mlpNet])) return nonFiniteStep(losses, { ...cause, what: 'gradient' });
    return okStep(losses);
  }

  function failureMessage(message: string): string {
    return cfg.objective === 'cd'
      ? `${message} In contrastive divergence the energy can also run away when the Langevin chains lag far behind the model; a smaller learning rate or a larger energyRegularisation helps.`
      : message;
  }

  /** log Z and E on the grid, at most once per training step. */
  function partition(): { logZ: number; energies: Float32Array } {
    if (dim !== 2) throw new ConfigError(`ebm: the grid normaliser needs 2-D data, this model has dim = ${dim}`);
    if (!cachedZ || cachedZ.step !== steps) cachedZ = { step: steps, ...gridPartition(energyAt, bounds, cfg.gridResolution) };
    return cachedZ;
  }

  const insideBox = (x: Float32Array, row: number): boolean => {
    for (let j = row * dim; j < (row + 1) * dim; j++) if (!(Math.abs(x[j]) <= box)) return false;
    return true;
  };

  function sampleValues(n: number): Float32Array {
    const start = onGrid && cfg.sampleStart === 'grid' ? gridDensity().draw(n, rng) : uniform(n * dim);
    if (cfg.chainKernel === 'mala') {
      // CD's step: the one its chains adapted. 'ml' and DSM run no chains: they start from
      // sampleStepSize and adapt within the run.
      return cfg.objective === 'cd' ? adjustedChains(start, cfg.sampleSteps, malaEta).x : adjustedChains(start, cfg.sampleSteps, cfg.sampleStepSize, cfg.targetAcceptance).x;
    }
    if (dim === 2 && cfg.sampleGridCells > 0) return gridLangevin(gradientGrid(), start, cfg.sampleSteps, cfg.sampleStepSize, rng, undefined, cfg.maxDrift);
    return chains(start, cfg.sampleSteps, cfg.sampleStepSize);
  }

  return {
    family: 'ebm',
    likelihood: 'unnormalised',
    trainingPath: net.backend,
    get threads() {
      return net.threads;
    },
    dim,
    config: cfg,

    trainStep(batch: tf.Tensor2D): StepResult {
      const values = fromTensor(batch);
      const result = tfjsNet ? dsmStep(values, tfjsNet) : importance ? importanceStep(values) : cdStep(values);
      if (!result.ok) return { ...result, message: failureMessage(result.message) };
      steps += 1;
      return result;
    },

    sample(n: number): tf.Tensor2D {
      positiveInt('n', n);
      return toTensor(sampleValues(n), dim);
    },

    logDensity(x: tf.Tensor2D): tf.Tensor1D {
      const e = energyAt(fromTensor(x), x.shape[0]);
      for (let i = 0; i < e.length; i++) e[i] = -e[i];
      return tf.tensor1d(e);
    },

    normalisedLogDensity(x: tf.Tensor2D): tf.Tensor1D {
      const { logZ } = partition();
      const values = fromTensor(x);
      const e = energyAt(values, x.shape[0]);
      // The support is the box, where Z was integrated: outside it the density is 0.
      for (let i = 0; i < e.length; i++) e[i] = insideBox(values, i) ? -e[i] - logZ : -Infinity;
      return tf.tensor1d(e);
    },

    logPartition: () => partition().logZ,

    energy(x: Float32Array): Float32Array {
      return x.length === 0 ? new Float32Array(0) : energyAt(x, x.length / dim);
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

    mixing(samples?: Float32Array): MixingReport {
      const { logZ, energies } = partition();
      return mixingReport(samples ?? sampleValues(2000), energies, logZ, cfg.gridResolution, box);
    },

    dispose(): void {
      net.dispose();
    },
  };
}
