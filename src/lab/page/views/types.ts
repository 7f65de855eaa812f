import type { Family } from '../../../models/types';
import type { Fields } from '../../shared/protocol';
import type { Palette } from '../render/palette';
import type { Plot } from '../render/plot';
import type { Lang } from '../../../lib/i18n';
import type { Values } from '../../shared/settings';

/** Everything a family view needs to draw one frame; the widget keeps it up to date. */
export interface ViewModel {
  family: Family;
  lang: Lang;
  values: Values;
  /** The data shown (600 points of the current dataset, or the reader's drawing). */
  data: Float32Array;
  /** The latest model samples, if any. */
  samples: Float32Array | null;
  /** The latest of each field the worker sent (merged: a message updates only what it carries). */
  fields: Fields;
  /** A running animation (after Sample), with its start time in ms (performance.now()). */
  animation: { kind: 'coordinates' | 'trajectories' | 'chains'; start: number } | null;
  reducedMotion: boolean;
  /** Where the reader scrubbed recorded chains to, 0 (start) … 1 (end); null = the end, or the animation. */
  scrub: number | null;
  palette: Palette;
  /** The reader is drawing their own data set. */
  drawing: boolean;
  /** Keyboard cross-hair for drawing, in data coordinates. */
  cursor: [number, number] | null;
}

export interface FamilyView {
  /** Draw both canvases; returns true while an animation wants another frame. */
  draw(main: Plot, aux: Plot, vm: ViewModel, now: number): boolean;
  /** The small canvases under the two views, where a family has them (flow matching: samples by ODE steps). */
  drawStrip?(plots: readonly Plot[], vm: ViewModel): void;
  /** A drag at data point (x, y) on one canvas: the view settings to change, or null. */
  drag?(canvas: 'main' | 'aux', x: number, y: number, vm: ViewModel): Values | null;
}
