/**
 * The typed messages between a lab widget (page) and its Web Worker (which owns tfjs). Points are
 * interleaved Float32Arrays [x0, y0, x1, y1, …]; every Float32Array in a worker message is sent as
 * a transferable (see `transferables`), so nothing is copied. Types only: no DOM, no tfjs.
 */
import type { Family, TrainingPath } from '../../models/types';
import type { Values } from './settings';

export type BackendName = 'wasm' | 'webgl' | 'cpu';

/** The square frame every view draws and every grid field covers: [−4, 4]² (src/data toyBounds). */
export const FRAME = { min: -4, max: 4 } as const;

/** What the page currently looks at, so the worker computes only the fields that matter. */
export interface ViewState {
  /** AR: x1 of the slice p(x2 | x1). */
  slice?: number;
  /** VAE: the reader's latent point (first two latent coordinates). */
  z?: [number, number];
  /** Diffusion: the forward-noising time shown (0 … T); flow matching: the ODE's time (0 noise … 1 data). */
  t?: number;
  /** The reader prefers reduced motion: fewer, cheaper field updates and no animation frames. */
  reducedMotion?: boolean;
}

// ------------------------------------------------------------------------------------------
// page → worker

export interface InitMessage {
  type: 'init';
  family: Family;
  /** All setting values of the widget (src/lab/shared/settings.ts); the worker builds the model from them. */
  values: Values;
  view: ViewState;
}
export interface TrainMessage {
  type: 'train';
}
export interface PauseMessage {
  type: 'pause';
}
export interface StepMessage {
  type: 'step';
  /** How many optimisation steps (default 1). */
  count?: number;
}
export interface ResetMessage {
  type: 'reset';
  /** New values (a model setting changed); absent = same settings, fresh weights. */
  values?: Values;
}
export interface SampleMessage {
  type: 'sample';
}
export interface ConfigMessage {
  type: 'config';
  /** Live settings (speed, sampler…) and/or view state; never rebuilds the model. */
  values?: Values;
  view?: ViewState;
}
/** A family's own action (src/lab/worker/fields: `actions`), e.g. flow matching's reflow; then its fields are sent. */
export interface ActionMessage {
  type: 'action';
  name: string;
}
/** The page's watchdog asks whether the worker is still there (src/lab/page/watchdog.ts); answered at once with a pong. */
export interface PingMessage {
  type: 'ping';
}
export type ToWorker = InitMessage | TrainMessage | PauseMessage | StepMessage | ResetMessage | SampleMessage | ConfigMessage | ActionMessage | PingMessage;

// ------------------------------------------------------------------------------------------
// worker → page

/** A scalar field on a size × size grid of cell centres over FRAME; row j is y ascending, column i is x ascending. */
export interface GridField {
  size: number;
  values: Float32Array;
}

/** Per-family views. Every member is optional; the worker sends what changed. */
export interface Fields {
  /** log p(x) on the grid: exact (AR, flow), ELBO (VAE), grid-normalised −E (EBM). */
  density?: GridField;
  /** AR: p(x1) on `line` (a 1-D grid over FRAME) and p(x2 | x1 = slice). */
  marginal?: { line: Float32Array; values: Float32Array };
  conditional?: { x1: number; line: Float32Array; values: Float32Array };
  /** AR: samples drawn one coordinate at a time: [x1 of each sample (n numbers), full samples (2n)]. */
  coordinateSteps?: Float32Array[];
  /** VAE: encoder means of data points (first two latent coordinates; dim 1 → second is 0). */
  latent?: { dim: number; data: Float32Array; codes: Float32Array };
  /** VAE: the decoder's output at the reader's latent point. */
  decoded?: { z: [number, number]; x: Float32Array };
  /** Flow: a grid of lines from base space, after 0…L inverse layers (stage 0 = base). */
  flowGrid?: { lines: number; perLine: number; stages: Float32Array[] };
  /** Flow: the same base samples after each inverse layer. */
  flowSamples?: Float32Array[];
  /** Flow: data pushed all the way to base space, z = f(x). */
  flowBase?: Float32Array;
  /** EBM: the energy E(x) on the grid. */
  energy?: GridField;
  /** EBM: whether the shown samples and the grid density agree (src/models/ebm-mixing.ts). */
  mixing?: { agrees: boolean; disagreement: number; onEdge: number };
  /** EBM: Langevin chains, `steps` positions of `chains` points: [step][chain][2]. */
  chains?: { chains: number; steps: number; points: Float32Array };
  /** GAN: D(x) in (0, 1) (or the critic's value for WGAN) on the grid. */
  discriminator?: GridField;
  /**
   * GAN: a grid of lines in noise space (first two coordinates) and its image G(z) in data space;
   * VAE: the same for the decoder's mean, latent space → data space.
   */
  mappedGrid?: { lines: number; perLine: number; source: Float32Array; mapped: Float32Array };
  /** GAN: noise points z whose images are the current samples (for the noise-space view). */
  noise?: Float32Array;
  /** GAN: the direction each of `samples` would move at the next generator step (−∂L_G/∂x). */
  gradients?: { points: Float32Array; vectors: Float32Array };
  /** Diffusion: the data noised to time t, x_t ~ q(x_t | x_0). */
  noised?: { t: number; points: Float32Array };
  /** Diffusion: reverse trajectories of `count` samples, `frames` snapshots from t = T to 0. */
  trajectories?: { count: number; frames: number; points: Float32Array };
  /** Diffusion: the learned score s(x, t) ≈ ∇ log p_t(x) at `t` on a coarse grid, as vectors. */
  score?: { t: number; size: number; vectors: Float32Array };
  /** Flow matching: the learned velocity v_θ(x, t) at `t` on a coarse grid, as vectors. */
  velocity?: { t: number; size: number; vectors: Float32Array };
  /**
   * Flow matching: the ODE's paths of `count` fixed noise points, `frames` snapshots from t = 0
   * (noise) to 1 (samples), [frame][point][2]; Liu et al.'s straightness S of these paths; how many
   * reflows the model has had.
   */
  odePaths?: { count: number; frames: number; points: Float32Array; straightness: number; reflows: number };
  /** Flow matching: samples of the same noise after each number of ODE steps, and their energy distance ÷ its noise floor. */
  fewSteps?: { steps: number[]; samples: Float32Array[]; ratios: number[] };
}

export interface ReadyMessage {
  type: 'ready';
  backend: BackendName;
  /** Whether training steps run in the fused kernels or in tfjs (src/models/types.ts). */
  trainingPath: TrainingPath;
  /** Why the fused kernels were asked for but not used (no WebAssembly SIMD, or the loss needs tfjs). */
  fusedUnavailable?: string;
  /** Energy distance between two independent data sets of the sizes used: the best a model can show. */
  noiseFloor: number;
}
export interface BackendMessage {
  type: 'backend';
  requested: BackendName;
  backend: BackendName;
  /** Why the requested backend was not used; absent when it was. */
  reason?: string;
}
export interface ProgressMessage {
  type: 'progress';
  step: number;
  running: boolean;
  losses?: Record<string, number>;
  stepsPerSecond: number;
  /** Threads the fused kernels run on now (ToyModel.threads). */
  threads: 1 | 2;
  /** Live tfjs tensors in the worker (tf.memory().numTensors): flat while training, or something leaks (`npm run bench -- --soak`). */
  tensors?: number;
  samples?: Float32Array;
  fields?: Fields;
  energyDistance?: number;
  noiseFloor?: number;
}
export interface DivergedMessage {
  type: 'diverged';
  step: number;
  losses: Record<string, number>;
  /**
   * 'non-finite': the loss or gradient became NaN/Infinity; 'runaway': the loss stayed finite but
   * the samples flew far from the data; 'mode-collapse': a GAN's samples collapsed.
   */
  reason: 'non-finite' | 'runaway' | 'mode-collapse';
  /** Technical detail (English, from the model), shown under the page's own explanation. */
  message: string;
}
export interface ErrorMessage {
  type: 'error';
  message: string;
}
/** The answer to a ping: the worker's event loop still runs. */
export interface PongMessage {
  type: 'pong';
}
export type FromWorker = ReadyMessage | BackendMessage | ProgressMessage | DivergedMessage | ErrorMessage | PongMessage;

/** The ArrayBuffers inside a message, to pass as postMessage's transfer list. */
export function transferables(msg: FromWorker): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (v instanceof Float32Array) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else for (const x of Object.values(v as Record<string, unknown>)) visit(x, depth + 1);
  };
  visit(msg, 0);
  return [...out];
}
