/**
 * `npm run pretrain`: Vitest runs group-1 and group-2 (one process each, on the two cores); each
 * trains the classifier and its share of the families (splitFamilies) and leaves a partial
 * manifest in PARTIALS; merge-manifests.ts joins them into src/lab/shared/digits-manifest.json
 * when both are done. PRETRAIN_FAMILIES=vae,gan limits the run to some families (the others'
 * files and manifest entries stay as they are).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digitFamilies, type DigitFamily } from '../../src/models/digit-configs';
import { pretrainDefaults, pretrainDigits, splitFamilies } from './pretrain';

export const GROUPS = 2;
export const OUT_DIR = 'public/digits';
export const MANIFEST_PATH = 'src/lab/shared/digits-manifest.json';
export const PARTIALS = join(tmpdir(), 'generative-pretrain-partials');

export function requestedFamilies(): readonly DigitFamily[] {
  const only = process.env.PRETRAIN_FAMILIES?.split(',').filter(Boolean);
  if (!only) return digitFamilies;
  const unknown = only.filter((f) => !(digitFamilies as readonly string[]).includes(f));
  if (unknown.length) throw new Error(`PRETRAIN_FAMILIES: no family ${unknown.join(', ')} (the families: ${digitFamilies.join(', ')})`);
  return only as DigitFamily[];
}

/** Trains group `group`'s families (nothing when the split leaves it none). */
export async function pretrainGroup(group: number): Promise<void> {
  const families = splitFamilies(requestedFamilies(), pretrainDefaults.steps, GROUPS)[group];
  if (families.length === 0) return;
  const manifestPath = join(PARTIALS, `group-${group + 1}.json`);
  mkdirSync(PARTIALS, { recursive: true });
  await pretrainDigits({ ...pretrainDefaults, outDir: OUT_DIR, manifestPath, families, log: (l) => console.log(l) });
}
