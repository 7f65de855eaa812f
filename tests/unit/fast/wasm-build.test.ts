import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { builds, compile } from '../../../scripts/build-wasm.mjs';

describe('fast MLP kernels build', () => {
  // The .wasm files are committed so that neither the site build nor the tests need the compiler;
  // this keeps them honest: recompiling assembly/mlp-kernels.ts must give the same bytes.
  for (const build of builds as { out: string; flags: string[] }[]) {
    it(`${build.out} is up to date with assembly/mlp-kernels.ts (else run npm run build:wasm)`, async () => {
      const fresh = (await compile(build)) as Uint8Array;
      const committed = new Uint8Array(readFileSync(new URL(`../../../${build.out}`, import.meta.url)));
      expect(committed.length).toBe(fresh.length);
      expect(Buffer.compare(Buffer.from(committed), Buffer.from(fresh))).toBe(0);
    });
  }
});
