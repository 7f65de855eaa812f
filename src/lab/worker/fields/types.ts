import type { Fields, ViewState } from '../../shared/protocol';
import type { Values } from '../../shared/settings';

/** What a family's field functions may look at (all points interleaved 2-D). */
export interface FieldContext {
  /** A fixed set of data points for display and for the latent/base views. */
  data: Float32Array;
  /** The latest model samples shown (for gradient arrows). */
  samples: Float32Array | null;
  view: ViewState;
  values: Values;
  /** The energy distance's noise floor for n model samples against n data points (cached per dataset). */
  noiseFloor(n: number): number;
  /** n fresh points of the training data. */
  dataSample(n: number): Float32Array;
}

/**
 * A family's contribution to the worker: the fields it computes every so often while training
 * (`periodic`), those that depend only on the reader's view (`view`, e.g. a slice or a time t), and
 * what the Sample button shows (`sample`: fresh samples plus an animation such as trajectories).
 */
export interface FamilyFields<M> {
  periodic(model: M, ctx: FieldContext): Fields;
  view?(model: M, ctx: FieldContext): Fields;
  sample?(model: M, ctx: FieldContext, n: number): { samples: Float32Array; fields: Fields };
  /** Samples for display and for the energy distance (default: model.sample). */
  draw?(model: M, values: Values, n: number): Float32Array;
  /** The family's own buttons (protocol ActionMessage), by name; the session then sends the periodic fields. */
  actions?: Record<string, (model: M) => void>;
}
