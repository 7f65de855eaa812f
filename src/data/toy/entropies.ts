import type { DatasetEntropy } from '../datasets';

/**
 * Entropies of the toy sets whose value needs more than a formula, computed once by
 * `scripts/compute-entropies.ts` (see it for the methods) and re-checked roughly by
 * tests/unit/data/entropy.test.ts. Figures from its run:
 *  - two-moons, swiss-roll, two-spirals: exact log-density (quadrature along the curve) summed on
 *    a 900×900 grid over [−4.5, 4.5]² (the grid mass is 1 − 6e-9 or closer).
 *  - rings: Simpson's rule on the radial integral (agrees with the grid sum to 6e-9).
 *  - pinwheel: no closed-form density; Monte-Carlo kernel estimate from 10⁷ samples with
 *    Richardson extrapolation in the kernel width. On the sets with known entropy the same
 *    estimator erred by +0.000002 (moons), +0.00006 (swiss roll), +0.0008 (spirals),
 *    +0.0034 (8 Gaussians), +0.0035 (rings): trust pinwheel's value to about ±0.005 nats.
 */
export const hardCodedEntropies: Record<'two-moons' | 'swiss-roll' | 'pinwheel' | 'rings' | 'two-spirals', DatasetEntropy> = {
  'two-moons': { nats: 2.393847, method: 'numerical' },
  'swiss-roll': { nats: 2.669640, method: 'numerical' },
  pinwheel: { nats: 2.3178, method: 'monte-carlo' },
  rings: { nats: 2.623182, method: 'numerical' },
  'two-spirals': { nats: 2.645412, method: 'numerical' },
};
