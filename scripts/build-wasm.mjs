#!/usr/bin/env node
/**
 * `npm run build:wasm`: compiles the fast MLP kernels (assembly/mlp-kernels.ts, AssemblyScript)
 * into the WebAssembly builds that src/models/fast/kernels.ts loads (SIMD and relaxed SIMD, each
 * with its own memory or with imported shared memory). The .wasm files are
 * committed, so the site build and the tests need no prior step; tests/unit/fast/wasm-build.test.ts
 * recompiles in memory and fails when a committed file no longer matches its source.
 *
 *   node scripts/build-wasm.mjs           write src/models/fast/mlp-kernels{,.relaxed}{,.shared}.wasm
 *   node scripts/build-wasm.mjs --check   exit 1 if a committed file is out of date
 */
import asc from 'assemblyscript/asc';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const common = ['assembly/mlp-kernels.ts', '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'];

// The shared-memory builds (for a second thread) import their memory; its maximum must match
// SHARED_MAX_PAGES in src/models/fast/kernels.ts.
const shared = ['--enable', 'threads', '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '8192'];

export const builds = [
  { out: 'src/models/fast/mlp-kernels.wasm', flags: [] },
  { out: 'src/models/fast/mlp-kernels.relaxed.wasm', flags: ['--enable', 'relaxed-simd'] },
  { out: 'src/models/fast/mlp-kernels.shared.wasm', flags: shared },
  { out: 'src/models/fast/mlp-kernels.relaxed.shared.wasm', flags: ['--enable', 'relaxed-simd', ...shared] },
];

/** Compiles one build in memory and returns its bytes. */
export async function compile(build) {
  let binary = null;
  const errors = [];
  const { error } = await asc.main([...common, ...build.flags, '--outFile', 'out.wasm'], {
    readFile: (name, baseDir) => {
      try {
        return readFileSync(path.resolve(root, baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
    listFiles: () => [],
    stdout: { write: () => true },
    stderr: { write: (s) => (errors.push(String(s)), true) },
  });
  if (error || !binary) throw new Error(`asc failed for ${build.out}: ${error?.message ?? ''}\n${errors.join('')}`);
  return binary;
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const build of builds) {
    const bytes = await compile(build);
    const file = path.join(root, build.out);
    if (check) {
      let old = null;
      try {
        old = readFileSync(file);
      } catch {
        /* missing counts as stale */
      }
      const same = old !== null && Buffer.compare(Buffer.from(old), Buffer.from(bytes)) === 0;
      if (!same) stale++;
      console.log(`${build.out}: ${same ? 'up to date' : 'STALE (run npm run build:wasm)'}`);
    } else {
      writeFileSync(file, bytes);
      console.log(`${build.out}: ${bytes.length} bytes`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
