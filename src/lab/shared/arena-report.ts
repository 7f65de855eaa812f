/**
 * The arena's table as data: the measured columns of each family's result, the source's words
 * beside them (the map article's table, content/en/map.mdx) with a mark where this run agrees, and the exports
 * (CSV, JSON). No DOM: the page renders it and a Node test checks it.
 */
import type { Family } from '../../models/types';
import type { ArenaResult } from '../worker/arena-run';

/** What the source's table says of each family (map.mdx; flow matching is not in it: FACTS.md H). */
export interface Claims {
  tractableLikelihood: boolean;
  flexible: boolean;
  fastSampling: boolean;
  inSource: boolean;
}

export const claims: Record<Family, Claims> = {
  autoregressive: { tractableLikelihood: true, flexible: true, fastSampling: false, inSource: true },
  vae: { tractableLikelihood: true, flexible: false, fastSampling: true, inSource: true },
  flow: { tractableLikelihood: true, flexible: true, fastSampling: true, inSource: true },
  ebm: { tractableLikelihood: false, flexible: true, fastSampling: false, inSource: true },
  gan: { tractableLikelihood: false, flexible: true, fastSampling: true, inSource: true },
  diffusion: { tractableLikelihood: true, flexible: true, fastSampling: false, inSource: true },
  'flow-matching': { tractableLikelihood: true, flexible: true, fastSampling: false, inSource: false },
};

/** An energy distance within this many noise floors counts as a fit ("flexible enough for this data"). */
export const FIT_RATIO = 3;
/** Sampling within this many times the fastest family's time counts as fast. */
export const FAST_RATIO = 5;

export interface Measured {
  tractableLikelihood: boolean;
  flexible: boolean;
  fastSampling: boolean;
}

/** What this run measured, in the terms of the claims; compared against the other families' sampling times. */
export function measured(result: ArenaResult, all: readonly ArenaResult[]): Measured {
  const times = all.map((r) => r.msPer1000Samples).filter((v) => Number.isFinite(v) && v > 0);
  const fastest = times.length ? Math.min(...times) : NaN;
  return {
    // An EBM's grid-normalised NLL is finite in 2-D, but only because Z is summed on a grid: not tractable in general.
    tractableLikelihood: result.nll !== null && Number.isFinite(result.nll) && result.likelihood !== 'unnormalised',
    flexible: result.energyDistance / result.noiseFloor <= FIT_RATIO,
    fastSampling: result.msPer1000Samples <= FAST_RATIO * fastest,
  };
}

export interface Row {
  family: Family;
  steps: number;
  trainingSeconds: number;
  msPerStep: number;
  msPer1000Samples: number;
  nll: number | null;
  nllKind: ArenaResult['likelihood'];
  entropy: number | null;
  energyDistance: number;
  noiseFloor: number;
  energyRatio: number;
  diverged: string | null;
  claims: Claims;
  agrees: Record<keyof Measured, boolean>;
}

export function rows(results: readonly ArenaResult[]): Row[] {
  return results.map((r) => {
    const m = measured(r, results);
    const c = claims[r.family];
    return {
      family: r.family,
      steps: r.steps,
      trainingSeconds: r.trainingMs / 1000,
      msPerStep: r.msPerStep,
      msPer1000Samples: r.msPer1000Samples,
      nll: r.nll,
      nllKind: r.likelihood,
      entropy: r.entropy,
      energyDistance: r.energyDistance,
      noiseFloor: r.noiseFloor,
      energyRatio: r.energyDistance / r.noiseFloor,
      diverged: r.diverged,
      claims: c,
      agrees: {
        tractableLikelihood: m.tractableLikelihood === c.tractableLikelihood,
        flexible: m.flexible === c.flexible,
        fastSampling: m.fastSampling === c.fastSampling,
      },
    };
  });
}

/** The spread of the families' training times: (longest − shortest) / shortest. */
export function shareSpread(results: readonly ArenaResult[]): number {
  const t = results.map((r) => r.trainingMs).filter((v) => v > 0);
  if (t.length < 2) return 0;
  return (Math.max(...t) - Math.min(...t)) / Math.min(...t);
}

const num = (v: number | null, digits = 4): string => (v === null ? '' : Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v));

export const CSV_COLUMNS = [
  'family', 'steps', 'trainingSeconds', 'msPerStep', 'msPer1000Samples', 'nll', 'nllKind', 'entropy',
  'energyDistance', 'noiseFloor', 'energyRatio', 'diverged',
] as const;

/** The table as CSV (numbers to 4 significant digits, as the page shows them; text fields quoted). */
export function rowsToCsv(table: readonly Row[]): string {
  const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of table) {
    lines.push([
      r.family, num(r.steps, 12), num(r.trainingSeconds), num(r.msPerStep), num(r.msPer1000Samples), num(r.nll), r.nllKind,
      num(r.entropy), num(r.energyDistance), num(r.noiseFloor), num(r.energyRatio), r.diverged ? quote(r.diverged) : '',
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The table and its setting as JSON (full precision; ∞ and NaN as strings, which JSON cannot hold). */
export function rowsToJson(table: readonly Row[], setting: Record<string, unknown>): string {
  return JSON.stringify({ setting, rows: table }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}

/** Format a table number as the page and the CSV show it. */
export function formatNumber(v: number | null, digits = 4): string {
  return num(v, digits);
}
