/**
 * The digits lab's static files (public/digits/, written by `npm run pretrain`,
 * scripts/pretrain/) and the manifest that describes them (digits-manifest.json, read by the page
 * at build time so that it can state the classifier's accuracy and each file's size).
 */
import { digitConfigs, type DigitFamily } from '../../models/digit-configs';
import { WeightsFileError } from '../../models/weights-file';
import manifestJson from './digits-manifest.json';

/** The header a family's weights file carries. */
export interface DigitWeightsMeta {
  family: DigitFamily;
  config: unknown;
  steps: number;
  seed: number;
}

export interface DigitsManifest {
  seed: number;
  data: { train: number; heldOut: number; bytes: number };
  /** heldOutAccuracy: share of held-out digits labelled right; realConfident: share of them the classifier is over 90% sure of. */
  classifier: { steps: number; heldOutAccuracy: number; realConfident: number; bytes: number };
  families: Record<DigitFamily, { steps: number; bytes: number; scored: number; confident: number; classesPresent: number; spread: number }>;
}

export const digitsManifest = manifestJson as DigitsManifest;

/** A file size as the page states it, in whole KB. */
export function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(0);
}

/** The file names under the site's /digits/ folder. */
export const digitFiles = {
  weights: (family: DigitFamily) => `${family}.bin`,
  classifier: 'classifier.bin',
  train: 'train.bin',
} as const;

/** Throws a WeightsFileError when a weights file was not made for this family's current configuration. */
export function checkDigitWeights(family: DigitFamily, meta: unknown): asserts meta is DigitWeightsMeta {
  const m = meta as Partial<DigitWeightsMeta> | null;
  if (!m || m.family !== family) throw new WeightsFileError(`the weights file was made for ${JSON.stringify(m?.family)}, not ${family}`);
  if (JSON.stringify(m.config) !== JSON.stringify(digitConfigs[family])) {
    throw new WeightsFileError(`the weights file was made for another configuration of the ${family} (run npm run pretrain again)`);
  }
}
