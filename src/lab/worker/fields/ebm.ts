import * as tf from '@tensorflow/tfjs-core';
import type { EbmModel } from '../../../models/ebm';
import { densityGrid } from './common';
import { stackFrames } from '../../shared/grid';
import type { FamilyFields } from './types';

/** Chains from uniform noise that the Sample button runs; the first SHOWN_CHAINS are drawn as paths. */
const CHAINS = 400;
const SHOWN_CHAINS = 60;
const CHAIN_STEPS = 300;
const CHAIN_FRAMES = 100;
/** CD's training chains set against the density: at most this many of the replay buffer. */
const BUFFER_CHECKED = 2000;

function uniformBox(n: number, box: number, seed: number): Float32Array {
  return tf.tidy(() => new Float32Array(tf.randomUniform([n, 2], -box, box, 'float32', seed).dataSync()));
}

/** Whether chain positions and the grid density agree, region by region (model.mixing); null below 200 chains. */
function mixingOf(model: EbmModel, chains: Float32Array) {
  if (chains.length < 2 * 200) return undefined;
  const report = model.mixing(chains);
  return { agrees: report.agrees, disagreement: report.disagreement, onEdge: report.onEdge };
}

/**
 * EBM: the energy on the grid (its negative is the unnormalised log-density, so one evaluation gives
 * both heat maps; normalising on the grid only rescales the picture), and Langevin chains from
 * uniform noise for the Sample button. The samples shown and scored are the model's own
 * (model.sample: in 2-D, exact draws from the grid density), so they agree with the density by
 * construction; what can disagree is a set of chains: CD's training chains (the replay buffer),
 * checked at every refresh, and the Sample button's chains from noise, checked when they end.
 * Local chains rarely cross between wells, so their share of each well is the share its basin of
 * attraction caught, not the density's: the view says so when it happens (model.mixing).
 */
export const ebmFields: FamilyFields<EbmModel> = {
  periodic(model) {
    const density = densityGrid(model);
    if (!density) return {};
    const energy = new Float32Array(density.values.length);
    for (let i = 0; i < energy.length; i++) energy[i] = -density.values[i];
    const buffer = model.config.objective === 'cd' ? model.replayBuffer().subarray(0, 2 * BUFFER_CHECKED) : null;
    return { density, energy: { size: density.size, values: energy }, ...(buffer ? { mixing: mixingOf(model, buffer) } : {}) };
  },
  sample(model) {
    const x0 = uniformBox(CHAINS, model.config.box, 1234);
    const frames = model.langevin(x0, CHAIN_STEPS, model.config.sampleStepSize);
    const every = Math.max(1, Math.round(frames.length / CHAIN_FRAMES));
    const kept = frames.filter((_, i) => i % every === 0 || i === frames.length - 1).map((f) => f.slice(0, 2 * SHOWN_CHAINS));
    const ends = frames[frames.length - 1];
    return {
      samples: ends.slice(0, 2 * SHOWN_CHAINS),
      fields: { chains: { chains: SHOWN_CHAINS, steps: kept.length, points: stackFrames(kept) }, mixing: mixingOf(model, ends) },
    };
  },
};
