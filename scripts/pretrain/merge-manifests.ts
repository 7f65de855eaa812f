/**
 * Vitest's global setup for `npm run pretrain`: clears the partial manifests before the groups
 * run, and afterwards joins them into the manifest the page reads (scripts/pretrain/groups.ts).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DigitsManifest } from '../../src/lab/shared/digits-files';
import { MANIFEST_PATH, PARTIALS } from './groups';
import { mergeManifests } from './pretrain';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as DigitsManifest;

export function setup(): void {
  rmSync(PARTIALS, { recursive: true, force: true });
}

export function teardown(): void {
  const parts = existsSync(PARTIALS) ? readdirSync(PARTIALS).filter((f) => f.endsWith('.json')).sort().map((f) => read(join(PARTIALS, f))) : [];
  if (parts.length === 0) return;
  // A run of some families keeps the others' entries (their files are left as they were).
  const previous = process.env.PRETRAIN_FAMILIES && existsSync(MANIFEST_PATH) ? read(MANIFEST_PATH) : undefined;
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(mergeManifests(parts, previous), null, 2)}\n`);
  console.log(`wrote ${MANIFEST_PATH}`);
}
