/**
 * Each family through createModel on one backend: steps/s and time to quality
 * (families-bench.ts). Run by bench/run.mjs through vitest, like reference.run.ts.
 */
import { test } from 'vitest';
import { benchFamilies } from './families-bench';
import { log, settings, setUp, writeResult } from './env';

test('families', async () => {
  const env = await setUp();
  const rows = await benchFamilies(settings.backend, {
    families: settings.families,
    budgetSeconds: settings.budgetSeconds,
    seconds: settings.seconds,
    log,
  });
  writeResult({ env, rows });
});
