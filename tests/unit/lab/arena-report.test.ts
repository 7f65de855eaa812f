import { describe, expect, it } from 'vitest';
import { claims, measured, rows, rowsToCsv, rowsToJson, shareSpread } from '../../../src/lab/shared/arena-report';
import { arenaProblem, defaultArenaState, readArenaUrl, writeArenaUrl } from '../../../src/lab/shared/arena-url';
import { arenaWords } from '../../../src/lab/shared/arena-words';
import type { ArenaResult } from '../../../src/lab/worker/arena-run';
import type { Family } from '../../../src/models/types';

function result(family: Family, over: Partial<ArenaResult> = {}): ArenaResult {
  return {
    family, trainingPath: 'fused', steps: 100, trainingMs: 5000, msPerStep: 50, msPer1000Samples: 2,
    likelihood: family === 'gan' ? 'none' : 'exact', nll: family === 'gan' ? null : 3.1, entropy: 2.9, entropyMethod: 'exact',
    energyDistance: 0.004, noiseFloor: 0.002, checkpoints: [], diverged: null, ...over,
  };
}

describe('arena table', () => {
  it('marks where the measurement agrees with the source’s words', () => {
    const all = [result('flow'), result('gan'), result('diffusion', { msPer1000Samples: 200, likelihood: 'lower-bound' })];
    const [flow, gan, diffusion] = rows(all);
    expect(flow.agrees).toEqual({ tractableLikelihood: true, flexible: true, fastSampling: true });
    expect(gan.agrees.tractableLikelihood).toBe(true);
    expect(diffusion.agrees.fastSampling).toBe(true); // slow, as the source says
    // A flow that did not fit (20× its floor) disagrees with "flexible".
    expect(rows([result('flow', { energyDistance: 0.04 })])[0].agrees.flexible).toBe(false);
    expect(measured(result('ebm', { likelihood: 'unnormalised' }), all).tractableLikelihood).toBe(false);
    expect(claims.gan.tractableLikelihood).toBe(false);
  });

  it('exports the table as CSV and JSON with the same numbers', () => {
    const table = rows([result('flow'), result('gan'), result('vae', { diverged: 'loss "NaN", lower the rate', nll: Infinity })]);
    const csv = rowsToCsv(table).trim().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[1].split(',').slice(0, 6)).toEqual(['flow', '100', '5', '50', '2', '3.1']);
    expect(csv[2].split(',')[5]).toBe('');
    expect(csv[3]).toContain('"loss ""NaN"", lower the rate"');
    const json = JSON.parse(rowsToJson(table, { dataset: 'rings' }));
    expect(json.setting.dataset).toBe('rings');
    expect(json.rows[2].nll).toBe('Infinity');
    expect(json.rows[0].energyRatio).toBeCloseTo(2);
  });

  it('measures the spread of the shares of training time', () => {
    expect(shareSpread([result('flow', { trainingMs: 5000 }), result('vae', { trainingMs: 5400 })])).toBeCloseTo(0.08);
  });

  it('has a sentence for the GAN’s missing likelihood in both languages', () => {
    expect(arenaWords.ganNoNll.en).toMatch(/no likelihood/);
    expect(arenaWords.ganNoNll.ko.length).toBeGreaterThan(20);
  });
});

describe('arena URL', () => {
  it('round-trips dataset, budget, seed and drawn points', () => {
    const points = Float32Array.from([0.5, -1, 1.25, 2]);
    const url = writeArenaUrl({ dataset: 'drawn', budgetSeconds: 30, seed: 9, points }, new URL('https://x.test/en/arena/?old=1#h'));
    const { state, ignored } = readArenaUrl(url);
    expect(ignored).toEqual([]);
    expect(state.dataset).toBe('drawn');
    expect(state.budgetSeconds).toBe(30);
    expect(state.seed).toBe(9);
    // The lab's encoding rounds to a grid of about 0.01.
    state.points.forEach((v, i) => expect(v).toBeCloseTo(points[i], 1));
    expect(state.points.length).toBe(points.length);
  });

  it('falls back to defaults on bad values and names them; a long value is read in bounded time', () => {
    const long = '9'.repeat(200_000) + 'x';
    const { state, ignored } = readArenaUrl(new URL(`https://x.test/?dataset=mnist&budget=500&seed=${long}&points=!!`));
    expect(state).toEqual(defaultArenaState());
    expect(ignored).toEqual(['dataset', 'budget', 'seed', 'points']);
  });

  it('refuses too few drawn points and a budget out of range', () => {
    expect(arenaProblem({ ...defaultArenaState(), dataset: 'drawn', points: new Float32Array(10) })).toEqual({ kind: 'too-few-points', n: 5 });
    expect(arenaProblem({ ...defaultArenaState(), budgetSeconds: 4 })).toEqual({ kind: 'budget' });
    expect(arenaProblem({ ...defaultArenaState(), budgetSeconds: 121 })).toEqual({ kind: 'budget' });
    expect(arenaProblem({ ...defaultArenaState(), seed: NaN })).toEqual({ kind: 'seed' });
    expect(arenaProblem(defaultArenaState())).toBeNull();
  });
});
