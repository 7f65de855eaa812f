/**
 * Messages between the digits page (src/lab/page/digits/) and its worker
 * (src/lab/worker/digits-worker.ts). Images travel as grey levels, one byte per pixel (0 white
 * paper … 255 ink), 196 bytes per 14 × 14 digit, row after row.
 */
import type { DigitScore } from '../../metrics/digit-classifier';
import type { DigitFamily } from '../../models/digit-configs';

/** What the worker fetched for the reader, in bytes: the family's weights, the classifier, the training digits. */
export interface Fetched {
  weights: number;
  classifier: number;
  data: number;
}

export type ToDigits =
  /** Load the family's pretrained weights (from `base`, the site's /digits/ folder) and draw a grid. */
  | { type: 'pretrained'; family: DigitFamily; base: string }
  /** A fresh model of the family, trained on the training digits until 'pause'. */
  | { type: 'train'; family: DigitFamily; base: string }
  | { type: 'pause' }
  /** Digits between grid cells a and b, through their noise. */
  | { type: 'interpolate'; a: number; b: number; steps: number }
  /** The VAE's 2-D latent space, side × side decoded digits. */
  | { type: 'latent-grid'; side: number }
  | { type: 'ping' };

export type FromDigits =
  | { type: 'ready'; fused: boolean }
  | {
      type: 'grid';
      /** Which model drew it: a new number for every new model (its noise, and so its digits, are new too). */
      model: number;
      family: DigitFamily;
      source: 'pretrained' | 'scratch';
      /** 64 digits from the same 64 draws of noise for as long as the model lives. */
      images: Uint8Array;
      score: DigitScore;
      /** Images the score is measured on. */
      scored: number;
      step: number;
      trainingSeconds: number;
      /** Diffusion and flow matching: the grid's way from noise to digits, `frames` × 64 images. */
      path?: Uint8Array;
      frames?: number;
      fetched: Fetched;
      /** Training continues after this grid ('scratch' until paused). */
      training: boolean;
    }
  | { type: 'interpolation'; a: number; b: number; images: Uint8Array; steps: number }
  | { type: 'latent-grid'; side: number; images: Uint8Array }
  /** A file that could not be fetched or read ('weights': the pretrained path fails, training still works). */
  | { type: 'failed'; what: 'weights' | 'classifier' | 'data' | 'training'; message: string }
  | { type: 'pong' }
  | { type: 'error'; message: string };

/** The grid the page shows: 8 × 8 digits. */
export const GRID_SIDE = 8;
export const GRID_DIGITS = GRID_SIDE * GRID_SIDE;
/** Frames of the reverse process sent with a diffusion or flow-matching grid. */
export const PATH_FRAMES = 26;
