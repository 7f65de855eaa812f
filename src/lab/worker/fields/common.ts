import * as tf from '@tensorflow/tfjs-core';
import type { ToyModel } from '../../../models/types';
import type { GridField } from '../../shared/protocol';
import { gridPoints } from '../../shared/grid';

/** Grid resolution of the density heat maps: 48² = 2,304 evaluations, a few ms on wasm. */
export const DENSITY_GRID = 48;

/** A copy of a tensor's values that this code owns (dataSync may return the backend's own buffer). */
export function readTensor(t: tf.Tensor): Float32Array {
  return new Float32Array(t.dataSync());
}

/** log p(x) (of the model's kind) on the density grid. */
export function densityGrid(model: ToyModel, size = DENSITY_GRID): GridField | undefined {
  if (!model.logDensity) return undefined;
  const logDensity = model.logDensity.bind(model);
  const values = tf.tidy(() => readTensor(logDensity(tf.tensor2d(gridPoints(size), [size * size, 2]))));
  return { size, values };
}

/** n samples as an interleaved array. */
export function sampleArray(model: ToyModel, n: number): Float32Array {
  const t = model.sample(n);
  const out = readTensor(t);
  t.dispose();
  return out;
}
