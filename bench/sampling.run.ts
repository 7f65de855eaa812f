/**
 * Sampling latency of each family on one backend (sampling-bench.ts). Run by bench/run.mjs
 * through vitest, like families.run.ts.
 */
import { test } from 'vitest';
import { loadFastKernels } from '../src/models/fast/kernels';
import { benchSampling } from './sampling-bench';
import { log, settings, setUp, writeResult } from './env';

test('sampling', async () => {
  const env = await setUp();
  const rows = await benchSampling({
    where: 'node',
    backend: settings.backend,
    families: settings.families,
    trainSteps: settings.trainSteps,
    runs: settings.runs,
    fastKernels: await loadFastKernels(),
    log,
  });
  // Again on two threads (Node has shared memory; in the browser it takes cross-origin isolation).
  const twoThreads = await loadFastKernels({ threads: true });
  if (twoThreads.shared) {
    rows.push(
      ...(await benchSampling({ where: 'node', backend: settings.backend, families: settings.families, trainSteps: settings.trainSteps, runs: settings.runs, fastKernels: twoThreads, threads: 2, log })),
    );
  }
  writeResult({ env, rows });
});
