/**
 * The arena's settings in the page's query, both ways (the lab's conventions, url-codec.ts): a
 * dataset name, the budget in seconds, the seed, and drawn points in the lab's compact encoding
 * (value-codec.ts `encodePoints`). A bad value falls back to its default and is named, so the page
 * can say what it did not use. Patterns are bounded (no backtracking on a long value).
 */
import { datasetNames } from '../../data/datasets';
import { decodePoints, encodePoints } from './value-codec';

/** The training budget a reader may choose, per family, in seconds. */
export const ARENA_BUDGET = { min: 5, max: 120, default: 15 } as const;

export interface ArenaState {
  dataset: string;
  budgetSeconds: number;
  seed: number;
  points: Float32Array;
}

export const ARENA_MAX_POINTS = 300;
export const ARENA_MIN_POINTS = 20;
export const arenaDatasets: readonly string[] = [...datasetNames, 'drawn'];

export const defaultArenaState = (): ArenaState => ({ dataset: 'eight-gaussians', budgetSeconds: ARENA_BUDGET.default, seed: 1, points: new Float32Array(0) });

const WHOLE = /^[0-9]{1,9}$/;

/** Read the state from a URL; `ignored` names the keys whose values were not used. */
export function readArenaUrl(url: URL): { state: ArenaState; ignored: string[] } {
  const state = defaultArenaState();
  const ignored: string[] = [];
  const q = url.searchParams;
  const dataset = q.get('dataset');
  if (dataset !== null) {
    if (arenaDatasets.includes(dataset)) state.dataset = dataset;
    else ignored.push('dataset');
  }
  const budget = q.get('budget');
  if (budget !== null) {
    const v = WHOLE.test(budget) ? Number(budget) : NaN;
    if (v >= ARENA_BUDGET.min && v <= ARENA_BUDGET.max) state.budgetSeconds = v;
    else ignored.push('budget');
  }
  const seed = q.get('seed');
  if (seed !== null) {
    if (WHOLE.test(seed)) state.seed = Number(seed);
    else ignored.push('seed');
  }
  const points = q.get('points');
  if (points !== null) {
    const p = points.length <= 4 * 2 * ARENA_MAX_POINTS ? decodePoints(points) : null;
    if (p && p.length / 2 <= ARENA_MAX_POINTS) state.points = p;
    else ignored.push('points');
  }
  return { state, ignored };
}

/** The URL with this state in its query (drawn points only for a drawn dataset). */
export function writeArenaUrl(state: ArenaState, url: URL): URL {
  const out = new URL(url.href);
  out.search = '';
  out.hash = '';
  out.searchParams.set('dataset', state.dataset);
  out.searchParams.set('budget', String(state.budgetSeconds));
  out.searchParams.set('seed', String(state.seed));
  if (state.dataset === 'drawn' && state.points.length) out.searchParams.set('points', encodePoints(state.points));
  return out;
}

/** Why a state cannot run, or null. */
export function arenaProblem(state: ArenaState): { kind: 'too-few-points'; n: number } | { kind: 'budget' } | { kind: 'seed' } | null {
  if (!(Number.isInteger(state.budgetSeconds) && state.budgetSeconds >= ARENA_BUDGET.min && state.budgetSeconds <= ARENA_BUDGET.max)) return { kind: 'budget' };
  if (!(Number.isInteger(state.seed) && state.seed >= 0 && state.seed < 2 ** 32)) return { kind: 'seed' };
  if (state.dataset === 'drawn' && state.points.length / 2 < ARENA_MIN_POINTS) return { kind: 'too-few-points', n: state.points.length / 2 };
  return null;
}
