import { drawCaption, drawHeatmap, drawTrajectories, linearScale } from '../render/draw';
import { sequentialDark, sequentialLight } from '../render/palette';
import { t } from '../../shared/strings';
import { begin, cursor, dataPoints, densityMap, samplePoints } from './common';
import type { FamilyView } from './types';

const CHAIN_MS = 2500;

/** Low energy bright: 1 − (E − min)/(max − min). */
function lowIsBright(values: Float32Array): Float32Array {
  const u = linearScale(values);
  for (let i = 0; i < u.length; i++) u[i] = Math.pow(1 - u[i], 2);
  return u;
}

/**
 * EBM: the grid-normalised density exp(−E)/Z with data and samples (main); the energy landscape with
 * Langevin chains running on it (aux), animated unless the reader prefers reduced motion, or
 * where the reader scrubbed them to; a caption on the aux panel when the chains do not mix
 * (samples and density disagree).
 */
export const ebmView: FamilyView = {
  draw(main, aux, vm, now) {
    const { palette, fields } = vm;
    begin(main, palette);
    densityMap(main, fields.density, palette);
    dataPoints(main, vm);
    samplePoints(main, vm);
    cursor(main, vm);

    begin(aux, palette);
    if (fields.energy) drawHeatmap(aux, fields.energy, palette.dark ? sequentialDark : sequentialLight, lowIsBright);
    let animating = false;
    const chains = fields.chains;
    if (chains) {
      let upTo = chains.steps - 1;
      if (vm.scrub !== null) upTo = vm.scrub * (chains.steps - 1);
      else if (vm.animation?.kind === 'chains' && !vm.reducedMotion) {
        const u = (now - vm.animation.start) / CHAIN_MS;
        upTo = Math.min(chains.steps - 1, u * (chains.steps - 1));
        animating = u < 1;
      }
      drawTrajectories(aux, chains.points, chains.chains, chains.steps, upTo, palette.foreground, palette.samples);
    } else {
      samplePoints(aux, vm);
    }
    // The chains do not mix, or pile on the box's edge: the samples do not show the density drawn.
    if (fields.mixing && !fields.mixing.agrees) drawCaption(aux, t('ebmNotMixing', vm.lang), palette.foreground);
    return animating;
  },
};
