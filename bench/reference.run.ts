/**
 * The reference workloads (reference-workloads.ts) on one backend: median steps/s over runs.
 * Run by bench/run.mjs through `vitest run --config bench/vitest.config.ts bench/reference.run.ts`.
 */
import { test } from 'vitest';
import { diffusionWorkload, ganWorkload } from './reference-workloads';
import { log, settings, setUp, writeResult } from './env';
import { median, stepsPerSecond } from './timing';
import type { BenchRow } from './rows';

test('reference workloads', async () => {
  const env = await setUp();
  const rows: BenchRow[] = [];
  for (const make of [diffusionWorkload, ganWorkload]) {
    const rates: number[] = [];
    let name = '';
    let loss = NaN;
    for (let r = 0; r < settings.runs; r++) {
      const w = make(r);
      name = w.name;
      rates.push(stepsPerSecond(() => w.step(), () => w.lastLoss(), 10, 20, settings.seconds));
      loss = w.lastLoss();
      w.dispose();
    }
    log(settings.backend, name, rates.map((x) => x.toFixed(1)).join(' '), 'steps/s');
    rows.push({ where: 'node', backend: settings.backend, workload: name, stepsPerSecRuns: rates, stepsPerSec: median(rates), finalLoss: loss });
  }
  writeResult({ env, rows });
});
