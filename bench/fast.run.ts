/**
 * The fused fast path's rows of the benchmark (bench/fast.bench.ts), run by bench/run.mjs through
 * `vitest run --config bench/vitest.config.ts bench/fast.run.ts` like the other parts.
 */
import { test } from 'vitest';
import os from 'node:os';
import { relaxedSimdSupported } from '../src/models/fast/kernels';
import { runFastBench } from './fast.bench';
import { log, settings, writeResult } from './env';

test('fast path on the reference workloads', async () => {
  const rows = await runFastBench({ runs: settings.runs, seconds: settings.seconds, log });
  const env = { backend: 'fast', node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', relaxedSimd: relaxedSimdSupported() };
  writeResult({ env, rows });
});
