import { getDataset, type DatasetEntropy } from '../data/datasets';

/**
 * The differential entropy H(p) = −E_p[log p(x)] of a toy set's true distribution, in nats.
 * It is the floor of held-out NLL: for any model q, E_p[−log q(x)] = H(p) + KL(p‖q) ≥ H(p).
 * `method` says how it is known (closed form, numerical integration of the exact density, or a
 * Monte-Carlo kernel estimate); see src/data/toy/*.ts and scripts/compute-entropies.ts.
 */
export function trueEntropy(name: string): DatasetEntropy {
  const dataset = getDataset(name);
  if (!dataset.entropy) throw new Error(`The entropy of dataset "${name}" is not known.`);
  return dataset.entropy;
}
