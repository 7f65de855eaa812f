/**
 * The lab widget's state machine, apart from the DOM: the phase it is in (what data-state shows
 * and what the Train button says), the line of status text under the buttons and the alert. The
 * widget (widget.ts) turns each reader action and worker message into an event, applies
 * `nextStatus`, and renders the result; the engines are its business, not this module's. Pure:
 * tested in Node (tests/unit/lab/status.test.ts).
 */
import type { Lang } from '../../lib/i18n';
import type { Family } from '../../models/types';
import type { DivergedMessage } from '../shared/protocol';
import { t, type LabTextKey } from '../shared/strings';

type DivergedReason = DivergedMessage['reason'];

export type Phase = 'idle' | 'loading' | 'running' | 'paused' | 'diverged' | 'error';

/**
 * What the status line says. 'phase' follows the phase and the step (so "Paused at step N" moves
 * with the counter); the others are one-off notes, which give way to 'phase' as soon as the step
 * passes the one they were written at (so "New model built (step 0)" does not stay while the
 * model trains), or, for 'draw-empty', as soon as there are points to train on.
 */
export type Note =
  | { kind: 'phase' }
  | { kind: 'reset' | 'sampled' | 'auto-paused'; atStep: number }
  | { kind: 'draw-empty' }
  | { kind: 'alert'; alert: Alert };

/** The box above the canvases that explains a stop (divergence, collapse, crash), with a Reset button. */
export interface Alert {
  key: LabTextKey;
  vars: Record<string, string | number>;
  /** Compare mode: which panel's model stopped ("Gamma noise: …"). */
  panel?: string;
  /** The worker's own explanation, shown under "Details". */
  detail: string;
}

export interface LabStatus {
  phase: Phase;
  /** The first run's step, as the counter shows it. */
  step: number;
  /** Train was pressed before the workers were ready: run when they are. */
  pendingTrain: boolean;
  /** Paused because the widget left the screen or the tab was hidden: resume when it is back. */
  autoPaused: boolean;
  note: Note;
}

export type LabEvent =
  /** Workers were started (first Train, Step or Sample). */
  | { type: 'loading' }
  /** Train pressed (or an automatic resume); `ready` when every worker has its model. */
  | { type: 'train'; ready: boolean }
  /** Pause pressed, or `auto` when the widget leaves the screen; `started` when a worker exists. */
  | { type: 'pause'; auto: boolean; started: boolean }
  /** Every worker reported its model ready. */
  | { type: 'ready' }
  /** The first run reported its step. */
  | { type: 'progress'; step: number }
  /** Reset pressed; `started` when a worker exists. */
  | { type: 'reset'; started: boolean }
  /** A setting that rebuilds the model changed; `started` when a worker exists. */
  | { type: 'model-changed'; started: boolean }
  | { type: 'sampled' }
  /** Train, Step or Sample with "Draw your own" and fewer than one point drawn. */
  | { type: 'draw-empty' }
  /** The data changed (a point drawn or cleared, another dataset); `trainable` when it can be trained on. */
  | { type: 'data-changed'; trainable: boolean }
  | { type: 'diverged'; family: Family; reason: DivergedReason; step: number; lr: string; panel?: string; detail: string }
  | { type: 'failed'; kind: 'crash' | 'error'; message: string }
  /** The watchdog gave up on a worker: it did not load, or stopped answering (src/lab/page/watchdog.ts). */
  | { type: 'timed-out'; stage: 'load' | 'heartbeat'; seconds: number };

export const initialStatus: LabStatus = { phase: 'idle', step: 0, pendingTrain: false, autoPaused: false, note: { kind: 'phase' } };

/** The message that explains a stop: mode collapse, a runaway energy distance, or a non-finite loss. */
export function divergedKey(family: Family, reason: DivergedReason): LabTextKey {
  if (reason === 'mode-collapse') return 'modeCollapse';
  if (reason === 'runaway') return 'runaway';
  return family === 'gan' ? 'divergedGan' : 'diverged';
}

const phaseNote: Note = { kind: 'phase' };

export function nextStatus(s: LabStatus, e: LabEvent): LabStatus {
  switch (e.type) {
    case 'loading':
      return { ...s, phase: 'loading', step: 0, note: phaseNote };
    case 'train':
      return e.ready
        ? { ...s, phase: 'running', pendingTrain: false, autoPaused: false, note: phaseNote }
        : { ...s, phase: 'loading', pendingTrain: true, autoPaused: false, note: phaseNote };
    case 'pause':
      if (!e.started) return { ...s, pendingTrain: false };
      return {
        ...s,
        phase: 'paused',
        pendingTrain: false,
        autoPaused: e.auto,
        note: e.auto ? { kind: 'auto-paused', atStep: Infinity } : phaseNote,
      };
    case 'ready':
      if (s.phase !== 'loading') return s;
      return s.pendingTrain ? { ...s, phase: 'running', pendingTrain: false, note: phaseNote } : { ...s, phase: 'paused', note: phaseNote };
    case 'progress': {
      const note = s.note;
      const stale = (note.kind === 'reset' || note.kind === 'sampled') && e.step > note.atStep;
      return { ...s, step: e.step, note: stale ? phaseNote : note };
    }
    case 'reset':
      // After a failure the widget ends the old workers and starts new ones: `started` again.
      if (!e.started) return { ...initialStatus };
      return {
        ...s,
        phase: s.phase === 'running' ? 'running' : 'paused',
        step: 0,
        autoPaused: false,
        note: { kind: 'reset', atStep: 0 },
      };
    case 'model-changed':
      if (!e.started) return s.note.kind === 'alert' ? { ...s, note: phaseNote } : s;
      return {
        ...s,
        // A stopped model is rebuilt paused; a running one keeps running.
        phase: s.phase === 'diverged' || s.phase === 'error' ? 'paused' : s.phase,
        step: 0,
        note: { kind: 'reset', atStep: 0 },
      };
    case 'sampled':
      return { ...s, note: { kind: 'sampled', atStep: s.step } };
    case 'draw-empty':
      return { ...s, note: { kind: 'draw-empty' } };
    case 'data-changed':
      return s.note.kind === 'draw-empty' && e.trainable ? { ...s, note: phaseNote } : s;
    case 'diverged':
      return {
        ...s,
        phase: 'diverged',
        pendingTrain: false,
        autoPaused: false,
        note: {
          kind: 'alert',
          alert: { key: divergedKey(e.family, e.reason), vars: { step: e.step, lr: e.lr }, panel: e.panel, detail: e.detail },
        },
      };
    case 'failed':
      return {
        ...s,
        phase: 'error',
        pendingTrain: false,
        autoPaused: false,
        note: { kind: 'alert', alert: { key: e.kind === 'crash' ? 'crashed' : 'error', vars: { message: e.message }, detail: '' } },
      };
    case 'timed-out':
      return {
        ...s,
        phase: 'error',
        pendingTrain: false,
        autoPaused: false,
        note: { kind: 'alert', alert: { key: e.stage === 'load' ? 'loadTimeout' : 'stalled', vars: { seconds: e.seconds }, detail: '' } },
      };
  }
}

/** The alert's text, or null when no alert is shown. */
export function alertText(s: LabStatus, lang: Lang): string | null {
  if (s.note.kind !== 'alert') return null;
  const { key, vars, panel } = s.note.alert;
  const text = t(key, lang, vars);
  return panel ? `${panel}: ${text}` : text;
}

/** The status line. */
export function statusText(s: LabStatus, lang: Lang): string {
  switch (s.note.kind) {
    case 'alert':
      return alertText(s, lang) ?? '';
    case 'reset':
      return t('statusReset', lang);
    case 'sampled':
      return t('statusSampled', lang);
    case 'auto-paused':
      return t('statusAutoPaused', lang);
    case 'draw-empty':
      return t('drawEmpty', lang);
    case 'phase':
      switch (s.phase) {
        case 'idle':
          return t('statusIdle', lang);
        case 'loading':
          return t('statusLoading', lang);
        case 'running':
          return t('statusTraining', lang);
        case 'paused':
          return t('statusPaused', lang, { step: s.step.toLocaleString(lang) });
        case 'diverged':
        case 'error':
          return '';
      }
  }
}

/** The Train button's label: Pause while training (or about to). */
export function trainLabel(s: LabStatus, lang: Lang): string {
  return t(s.phase === 'running' || s.phase === 'loading' ? 'pause' : 'train', lang);
}
