import * as tf from '@tensorflow/tfjs-core';
import type { EbmModel } from '../../../models/ebm';
import { densityGrid } from './common';
import { stackFrames } from '../../shared/grid';
import type { FamilyFields } from './types';

const CHAINS = 60;
const CHAIN_STEPS = 300;
const CHAIN_FRAMES = 100;
/** Langevin steps that carry the display chains forward at each draw. */
const DISPLAY_STEPS = 20;
/** Number of display chains (the most any draw asks for: the energy distance's 1,000). */
const DISPLAY_CHAINS = 1000;

/**
 * Display chains kept per model: persistent Langevin chains that only the display and the energy
 * distance use. They start as the model's own samples (model.sample: in 2-D, draws from the grid
 * density), so each well holds its share of the density's mass from the first draw: chains from
 * uniform noise would keep the share their basin of attraction caught, since local chains rarely
 * cross between wells. They never restart.
 */
const displayChains = new WeakMap<EbmModel, Float32Array>();

function uniformBox(n: number, box: number, seed: number): Float32Array {
  return tf.tidy(() => new Float32Array(tf.randomUniform([n, 2], -box, box, 'float32', seed).dataSync()));
}

function modelSamples(model: EbmModel, n: number): Float32Array {
  const t = model.sample(n);
  try {
    return Float32Array.from(t.dataSync());
  } finally {
    t.dispose();
  }
}

/** n of the model's current samples: the display chains, each moved DISPLAY_STEPS further. */
function drawEbm(model: EbmModel, n: number): Float32Array {
  let x = displayChains.get(model) ?? modelSamples(model, DISPLAY_CHAINS);
  const frames = model.langevin(x, DISPLAY_STEPS, model.config.sampleStepSize);
  x = frames[frames.length - 1];
  displayChains.set(model, x);
  return x.slice(0, 2 * Math.min(n, DISPLAY_CHAINS));
}

/**
 * EBM: the energy on the grid (its negative is the unnormalised log-density, so one evaluation gives
 * both heat maps; normalising on the grid only rescales the picture), whether the display chains
 * and the grid density agree (model.mixing), and Langevin chains from uniform noise for the Sample
 * button.
 */
export const ebmFields: FamilyFields<EbmModel> = {
  periodic(model, ctx) {
    const density = densityGrid(model);
    if (!density) return {};
    const energy = new Float32Array(density.values.length);
    for (let i = 0; i < energy.length; i++) energy[i] = -density.values[i];
    // The shown samples (the display chains) against the grid density, region by region.
    const shown = displayChains.get(model) ?? ctx.samples;
    const report = shown && shown.length >= 200 ? model.mixing(shown) : null;
    const mixing = report ? { agrees: report.agrees, disagreement: report.disagreement, onEdge: report.onEdge } : undefined;
    return { density, energy: { size: density.size, values: energy }, mixing };
  },
  sample(model) {
    const x0 = uniformBox(CHAINS, model.config.box, 1234);
    const frames = model.langevin(x0, CHAIN_STEPS, model.config.sampleStepSize);
    const every = Math.max(1, Math.round(frames.length / CHAIN_FRAMES));
    const kept = frames.filter((_, i) => i % every === 0 || i === frames.length - 1);
    const last = kept[kept.length - 1];
    return {
      samples: last.slice(),
      fields: { chains: { chains: CHAINS, steps: kept.length, points: stackFrames(kept) } },
    };
  },
  draw: (model, _values, n) => drawEbm(model, n),
};
