import { describe, expect, it } from 'vitest';
import {
  alertText,
  initialStatus,
  nextStatus,
  statusText,
  trainLabel,
  type LabEvent,
  type LabStatus,
} from '../../../src/lab/page/status';

/** The widget's state machine, driven by the events the widget sends it, as a reader would. */
function play(events: LabEvent[], from: LabStatus = initialStatus): LabStatus {
  return events.reduce(nextStatus, from);
}

/** A widget whose workers have started and whose model is training at `step`. */
function training(step: number): LabStatus {
  return play([{ type: 'loading' }, { type: 'train', ready: false }, { type: 'ready' }, { type: 'progress', step }]);
}

const en = (s: LabStatus): string => statusText(s, 'en');
const ko = (s: LabStatus): string => statusText(s, 'ko');

describe('the lab widget’s state machine', () => {
  it('starts idle, loads on Train and trains once the workers are ready', () => {
    expect(initialStatus.phase).toBe('idle');
    expect(en(initialStatus)).toMatch(/^Ready: press Train/);
    expect(trainLabel(initialStatus, 'en')).toBe('Train');
    const loading = play([{ type: 'loading' }, { type: 'train', ready: false }]);
    expect(loading.phase).toBe('loading');
    expect(en(loading)).toBe('Loading TensorFlow.js…');
    expect(trainLabel(loading, 'en')).toBe('Pause');
    const running = nextStatus(loading, { type: 'ready' });
    expect(running.phase).toBe('running');
    expect(en(running)).toBe('Training');
    expect(running.pendingTrain).toBe(false);
  });

  it('Pause: says the step the counter shows, and follows it as Step is pressed', () => {
    const paused = nextStatus(training(2), { type: 'pause', auto: false, started: true });
    expect(paused.phase).toBe('paused');
    expect(en(paused)).toBe('Paused at step 2');
    expect(ko(paused)).toBe('2스텝에서 일시 정지');
    expect(trainLabel(paused, 'en')).toBe('Train');
    // The counter moves on (a Step, or the last progress message of the run): so does the text.
    expect(en(nextStatus(paused, { type: 'progress', step: 3 }))).toBe('Paused at step 3');
    expect(en(nextStatus(paused, { type: 'progress', step: 12_345 }))).toBe('Paused at step 12,345');
  });

  it('Step from idle: loads, and the paused line follows the counter rather than staying at step 0', () => {
    const s = play([{ type: 'loading' }, { type: 'ready' }]);
    expect(s.phase).toBe('paused');
    expect(en(s)).toBe('Paused at step 0');
    expect(en(play([{ type: 'progress', step: 1 }, { type: 'progress', step: 2 }], s))).toBe('Paused at step 2');
  });

  it('Step while training pauses first', () => {
    const s = play([{ type: 'pause', auto: false, started: true }, { type: 'progress', step: 41 }], training(40));
    expect(s.phase).toBe('paused');
    expect(en(s)).toBe('Paused at step 41');
  });

  it('Reset: a new model at step 0, and the note gives way once it trains', () => {
    const paused = nextStatus(training(500), { type: 'pause', auto: false, started: true });
    const reset = nextStatus(paused, { type: 'reset', started: true });
    expect(reset.phase).toBe('paused');
    expect(reset.step).toBe(0);
    expect(en(reset)).toBe('New model built (step 0).');
    // Its step-0 report keeps the note; a Step replaces it.
    expect(en(nextStatus(reset, { type: 'progress', step: 0 }))).toBe('New model built (step 0).');
    expect(en(nextStatus(reset, { type: 'progress', step: 1 }))).toBe('Paused at step 1');
    // Reset while training keeps training.
    const resetRunning = nextStatus(training(500), { type: 'reset', started: true });
    expect(resetRunning.phase).toBe('running');
    expect(en(nextStatus(resetRunning, { type: 'progress', step: 7_985 }))).toBe('Training');
    // Reset before anything started: back to idle.
    expect(nextStatus(initialStatus, { type: 'reset', started: false })).toEqual(initialStatus);
  });

  it('a model setting changed while training: "New model built" only until the new model trains', () => {
    const changed = nextStatus(training(300), { type: 'model-changed', started: true });
    expect(changed.phase).toBe('running');
    expect(changed.step).toBe(0);
    expect(en(changed)).toBe('New model built (step 0).');
    expect(en(play([{ type: 'progress', step: 0 }, { type: 'progress', step: 40 }], changed))).toBe('Training');
    // Before anything started, a model setting changes nothing but the settings.
    expect(nextStatus(initialStatus, { type: 'model-changed', started: false })).toEqual(initialStatus);
  });

  it('divergence by a runaway energy distance says so, not "infinite or NaN", for every family', () => {
    for (const family of ['autoregressive', 'gan'] as const) {
      const s = nextStatus(training(900), { type: 'diverged', family, reason: 'runaway', step: 900, lr: '0.5', detail: 'Energy distance 42.0, against 1.20 at step 0.' });
      expect(s.phase).toBe('diverged');
      const text = alertText(s, 'en') ?? '';
      expect(text).toMatch(/^Training stopped at step 900: the loss stayed finite, but the samples flew far away/);
      expect(text).not.toMatch(/infinite|NaN/);
      expect(en(s)).toBe(text);
      expect(s.note.kind === 'alert' && s.note.alert.detail).toBe('Energy distance 42.0, against 1.20 at step 0.');
      expect(trainLabel(s, 'en')).toBe('Train');
    }
  });

  it('divergence by NaN: the loss became infinite or NaN, the GAN in its own words; mode collapse apart', () => {
    const nan = (family: 'vae' | 'gan', reason: 'non-finite' | 'mode-collapse') =>
      nextStatus(training(12), { type: 'diverged', family, reason, step: 12, lr: '100', detail: 'loss is NaN' });
    expect(alertText(nan('vae', 'non-finite'), 'en')).toMatch(/^Training stopped at step 12: the loss became infinite or NaN\. The learning rate \(100\)/);
    expect(alertText(nan('gan', 'non-finite'), 'en')).toMatch(/the GAN diverged \(its losses became infinite or NaN\)/);
    expect(alertText(nan('gan', 'mode-collapse'), 'en')).toMatch(/mode collapse/);
    expect(alertText(nan('vae', 'non-finite'), 'ko')).toMatch(/^12스텝에서 학습을 멈췄습니다: 손실이 무한대나 NaN/);
    // Compare mode names the panel; a model change clears the alert and leaves the model paused.
    const panel = nextStatus(training(5), { type: 'diverged', family: 'diffusion', reason: 'non-finite', step: 5, lr: '1', panel: 'Gamma noise', detail: '' });
    expect(alertText(panel, 'en')).toMatch(/^Gamma noise: Training stopped at step 5/);
    const changed = nextStatus(panel, { type: 'model-changed', started: true });
    expect(alertText(changed, 'en')).toBeNull();
    expect(changed.phase).toBe('paused');
  });

  it('drawing with too few points: asks for points, and stops asking once there are some', () => {
    const empty = nextStatus(initialStatus, { type: 'draw-empty' });
    expect(empty.phase).toBe('idle');
    expect(en(empty)).toBe('Draw some points first.');
    expect(ko(empty)).toBe('먼저 점을 몇 개 그려 주세요.');
    // A point that is still not enough (none yet) keeps the request; the first real point ends it.
    expect(en(nextStatus(empty, { type: 'data-changed', trainable: false }))).toBe('Draw some points first.');
    expect(en(nextStatus(empty, { type: 'data-changed', trainable: true }))).toMatch(/^Ready: press Train/);
    // Data changes leave other notes alone.
    const sampled = nextStatus(training(3), { type: 'sampled' });
    expect(en(nextStatus(sampled, { type: 'data-changed', trainable: true }))).toBe('Drew fresh samples.');
  });

  it('an automatic pause says why and remembers to resume; a crash stops with its message', () => {
    const auto = nextStatus(training(20), { type: 'pause', auto: true, started: true });
    expect(auto.autoPaused).toBe(true);
    expect(en(auto)).toBe('Training paused while the widget is off screen.');
    const resumed = nextStatus(auto, { type: 'train', ready: true });
    expect(resumed.autoPaused).toBe(false);
    expect(en(resumed)).toBe('Training');
    const crashed = nextStatus(resumed, { type: 'failed', kind: 'crash', message: 'simulated crash' });
    expect(crashed.phase).toBe('error');
    expect(alertText(crashed, 'en')).toMatch(/The training worker crashed: simulated crash\. Press Reset/);
    expect(nextStatus(crashed, { type: 'reset', started: false })).toEqual(initialStatus);
  });

  it('a worker that never loads: Loading gives way to a timeout alert in both languages, not Loading forever', () => {
    const loading = play([{ type: 'loading' }, { type: 'train', ready: false }]);
    const timedOut = nextStatus(loading, { type: 'timed-out', stage: 'load', seconds: 60 });
    expect(timedOut.phase).toBe('error');
    expect(timedOut.pendingTrain).toBe(false);
    expect(en(timedOut)).not.toBe('Loading TensorFlow.js…');
    expect(alertText(timedOut, 'en')).toMatch(/^The training worker was not ready within 60 s: .*Press Reset to try again/);
    expect(alertText(timedOut, 'ko')).toMatch(/^학습 워커가 60초 안에 준비되지 않았습니다\..*처음부터 버튼/);
    expect(trainLabel(timedOut, 'en')).toBe('Train');
  });

  it('a worker that stops answering while training: "Training" gives way to an alert; Reset starts a new model paused at step 0', () => {
    const stalled = nextStatus(training(120), { type: 'timed-out', stage: 'heartbeat', seconds: 20 });
    expect(stalled.phase).toBe('error');
    expect(en(stalled)).not.toBe('Training');
    expect(alertText(stalled, 'en')).toMatch(/^The training worker has not answered for 20 s .*Press Reset to start a new worker \(your settings and data are kept\)\.$/);
    expect(alertText(stalled, 'ko')).toMatch(/^학습 워커가 20초 동안 응답하지 않아/);
    // The widget has ended the old worker and started a new one: a fresh model, paused, no alert.
    const restarted = nextStatus(stalled, { type: 'reset', started: true });
    expect(restarted.phase).toBe('paused');
    expect(restarted.step).toBe(0);
    expect(alertText(restarted, 'en')).toBeNull();
    expect(trainLabel(restarted, 'en')).toBe('Train');
    // Train before the new worker is ready waits for it, then trains.
    const waiting = nextStatus(restarted, { type: 'train', ready: false });
    expect(waiting.phase).toBe('loading');
    expect(nextStatus(waiting, { type: 'ready' }).phase).toBe('running');
  });
});
