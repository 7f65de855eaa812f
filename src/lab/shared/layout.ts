/**
 * Where each setting of a lab goes on the page (issue 14): the controls that change what the
 * canvases show sit with the buttons right under the canvases (the family's view sliders, the
 * data, the one model choice the article talks about); everything else, engineering included
 * (learning rate, width, seed, backend, training path), goes into the "Advanced" disclosure.
 * Used at build time by Lab.astro. No DOM.
 */
import type { Family } from '../../models/types';
import type { Setting } from './settings';

/** The model choice each family's article asks the reader to try. */
export const primaryKeys: Record<Family, readonly string[]> = {
  autoregressive: ['conditional'],
  vae: ['beta'],
  flow: ['layers'],
  ebm: ['objective'],
  gan: ['loss'],
  diffusion: ['sampler', 'ddimSteps'],
  'flow-matching': ['solver', 'odeSteps'],
};

export type Place = 'view' | 'data' | 'primary' | 'advanced';

export function placeOf(family: Family, s: Setting): Place {
  if (s.key === 'dataset') return 'data';
  if (s.effect === 'view') return 'view';
  if (primaryKeys[family].includes(s.key)) return 'primary';
  return 'advanced';
}

/** The advanced settings, in two groups: how the model is built, and how it trains and runs. */
const trainingKeys = new Set(['speed', 'lr', 'width', 'seed', 'backend', 'trainer']);
export function advancedGroup(s: Setting): 'model' | 'training' {
  return trainingKeys.has(s.key) ? 'training' : 'model';
}
