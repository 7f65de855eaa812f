/**
 * Messages between the arena page and its worker (src/lab/worker/arena-worker.ts). The worker
 * runs the families one at a time, each for the whole budget of training time, and reports each
 * family's samples as it trains and its measurements when its turn ends.
 */
import type { Family } from '../../models/types';
import type { ArenaCheckpoint, ArenaResult } from '../worker/arena-run';

export interface ArenaConfig {
  /** A toy set's name, or 'drawn' (then `points` holds the reader's drawn or loaded points). */
  dataset: string;
  points: Float32Array;
  seed: number;
  budgetSeconds: number;
  families: readonly Family[];
}

/** 'ping' asks for a 'pong' between two slices of training: the page's watchdog (watchdog.ts). */
export type ToArena = { type: 'start'; config: ArenaConfig } | { type: 'ping' };

export type FromArena =
  | { type: 'ready'; backend: string; threads: 1 | 2; fused: boolean }
  | { type: 'turn'; family: Family; noiseFloor: number; checkpoint: ArenaCheckpoint; data: Float32Array }
  | { type: 'progress'; family: Family; step: number; trainingMs: number; samples: Float32Array; checkpoint?: ArenaCheckpoint }
  | { type: 'result'; family: Family; result: ArenaResult; samples: Float32Array }
  | { type: 'failed'; family: Family; message: string }
  | { type: 'done' }
  | { type: 'pong' }
  | { type: 'error'; message: string };
