import type { Dataset } from '../datasets';
import type { Rng } from '../random';
import { hardCodedEntropies } from './entropies';

/**
 * Pinwheel, as in FFJORD (after Johnson et al. 2016): 5 arms; a point starts at (1 + 0.3·z₁, 0.1·z₂)
 * (radial std 0.3, tangential std 0.1), is rotated by its arm's angle 2πk/5 plus 0.25·exp(x₁),
 * an angle that grows with its radius, and the whole is scaled by 2. (FFJORD gives each arm
 * exactly n/5 points; we draw the arm at random.) The rotation folds the plane onto itself, so
 * there is no simple closed-form density: its entropy is a Monte-Carlo estimate.
 */
export const PINWHEEL_ARMS = 5;
const RADIAL_STD = 0.3;
const TANGENTIAL_STD = 0.1;
const RATE = 0.25;

export const pinwheel: Dataset = {
  name: 'pinwheel',
  sample(n: number, rng: Rng): Float32Array {
    const out = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const arm = rng.int(PINWHEEL_ARMS);
      const f0 = 1 + RADIAL_STD * rng.normal();
      const f1 = TANGENTIAL_STD * rng.normal();
      const angle = (2 * Math.PI * arm) / PINWHEEL_ARMS + RATE * Math.exp(f0);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      // FFJORD multiplies the row vector f by [[c, −s], [s, c]]: (f0·c + f1·s, −f0·s + f1·c).
      out[2 * i] = 2 * (f0 * c + f1 * s);
      out[2 * i + 1] = 2 * (-f0 * s + f1 * c);
    }
    return out;
  },
  entropy: hardCodedEntropies.pinwheel,
};
