import * as tf from '@tensorflow/tfjs-core';
import type { FlowModel } from '../../../models/flow';
import { densityGrid } from './common';
import { gridLines } from '../../shared/grid';
import type { FamilyFields } from './types';

const LINES = 13;
const PER_LINE = 41;
/** The base-space grid covers ±3 standard deviations of N(0, I). */
const BASE_GRID = gridLines(LINES, PER_LINE, 3);

function normals(n: number, seed: number): Float32Array {
  return tf.tidy(() => new Float32Array(tf.randomNormal([n, 2], 0, 1, 'float32', seed).dataSync()));
}

/** Flow: exact density; a base-space grid and samples carried layer by layer to data space; data pushed to base. */
export const flowFields: FamilyFields<FlowModel> = {
  periodic(model, ctx) {
    const stages = model.inverseLayers(BASE_GRID);
    const z = normals(400, 7);
    const flowSamples = model.inverseLayers(z);
    const pushed = model.forwardLayers(ctx.data.subarray(0, 2 * 600));
    return {
      density: densityGrid(model),
      flowGrid: { lines: LINES, perLine: PER_LINE, stages },
      flowSamples,
      flowBase: pushed[pushed.length - 1],
    };
  },
};
