import { getDataset } from '../../data/datasets';
import { createRng } from '../../data/random';
import type { Family } from '../../models/types';
import { wireCanvasInput, type CanvasTarget } from './canvas-input';
import { Engine, type EngineEvent } from './engine';
import type { Fields, ViewState } from '../shared/protocol';
import { LossChart } from './render/loss-chart';
import { readPalette } from './render/palette';
import { Plot } from './render/plot';
import type { Lang } from '../../lib/i18n';
import { describeIgnored } from '../shared/notices';
import { normalise, pointsOf, settingFor, settingsFor, type Values } from '../shared/settings';
import { readUrl, writeUrl } from '../shared/url-codec';
import { parseValue } from '../shared/value-codec';
import { chartTerms, t } from '../shared/strings';
import { csvToPoints, pointsToCsv } from '../shared/csv';
import { csvProblemText } from '../shared/csv-problem-text';
import { w } from '../shared/reader-words';
import { canvasesToPng, copyText, downloadBlob, labLink } from './share';
import { meanNearestGap, pathsAtTime, timePlayback } from './views/scrub';
import { MAX_DRAWN } from './canvas-input';
import { timeoutsFrom } from './watchdog';
import { alertText, initialStatus, nextStatus, statusText, trainLabel, type LabEvent, type LabStatus } from './status';
import { drawComparePanel } from './views/compare';
import { familyViews } from './views/index';
import type { ViewModel } from './views/types';

/** Data points shown before and during training (the worker shows the same 600, same seed). */
const DISPLAY_DATA = 600;

/**
 * One model being trained: its worker, what it last reported, and where it is drawn. A widget has
 * one run, or three in the noise comparison (Gaussian, Gamma, mixture) sharing one set of controls.
 */
interface Run {
  engine: Engine;
  vm: ViewModel;
  /** Compare mode: the noise of this run, overriding the shared settings. */
  noise?: string;
  /** Compare mode: the run's own canvas and energy readout. */
  panel?: { plot: Plot; energy: HTMLElement | null; label: string; root: HTMLElement };
  step: number;
  energyAtStart: number | null;
  ready: boolean;
}

/**
 * A lab widget on the page: wires the server-rendered controls (src/widgets/Lab.astro) to the
 * settings table, the URL, the training worker(s) and the canvases. No tfjs here: the worker owns it.
 * Tests read its progress from data attributes on the root: data-state, data-step, data-energy,
 * data-energy-start, data-noise-floor.
 */
export class LabWidget {
  readonly family: Family;
  readonly id: string;
  readonly lang: Lang;
  private readonly overrides: Record<string, string>;
  private values: Values;
  private readonly runs: Run[];
  private readonly compare: boolean;
  /** Single-family mode: the two canvases and the loss chart. */
  private readonly main: Plot | null = null;
  private readonly aux: Plot | null = null;
  private readonly chart: LossChart | null = null;
  /** The energy distance over training, log scale, with the noise floor (single-family mode). */
  private readonly quality: LossChart | null = null;
  /** Flow matching's strip: samples by number of ODE steps (empty for the other families). */
  private readonly strip: Plot[] = [];
  /** The time slider's playback (diffusion's "Play reverse", flow matching's t from 0 to 1): its animation frame. */
  private playFrame = 0;
  /** Diffusion: play the reverse process once the trajectories of a Sample arrive. */
  private pendingReverse = false;
  /** The phase and the status line (status.ts); changed only through dispatch(). */
  private status: LabStatus = initialStatus;
  /** What computes the first run's training steps, for the backend stat (set when its model is ready). */
  private path: { backend: string; trainingPath: 'tfjs' | 'fused'; threads: 1 | 2 } | null = null;
  private visible = true;
  private frame = 0;
  private lastDraw = 0;
  private lastChart = 0;
  /** The canvases need a redraw (new samples or fields, a setting, the theme, a resize). */
  private canvasDirty = true;
  private viewTimer = 0;
  private urlTimer = 0;
  private readonly reducedMotion: MediaQueryList;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly root: HTMLElement) {
    this.family = root.dataset.family as Family;
    this.id = root.dataset.id ?? this.family;
    this.lang = root.dataset.lang === 'ko' ? 'ko' : 'en';
    this.compare = root.dataset.compare !== undefined;
    this.overrides = JSON.parse(root.dataset.defaults ?? '{}') as Record<string, string>;
    const { values, ignored } = readUrl(this.family, this.id, new URL(location.href), this.overrides);
    this.values = values;
    this.reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

    const palette = readPalette(root);
    const makeRun = (noise?: string, panel?: Run['panel']): Run => {
      const run: Run = {
        engine: null as unknown as Engine,
        vm: {
          family: this.family,
          lang: this.lang,
          values: this.values,
          data: new Float32Array(0),
          samples: null,
          fields: {},
          animation: null,
          reducedMotion: this.reducedMotion.matches,
          scrub: null,
          palette,
          drawing: false,
          cursor: null,
        },
        noise,
        panel,
        step: 0,
        energyAtStart: null,
        ready: false,
      };
      run.engine = new Engine(
        this.family,
        (e) => this.onEngine(run, e),
        () => timeoutsFrom(root.dataset.watchdog),
      );
      return run;
    };
    if (this.compare) {
      this.runs = [...root.querySelectorAll<HTMLElement>('[data-panel]')].map((el) => {
        const canvas = el.querySelector<HTMLCanvasElement>('canvas');
        if (!canvas) throw new Error(`lab widget ${this.id}: a compare panel has no canvas`);
        const label = el.querySelector('figcaption')?.firstChild?.textContent?.trim() ?? '';
        const energy = el.querySelector<HTMLElement>('[data-panel-stat=energy]');
        return makeRun(el.dataset.panel, { plot: new Plot(canvas), energy, label, root: el });
      });
    } else {
      this.main = new Plot(this.q<HTMLCanvasElement>('[data-role=main]'));
      this.aux = new Plot(this.q<HTMLCanvasElement>('[data-role=aux]'));
      this.strip = [...root.querySelectorAll<HTMLCanvasElement>('[data-role=strip]')].map((c) => new Plot(c));
      this.chart = new LossChart(this.q('[data-role=chart]'), this.lang, palette.muted, {
        xLabel: w('stepAxis', this.lang),
        yLabel: w('lossAxis', this.lang),
      });
      this.quality = new LossChart(this.q('[data-role=quality-chart]'), this.lang, palette.muted, {
        xLabel: w('stepAxis', this.lang),
        yLabel: w('energyAxis', this.lang),
        log: true,
        floorLabel: w('floorLine', this.lang),
      });
      this.runs = [makeRun()];
    }

    this.showIgnored(ignored.length ? describeIgnored(this.family, ignored, this.lang) : []);
    this.syncControls();
    this.refreshData();
    this.wireControls();
    this.wireButtons();
    this.wireCanvases();
    this.wireManners();
    this.wireHelp();
    this.wireShare();
    root.querySelector('[data-role=poster]')?.setAttribute('hidden', '');
    root.dataset.hydrated = '';
    this.render();
    this.invalidate();
  }

  // -------------------------------------------------------------------------------------------
  // DOM helpers

  private q<T extends HTMLElement = HTMLElement>(sel: string): T {
    const el = this.root.querySelector<T>(sel);
    if (!el) throw new Error(`lab widget ${this.id}: missing ${sel}`);
    return el;
  }

  private stat(name: string, text: string): void {
    const el = this.root.querySelector(`[data-stat=${name}]`);
    // Skip identical text: every DOM change costs a layout and a paint of the widget.
    if (el && el.textContent !== text) el.textContent = text;
  }

  /** Apply one event to the state machine and show the result. */
  private dispatch(e: LabEvent): void {
    this.status = nextStatus(this.status, e);
    this.render();
  }

  /** The phase (data-state), the Train button's label, the status line and the alert. */
  private render(): void {
    const s = this.status;
    this.root.dataset.state = s.phase;
    const train = this.q<HTMLButtonElement>('[data-action=train]');
    const label = trainLabel(s, this.lang);
    if (train.textContent !== label) train.textContent = label;
    const status = this.q('[data-role=status]');
    const text = statusText(s, this.lang);
    if (status.textContent !== text) status.textContent = text;
    const alert = alertText(s, this.lang);
    if (alert === null) {
      this.hideKeepingFocus(this.q('[data-role=alert]'));
      return;
    }
    const box = this.q('[data-role=alert-text]');
    if (box.textContent !== alert) box.textContent = alert;
    const detail = s.note.kind === 'alert' ? s.note.alert.detail : '';
    const d = this.q('[data-role=alert-detail]');
    if (d.textContent !== detail) d.textContent = detail;
    d.hidden = detail === '';
    this.q('[data-role=alert]').hidden = false;
  }

  /**
   * Hide a box; if the keyboard focus was inside it (its Reset or Dismiss button), move the focus
   * to the Train button rather than let it drop to the page's <body>.
   */
  private hideKeepingFocus(box: HTMLElement): void {
    if (box.hidden) return;
    const hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    if (hadFocus) this.q<HTMLButtonElement>('[data-action=train]').focus();
  }

  private showIgnored(lines: string[]): void {
    const box = this.q('[data-role=notice]');
    box.querySelector('ul')?.replaceChildren(
      ...lines.map((line) => {
        const li = document.createElement('li');
        li.textContent = line;
        return li;
      }),
    );
    box.hidden = lines.length === 0;
  }

  private plots(): Plot[] {
    return this.compare ? this.runs.map((r) => r.panel?.plot as Plot) : [this.main as Plot, this.aux as Plot, ...this.strip];
  }

  /** The canvases the reader draws data on. */
  private drawingPlots(): Plot[] {
    return this.compare ? this.plots() : [this.main as Plot];
  }

  // -------------------------------------------------------------------------------------------
  // Settings ↔ controls ↔ URL

  /** Put the current values into the controls, and show only the controls whose condition holds. */
  private syncControls(): void {
    for (const s of settingsFor(this.family)) {
      const el = this.root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-key="${s.key}"]`);
      if (!el) continue;
      const v = this.values[s.key];
      if (s.kind === 'boolean') (el as HTMLInputElement).checked = Boolean(v);
      else if (s.kind !== 'points' && document.activeElement !== el) el.value = String(v);
      const out = this.root.querySelector(`[data-output-for="${s.key}"]`);
      if (out) out.textContent = String(v);
    }
    for (const wrap of this.root.querySelectorAll<HTMLElement>('[data-when-key]')) {
      wrap.hidden = this.values[wrap.dataset.whenKey ?? ''] !== wrap.dataset.whenValue;
    }
    // Sliders whose maximum follows another setting (flow layer ≤ layers, diffusion t ≤ T).
    const bound = (key: string, max: number): void => {
      const el = this.root.querySelector<HTMLInputElement>(`[data-key="${key}"]`);
      if (el) el.max = String(max);
    };
    if (this.family === 'flow') bound('layer', Number(this.values.layers));
    if (this.family === 'diffusion') {
      bound('t', Number(this.values.T));
      bound('ddimSteps', Number(this.values.T));
    }
    const drawing = this.values.dataset === 'drawn';
    this.q('[data-role=draw-hint]').hidden = !drawing;
    this.q('[data-action=clear]').hidden = !drawing;
    for (const plot of this.drawingPlots()) {
      plot.canvas.tabIndex = drawing ? 0 : -1;
      if (drawing) plot.canvas.setAttribute('aria-describedby', `${this.id}-draw-hint`);
      else plot.canvas.removeAttribute('aria-describedby');
    }
    for (const run of this.runs) run.vm.drawing = drawing;
    this.root.toggleAttribute('data-drawing', drawing);
  }

  private scheduleUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => {
      const url = new URL(labLink(writeUrl(this.family, this.id, this.values, new URL(location.href), this.overrides).href, this.id));
      if (url.href !== location.href) history.replaceState(history.state, '', url);
    }, 250);
  }

  /** The settings a run's worker gets (compare mode fixes each run's noise). */
  private runValues(run: Run): Values {
    return run.noise ? { ...this.values, noise: run.noise } : this.values;
  }

  /** Apply new values: update controls, URL and data, and tell the workers according to each key's effect. */
  private apply(changes: Values): void {
    const before = this.values;
    this.values = normalise(this.family, { ...this.values, ...changes });
    for (const run of this.runs) run.vm.values = this.runValues(run);
    const changed = Object.keys(this.values).filter((k) => !sameValue(before[k], this.values[k]));
    if (changed.length === 0) return;
    this.syncControls();
    this.scheduleUrl();
    const effects = new Set(changed.map((k) => settingFor(this.family, k)?.effect));
    if (changed.includes('dataset') || changed.includes('points')) {
      this.refreshData();
      this.dispatch({ type: 'data-changed', trainable: this.trainable() });
    }
    if (effects.has('model')) {
      const started = this.started();
      if (started) {
        this.resetDisplay();
        for (const run of this.runs) {
          run.ready = false;
          run.engine.send({ type: 'reset', values: this.runValues(run) });
        }
      }
      this.dispatch({ type: 'model-changed', started });
    } else {
      if (effects.has('live')) for (const run of this.runs) run.engine.send({ type: 'config', values: this.runValues(run) });
      if (effects.has('view')) this.sendView();
    }
    this.invalidate();
  }

  private viewState(): ViewState {
    return {
      slice: Number(this.values.slice ?? 0),
      z: [Number(this.values.z1 ?? 0), Number(this.values.z2 ?? 0)],
      t: Number(this.values.t ?? 0),
      reducedMotion: this.reducedMotion.matches,
    };
  }

  /** View changes (dragging a slice, moving t) reach the worker at most ~15 times a second. */
  private sendView(): void {
    if (!this.started() || this.viewTimer) return;
    this.viewTimer = window.setTimeout(() => {
      this.viewTimer = 0;
      for (const run of this.runs) run.engine.send({ type: 'config', view: this.viewState() });
    }, 66);
  }

  private wireControls(): void {
    for (const s of settingsFor(this.family)) {
      const el = this.root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-key="${s.key}"]`);
      if (!el) continue;
      const error = this.root.querySelector<HTMLElement>(`[data-error-for="${s.key}"]`);
      const read = (): void => {
        if (s.kind === 'boolean') {
          this.apply({ [s.key]: (el as HTMLInputElement).checked });
          return;
        }
        const parsed = parseValue(s, el.value);
        if (!parsed.ok) {
          el.setAttribute('aria-invalid', 'true');
          if (error && s.kind === 'number') {
            error.textContent = t('invalidValue', this.lang, { min: s.min, max: s.max });
            error.hidden = false;
          }
          return;
        }
        el.removeAttribute('aria-invalid');
        if (error) error.hidden = true;
        this.apply({ [s.key]: parsed.value });
      };
      // View sliders follow the thumb; everything else applies when committed.
      const live = s.kind === 'number' && s.control === 'range' && s.effect === 'view';
      el.addEventListener(live ? 'input' : 'change', read);
      if (s.kind === 'number' && s.control === 'range' && !live) {
        el.addEventListener('input', () => {
          const out = this.root.querySelector(`[data-output-for="${s.key}"]`);
          if (out) out.textContent = el.value;
        });
      }
    }
    this.root.querySelector('[data-action=dismiss]')?.addEventListener('click', () => {
      this.hideKeepingFocus(this.q('[data-role=notice]'));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Buttons

  private wireButtons(): void {
    const on = (action: string, f: () => void): void => {
      for (const b of this.root.querySelectorAll(`[data-action=${action}]`)) b.addEventListener('click', f);
    };
    on('train', () => (this.status.phase === 'running' || this.status.phase === 'loading' ? this.pause() : this.train()));
    on('step', () => {
      if (!this.ensureStarted()) return;
      if (this.status.phase === 'running' || this.status.pendingTrain) this.pause();
      for (const run of this.runs) run.engine.send({ type: 'step', count: 1 });
    });
    on('reset', () => this.reset());
    on('sample', () => {
      if (!this.ensureStarted()) return;
      for (const run of this.runs) run.engine.send({ type: 'sample' });
      this.dispatch({ type: 'sampled' });
      if (this.family === 'diffusion' && !this.compare) this.pendingReverse = true;
    });
    on('clear', () => this.apply({ points: new Float32Array(0) }));
    on('play-time', () => this.playTime());
    on('reflow', () => {
      if (!this.ensureStarted()) return;
      for (const run of this.runs) run.engine.send({ type: 'action', name: 'reflow' });
    });
  }

  private started(): boolean {
    return this.runs.some((r) => r.engine.started);
  }

  /** The data can be trained on: a named dataset, or at least one drawn point. */
  private trainable(): boolean {
    return this.values.dataset !== 'drawn' || pointsOf(this.values).length >= 2;
  }

  /** Start the workers on first use; false if there is nothing to train on. */
  private ensureStarted(): boolean {
    if (!this.trainable()) {
      this.dispatch({ type: 'draw-empty' });
      return false;
    }
    if (!this.started()) {
      this.resetDisplay();
      this.dispatch({ type: 'loading' });
      for (const run of this.runs) {
        run.ready = false;
        run.engine.start(this.runValues(run), this.viewState());
      }
    }
    return true;
  }

  private train(): void {
    if (!this.ensureStarted()) return;
    for (const run of this.runs) run.engine.send({ type: 'train' });
    // Not ready yet: 'loading' until the workers report ready, then 'running'.
    this.dispatch({ type: 'train', ready: this.runs.every((r) => r.ready) });
  }

  private pause(auto = false): void {
    const started = this.started();
    if (started) for (const run of this.runs) run.engine.send({ type: 'pause' });
    this.dispatch({ type: 'pause', auto, started });
  }

  private reset(): void {
    if (this.status.phase === 'error') {
      this.restart();
      return;
    }
    this.resetDisplay();
    const started = this.started();
    if (started) {
      for (const run of this.runs) {
        run.ready = false;
        run.engine.send({ type: 'reset', values: this.runValues(run) });
      }
    }
    this.dispatch({ type: 'reset', started });
  }

  /**
   * After a crash, an error or a timeout: end every worker (one may still run in compare mode, or
   * hang) and start new ones with the reader's settings and data, paused at step 0.
   */
  private restart(): void {
    for (const run of this.runs) run.engine.stop();
    this.resetDisplay();
    if (!this.trainable()) {
      this.dispatch({ type: 'reset', started: false });
      return;
    }
    for (const run of this.runs) {
      run.ready = false;
      run.engine.start(this.runValues(run), this.viewState());
    }
    this.dispatch({ type: 'reset', started: true });
  }

  /** Forget what the old model showed: step 0, no samples or fields, an empty chart. */
  private resetDisplay(): void {
    for (const run of this.runs) {
      run.step = 0;
      run.energyAtStart = null;
      run.vm.samples = null;
      run.vm.fields = {};
      run.vm.animation = null;
      run.vm.scrub = null;
      if (run.panel?.energy) run.panel.energy.textContent = '–';
      delete run.panel?.root.dataset.energy;
    }
    this.chart?.reset();
    this.quality?.reset();
    this.showScrub(false);
    this.stat('step', '0');
    this.stat('rate', '–');
    this.stat('energy', '–');
    this.stat('start', '–');
    this.root.dataset.step = '0';
    delete this.root.dataset.energy;
    delete this.root.dataset.energyStart;
    this.invalidate();
  }

  // -------------------------------------------------------------------------------------------
  // Worker messages

  private onEngine(run: Run, e: EngineEvent): void {
    const first = run === this.runs[0];
    switch (e.type) {
      case 'backend': {
        if (!first) return;
        this.stat('backend', e.backend);
        // A live region (role=status) that stays in the page, so a screen reader hears the text arrive.
        this.q('[data-role=backend-note]').textContent = e.reason
          ? t('backendFallback', this.lang, { backend: e.backend, requested: e.requested, reason: e.reason })
          : '';
        return;
      }
      case 'ready':
        run.ready = true;
        run.energyAtStart = null;
        if (first) {
          this.path = { backend: e.backend, trainingPath: e.trainingPath, threads: 1 };
          this.showPath();
          this.q('[data-role=fused-note]').textContent = e.fusedUnavailable ? t('fusedUnavailable', this.lang, { reason: e.fusedUnavailable }) : '';
          this.stat('floor', fmt(e.noiseFloor));
          this.root.dataset.noiseFloor = String(e.noiseFloor);
          this.chart?.reset();
          this.quality?.reset();
          this.quality?.setFloor(e.noiseFloor);
        }
        if (this.runs.every((r) => r.ready)) this.dispatch({ type: 'ready' });
        return;
      case 'progress':
        this.onProgress(run, e);
        return;
      case 'diverged':
        for (const r of this.runs) r.engine.send({ type: 'pause' });
        this.dispatch({
          type: 'diverged',
          family: this.family,
          reason: e.reason,
          step: e.step,
          lr: String(this.values.lr),
          panel: run.panel?.label,
          detail: e.message,
        });
        return;
      case 'error':
      case 'crash':
        for (const r of this.runs) r.engine.stop();
        this.dispatch({ type: 'failed', kind: e.type, message: e.message });
        return;
      case 'timeout':
        for (const r of this.runs) r.engine.stop();
        this.dispatch({ type: 'timed-out', stage: e.stage, seconds: e.seconds });
        return;
    }
  }

  /** The backend stat: the tfjs backend, and the fused kernels with their threads when training runs in them. */
  private showPath(): void {
    if (!this.path) return;
    const { backend, trainingPath, threads } = this.path;
    const kernels = threads === 2 ? t('fusedKernelsThreads', this.lang, { threads }) : t('fusedKernels', this.lang);
    this.stat('backend', trainingPath === 'fused' ? `${backend} + ${kernels}` : backend);
    this.root.dataset.trainingPath = trainingPath;
    this.root.dataset.threads = String(threads);
  }

  private onProgress(run: Run, e: Extract<EngineEvent, { type: 'progress' }>): void {
    const first = run === this.runs[0];
    run.step = e.step;
    if (first) {
      if (this.path && e.threads !== this.path.threads) {
        this.path.threads = e.threads;
        this.showPath();
      }
      this.root.dataset.step = String(e.step);
      this.stat('step', e.step.toLocaleString(this.lang));
      if (e.step !== this.status.step) this.dispatch({ type: 'progress', step: e.step });
      this.stat('rate', e.running ? e.stepsPerSecond.toFixed(0) : '–');
    }
    if (e.losses && first && this.chart) {
      const terms = chartTerms[this.family];
      const losses = e.losses;
      const shown = terms ? Object.fromEntries(terms.filter((k) => k in losses).map((k) => [k, losses[k]])) : losses;
      this.chart.push(e.step, Object.keys(shown).length ? shown : losses);
      this.q('[data-role=chart-empty]').hidden = true;
    }
    if (e.energyDistance !== undefined) {
      if (run.energyAtStart === null && e.step === 0) run.energyAtStart = e.energyDistance;
      if (run.panel?.energy) {
        // A difference under the noise floor is chance: say so beside the number.
        const floor = Number(this.root.dataset.noiseFloor);
        const below = Number.isFinite(floor) && e.energyDistance < floor;
        run.panel.energy.textContent = below ? `${fmt(e.energyDistance)} (${w('belowFloor', this.lang)})` : fmt(e.energyDistance);
        run.panel.root.dataset.energy = String(e.energyDistance);
      }
      if (first) {
        this.quality?.push(e.step, { energy: e.energyDistance });
        const smoothed = this.quality?.smoothed('energy') ?? NaN;
        this.stat('energy', fmt(Number.isFinite(smoothed) ? smoothed : e.energyDistance));
        this.root.dataset.energy = String(e.energyDistance);
        if (run.energyAtStart !== null) {
          this.root.dataset.energyStart = String(run.energyAtStart);
          this.stat('start', fmt(run.energyAtStart));
        }
      }
    }
    if (e.samples) {
      run.vm.samples = e.samples;
      // For tests: how many samples are shown, and the first as the CSV download writes it.
      if (first) {
        this.root.dataset.samples = String(e.samples.length / 2);
        this.root.dataset.samplesHead = pointsToCsv(e.samples.subarray(0, 2)).split('\n')[1] ?? '';
      }
    }
    if (e.fields) this.mergeFields(run, e.fields);
    // A message with only numbers updates the text and the chart; the canvases wait for pictures.
    this.invalidate(false, Boolean(e.samples || e.fields));
  }

  private mergeFields(run: Run, fields: Fields): void {
    Object.assign(run.vm.fields, fields);
    const now = performance.now();
    if (fields.coordinateSteps) run.vm.animation = { kind: 'coordinates', start: now };
    else if (fields.trajectories) {
      run.vm.animation = { kind: 'trajectories', start: now };
      if (this.pendingReverse && run === this.runs[0]) {
        this.pendingReverse = false;
        this.playTime();
      }
    } else if (fields.chains) {
      run.vm.animation = { kind: 'chains', start: now };
      run.vm.scrub = null;
      this.showScrub(true);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Data and canvases

  private refreshData(): void {
    const data =
      this.values.dataset === 'drawn'
        ? pointsOf(this.values).slice()
        : getDataset(String(this.values.dataset)).sample(DISPLAY_DATA, createRng(1));
    for (const run of this.runs) run.vm.data = data;
    this.invalidate();
  }

  private wireCanvases(): void {
    const targets: CanvasTarget[] = this.compare
      ? this.plots().map((plot) => ({ plot, which: 'main' as const, draws: true }))
      : [
          { plot: this.main as Plot, which: 'main', draws: true },
          { plot: this.aux as Plot, which: 'aux', draws: false },
        ];
    wireCanvasInput(
      {
        values: () => this.values,
        apply: (changes) => this.apply(changes),
        viewModels: () => this.runs.map((r) => r.vm),
        invalidate: () => this.invalidate(),
      },
      targets,
      this.compare ? undefined : familyViews[this.family].drag,
    );
    const ro = new ResizeObserver(() => {
      let changed = false;
      for (const plot of this.plots()) changed = plot.resize() || changed;
      if (changed) this.invalidate(true);
    });
    for (const plot of this.plots()) ro.observe(plot.canvas);
    this.cleanups.push(() => ro.disconnect());
  }

  /**
   * Ask for a frame; a frame draws the latest state only, however many messages came in between.
   * `canvas` = false asks only for the loss chart (redrawn at most four times a second).
   */
  invalidate(force = false, canvas = true): void {
    if (canvas) this.canvasDirty = true;
    if (this.frame) return;
    this.frame = requestAnimationFrame((now) => {
      this.frame = 0;
      if (now - this.lastChart >= 250) {
        this.lastChart = now;
        this.chart?.render();
        this.quality?.render();
      } else if (!this.canvasDirty) {
        this.invalidate(false, false);
        return;
      }
      if (!this.canvasDirty) return;
      // Reduced motion: at most 10 redraws a second.
      if (!force && this.reducedMotion.matches && now - this.lastDraw < 100) {
        window.setTimeout(() => this.invalidate(), 100 - (now - this.lastDraw));
        return;
      }
      this.lastDraw = now;
      this.canvasDirty = false;
      let animating = false;
      if (this.compare) {
        for (const run of this.runs) {
          const panel = run.panel;
          if (!panel) continue;
          const a = drawComparePanel(panel.plot, run.vm, now);
          if (!a) run.vm.animation = null;
          animating = a || animating;
        }
      } else {
        const vm = this.runs[0].vm;
        const view = familyViews[this.family];
        animating = view.draw(this.main as Plot, this.aux as Plot, vm, now);
        if (this.strip.length > 0) view.drawStrip?.(this.strip, vm);
        if (!animating) vm.animation = null;
        this.reportReverse(vm);
      }
      if (animating && this.visible) this.invalidate();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Good manners: pause off screen and in hidden tabs; follow the theme and the motion preference.

  private wireManners(): void {
    const resumeIfAuto = (): void => {
      if (this.status.autoPaused && this.visible && document.visibilityState === 'visible') this.train();
    };
    const autoPause = (): void => {
      if (this.status.phase === 'running' || this.status.phase === 'loading') this.pause(true);
    };
    const io = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible) {
        resumeIfAuto();
        this.invalidate();
      } else autoPause();
    });
    io.observe(this.root);
    const onVisibility = (): void => (document.visibilityState === 'hidden' ? autoPause() : resumeIfAuto());
    document.addEventListener('visibilitychange', onVisibility);
    const onMotion = (): void => {
      for (const run of this.runs) {
        run.vm.reducedMotion = this.reducedMotion.matches;
        run.engine.send({ type: 'config', view: this.viewState() });
      }
    };
    this.reducedMotion.addEventListener('change', onMotion);
    const repaint = (): void => {
      const palette = readPalette(this.root);
      for (const run of this.runs) run.vm.palette = palette;
      this.chart?.restyle(palette.muted);
      this.quality?.restyle(palette.muted);
      this.invalidate(true);
    };
    const themeObserver = new MutationObserver(repaint);
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', repaint);
    this.cleanups.push(
      () => io.disconnect(),
      () => document.removeEventListener('visibilitychange', onVisibility),
      () => this.reducedMotion.removeEventListener('change', onMotion),
      () => themeObserver.disconnect(),
      () => scheme.removeEventListener('change', repaint),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Words: each stat's explanation shows on hover and focus (CSS) and toggles on a tap or click.

  private wireHelp(): void {
    const buttons = [...this.root.querySelectorAll<HTMLButtonElement>('[data-role=stat-help]')];
    const close = (except?: HTMLButtonElement): void => {
      for (const b of buttons) if (b !== except) b.setAttribute('aria-expanded', 'false');
    };
    for (const b of buttons) {
      b.addEventListener('click', () => {
        const open = b.getAttribute('aria-expanded') !== 'true';
        close(b);
        b.setAttribute('aria-expanded', String(open));
      });
      b.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') b.setAttribute('aria-expanded', 'false');
      });
      b.addEventListener('blur', () => b.setAttribute('aria-expanded', 'false'));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Scrubbing: the time slider plays diffusion's reverse process or flow matching's ODE; the EBM's chain slider.

  /** Move the time slider through its playback (views/scrub.ts timePlayback) over about three seconds (at once with reduced motion). */
  private playTime(): void {
    cancelAnimationFrame(this.playFrame);
    const play = timePlayback(this.family, this.values);
    if (!play) return;
    const at = (u: number): number => Math.round((play.from + u * (play.to - play.from)) / play.resolution) * play.resolution;
    if (this.reducedMotion.matches) {
      this.apply({ t: at(1) });
      return;
    }
    const start = performance.now();
    const tick = (now: number): void => {
      const u = Math.min(1, (now - start) / 3000);
      this.apply({ t: at(u) });
      this.playFrame = u < 1 ? requestAnimationFrame(tick) : 0;
    };
    this.playFrame = requestAnimationFrame(tick);
  }

  private showScrub(show: boolean): void {
    const field = this.root.querySelector<HTMLElement>('[data-role=scrub-field]');
    if (field) field.hidden = !show;
    const input = this.root.querySelector<HTMLInputElement>('[data-role=scrub]');
    if (input && show) input.value = '100';
    const out = this.root.querySelector('[data-role=scrub-output]');
    if (out && show) out.textContent = '100%';
  }

  private wireScrub(): void {
    const input = this.root.querySelector<HTMLInputElement>('[data-role=scrub]');
    if (!input) return;
    input.addEventListener('input', () => {
      const v = Number(input.value);
      for (const run of this.runs) {
        run.vm.scrub = v / 100;
        run.vm.animation = null;
      }
      const out = this.root.querySelector('[data-role=scrub-output]');
      if (out) out.textContent = `${v}%`;
      this.invalidate();
    });
  }

  /**
   * For tests and tools, in data attributes: diffusion and flow matching, how far the paths shown at
   * the slider's t still are from the data (data-reverse-t, data-reverse-gap); flow matching, the
   * paths' straightness and reflow count, and the strip's energy distances (steps:ratio, …).
   */
  private reportReverse(vm: ViewModel): void {
    const shown = pathsAtTime(this.family, vm.values, vm.fields);
    if (shown) {
      this.root.dataset.reverseT = String(shown.t);
      this.root.dataset.reverseGap = meanNearestGap(shown.points, vm.data).toFixed(4);
    }
    const { odePaths, fewSteps } = vm.fields;
    if (odePaths) {
      this.root.dataset.straightness = odePaths.straightness.toFixed(4);
      this.root.dataset.reflows = String(odePaths.reflows);
    }
    if (fewSteps) this.root.dataset.strip = fewSteps.steps.map((n, i) => `${n}:${fewSteps.ratios[i].toFixed(2)}`).join(',');
  }

  // -------------------------------------------------------------------------------------------
  // Share and save

  private shareNote(text: string): void {
    const note = this.q('[data-role=share-note]');
    note.textContent = text;
    note.hidden = text === '';
  }

  private wireShare(): void {
    const on = (action: string, f: () => void): void => {
      this.root.querySelector(`[data-action=${action}]`)?.addEventListener('click', f);
    };
    on('copy-link', () => {
      clearTimeout(this.urlTimer);
      const url = writeUrl(this.family, this.id, this.values, new URL(location.href), this.overrides);
      const link = labLink(url.href, this.id);
      if (link !== location.href) history.replaceState(history.state, '', link);
      const box = this.q('[data-role=link-box]');
      const input = this.q<HTMLInputElement>('[data-role=link]');
      input.value = link;
      box.hidden = false;
      void copyText(link).then((ok) => {
        this.shareNote(w(ok ? 'linkCopied' : 'linkShown', this.lang));
        if (!ok) input.select();
      });
    });
    on('download-csv', () => {
      const samples = this.runs[0].vm.samples;
      if (!samples || samples.length === 0) {
        this.shareNote(w('noSamples', this.lang));
        return;
      }
      this.shareNote('');
      downloadBlob(`${this.id}-samples-step-${this.runs[0].step}.csv`, new Blob([pointsToCsv(samples)], { type: 'text/csv' }));
    });
    on('download-png', () => {
      const background = this.runs[0].vm.palette.background;
      void canvasesToPng(this.plots().map((p) => p.canvas), background).then((blob) => {
        if (blob) downloadBlob(`${this.id}-step-${this.runs[0].step}.png`, blob);
      });
    });
    const file = this.root.querySelector<HTMLInputElement>('[data-role=csv-file]');
    file?.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) void f.text().then((text) => this.loadCsv(text));
    });
    this.wireScrub();
  }

  /** Points from a CSV file become the data ("draw your own"), or the file is refused with the row at fault. */
  private loadCsv(text: string): void {
    const result = csvToPoints(text, MAX_DRAWN);
    const note = this.q('[data-role=csv-note]');
    note.hidden = false;
    if (!result.ok) {
      note.textContent = csvProblemText(result.problem, this.lang);
      this.root.dataset.csv = 'refused';
      return;
    }
    this.root.dataset.csv = 'loaded';
    this.apply({ dataset: 'drawn', points: result.points });
    note.textContent = w('csvLoaded', this.lang, { n: result.points.length / 2 });
  }

  destroy(): void {
    for (const run of this.runs) run.engine.stop();
    cancelAnimationFrame(this.playFrame);
    for (const f of this.cleanups) f();
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Float32Array && b instanceof Float32Array) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** Energy distances span 1e-4 … 10: three significant digits. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
