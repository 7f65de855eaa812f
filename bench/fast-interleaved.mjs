#!/usr/bin/env node
/**
 * `node bench/fast-interleaved.mjs [--rounds 5] [--seconds 2] [--python python3] [--torch-script path]`:
 * the load-robust comparison of bench/fast-interleaved.run.ts (fast path, PyTorch and tfjs wasm in
 * alternating short slices), run under vitest like the other parts; prints Markdown tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const argv = process.argv.slice(2);
const value = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const torchScript = value('--torch-script', [path.join(here, 'bench_torch.py'), '/work/shared/reference/bench_torch.py'].find((p) => existsSync(p)));
// Debian's torch is installed for the system Python; a pyenv python3 first on PATH may lack it.
const python = value('--python', ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0));
if (!torchScript || !python) {
  console.error('PyTorch or bench_torch.py not found (pass --python and --torch-script)');
  process.exit(1);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'fast-interleaved-'));
const out = path.join(dir, 'report.md');
try {
  const env = {
    ...process.env,
    BENCH_OUT: out,
    BENCH_PYTHON: python,
    BENCH_TORCH_SCRIPT: torchScript,
    BENCH_ROUNDS: value('--rounds', '5'),
    BENCH_SECONDS: value('--seconds', '2'),
  };
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'bench/vitest.config.ts', 'bench/fast-interleaved.run.ts'], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) if (line.includes('[bench]')) console.error(line.slice(line.indexOf('[bench]')));
  if (!existsSync(out)) {
    console.error(`${r.stdout}\n${r.stderr}`.split('\n').slice(-40).join('\n'));
    process.exit(1);
  }
  process.stdout.write(readFileSync(out, 'utf8'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
