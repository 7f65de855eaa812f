import type { Lang } from '../../../lib/i18n';
import { digitFamilies, DIGIT_DDIM_STEPS, DIGIT_DIFFUSION_T, type DigitFamily } from '../../../models/digit-configs';
import { DIGIT_PIXELS } from '../../../data/digits';
import { digitsManifest, kilobytes as kb } from '../../shared/digits-files';
import { GRID_DIGITS, GRID_SIDE, type FromDigits, type ToDigits } from '../../shared/digits-protocol';
import { digitFamilyNames, dw, type DigitsWordKey } from '../../shared/digits-words';
import { readPalette } from '../render/palette';
import { canvasesToPng, downloadBlob } from '../share';
import { WatchedWorker } from '../watched-worker';
import { timeoutsFrom } from '../watchdog';
import { digitAt, drawDigits } from './digit-canvas';

type Grid = Extract<FromDigits, { type: 'grid' }>;
const INTERPOLATION_STEPS = 10;
const LATENT_SIDE = 12;

/**
 * The digits lab's controller (issue 17), mounted by <gen-digits> (src/widgets/Digits.astro). One
 * worker, started at the first press, does all the model work; this draws what it sends: the grid
 * of 64 digits, the stats row, the interpolation strip, the VAE's latent grid and the reverse
 * process of diffusion and flow matching, scrubbed on the page from frames the worker sent once.
 */
export class DigitsPage {
  private readonly lang: Lang;
  private worker: WatchedWorker<ToDigits, FromDigits> | null = null;
  private grid: Grid | null = null;
  private picks: number[] = [];
  private rate: { step: number; seconds: number; perSecond: number } | null = null;
  private playTimer = 0;
  /** When the reader last pressed Pretrained digits or Train from scratch (performance.now()). */
  private pressedAt = 0;
  private readonly base: string;

  constructor(private readonly root: HTMLElement) {
    this.lang = root.dataset.lang === 'ko' ? 'ko' : 'en';
    this.base = root.dataset.base ?? '/digits/';
    this.el('pretrained').addEventListener('click', () => this.request({ type: 'pretrained', family: this.family(), base: this.base }));
    this.el('train').addEventListener('click', () => this.request({ type: 'train', family: this.family(), base: this.base }));
    this.el('pause').addEventListener('click', () => this.worker?.post({ type: 'pause' }));
    this.el('family').addEventListener('change', () => this.familyChanged());
    this.el('png').addEventListener('click', () => {
      void canvasesToPng([this.el<HTMLCanvasElement>('grid')], readPalette(this.root).background).then((b) => b && downloadBlob(`digits-${this.family()}.png`, b));
    });
    const grid = this.el<HTMLCanvasElement>('grid');
    grid.addEventListener('click', (e) => {
      const k = digitAt(grid, e, GRID_SIDE, GRID_DIGITS);
      if (k !== null) this.pick(k);
    });
    for (const which of ['a', 'b'] as const) this.el<HTMLInputElement>(which).addEventListener('change', () => this.typedPick());
    this.el<HTMLInputElement>('scrub').addEventListener('input', () => this.showFrame());
    this.el('play').addEventListener('click', () => this.play());
    window.addEventListener('pagehide', () => this.endWorker());
    this.familyChanged();
    this.root.dataset.state = 'idle';
  }

  private el<T extends HTMLElement = HTMLElement>(role: string): T {
    const found = this.root.querySelector<T>(`[data-role="${role}"]`);
    if (!found) throw new Error(`digits: no element with data-role="${role}"`);
    return found;
  }

  private family(): DigitFamily {
    const v = this.el<HTMLSelectElement>('family').value;
    return digitFamilies.find((f) => f === v) ?? 'vae';
  }

  private say(where: 'status' | 'problem', text: string): void {
    this.el(where).textContent = text;
    if (where === 'status') this.el('problem').textContent = '';
  }

  private familyChanged(): void {
    const family = this.family();
    this.el('train').textContent = dw('train', this.lang);
    this.root.dataset.family = family;
    const entry = digitsManifest.families[family];
    this.el('pretrained-score').textContent = entry
      ? dw('pretrainedScore', this.lang, { steps: entry.steps.toLocaleString(this.lang), n: entry.scored.toLocaleString(this.lang), confident: percent(entry.confident), classes: entry.classesPresent, spread: entry.spread.toFixed(1) })
      : '';
  }

  private ensureWorker(): WatchedWorker<ToDigits, FromDigits> {
    if (this.worker?.alive) return this.worker;
    this.worker = new WatchedWorker<ToDigits, FromDigits>({
      create: () => new Worker(new URL('../../worker/digits-worker.ts', import.meta.url), { type: 'module', name: 'digits' }),
      timeouts: timeoutsFrom(this.root.dataset.watchdog),
      onMessage: (msg) => this.onMessage(msg),
      onFault: (fault) => {
        this.worker = null;
        this.setTraining(false);
        this.el('problem').textContent =
          fault.type === 'crash' ? dw('workerFailed', this.lang, { message: fault.message }) : dw('workerSilent', this.lang, { seconds: fault.seconds });
        this.root.dataset.state = 'failed';
      },
    });
    return this.worker;
  }

  private endWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.setTraining(false);
  }

  private request(msg: Extract<ToDigits, { type: 'pretrained' | 'train' }>): void {
    this.pressedAt = performance.now();
    const worker = this.ensureWorker();
    this.stopPlaying();
    this.say('status', msg.type === 'train' && !this.grid ? dw('loadingData', this.lang, { kb: kb(digitsManifest.data.bytes) }) : dw('loading', this.lang));
    this.root.dataset.state = 'loading';
    if (msg.type === 'train') this.setTraining(true);
    worker.post(msg, true);
  }

  private setTraining(on: boolean): void {
    this.el<HTMLButtonElement>('pause').disabled = !on;
    this.el<HTMLButtonElement>('train').disabled = on;
    this.el<HTMLSelectElement>('family').disabled = on;
    this.el<HTMLButtonElement>('pretrained').disabled = on;
  }

  private onMessage(msg: Exclude<FromDigits, { type: 'pong' }>): void {
    switch (msg.type) {
      case 'ready':
        return;
      case 'grid':
        return this.showGrid(msg);
      case 'interpolation':
        drawDigits(this.el<HTMLCanvasElement>('strip'), msg.images, msg.steps, readPalette(this.root));
        this.el('strip').dataset.pair = `${msg.a + 1}-${msg.b + 1}`;
        return;
      case 'latent-grid':
        drawDigits(this.el<HTMLCanvasElement>('latent'), msg.images, msg.side, readPalette(this.root));
        this.el('latent').dataset.drawn = 'true';
        return;
      case 'failed': {
        const key: Record<typeof msg.what, DigitsWordKey> = { weights: 'failedWeights', classifier: 'failedClassifier', data: 'failedData', training: 'failedTraining' };
        this.setTraining(false);
        this.el('status').textContent = '';
        this.el('problem').textContent = dw(key[msg.what], this.lang, { message: msg.message });
        this.root.dataset.state = 'failed';
        return;
      }
      case 'error':
        this.setTraining(false);
        this.el('problem').textContent = dw('workerFailed', this.lang, { message: msg.message });
        this.root.dataset.state = 'failed';
        return;
    }
  }

  private showGrid(msg: Grid): void {
    const changedModel = this.grid?.model !== msg.model;
    if (changedModel) {
      this.picks = [];
      this.rate = null;
    }
    if (this.rate && msg.trainingSeconds > this.rate.seconds) {
      this.rate = { step: msg.step, seconds: msg.trainingSeconds, perSecond: (msg.step - this.rate.step) / (msg.trainingSeconds - this.rate.seconds) };
    } else if (!this.rate) {
      this.rate = { step: msg.step, seconds: msg.trainingSeconds, perSecond: NaN };
    }
    this.grid = msg;
    this.drawGrid(msg.images);
    const set = (role: string, text: string) => (this.el(role).textContent = text);
    set('step', msg.step.toLocaleString(this.lang));
    set('rate', Number.isFinite(this.rate.perSecond) ? this.rate.perSecond.toFixed(0) : '–');
    set('time', msg.source === 'scratch' ? `${msg.trainingSeconds.toFixed(1)} s` : '–');
    set('confident', percent(msg.score.confident));
    set('classes', `${msg.score.classesPresent} / 10`);
    set('spread', msg.score.spread.toFixed(1));
    set('scored', dw('scoredOn', this.lang, { n: msg.scored }));
    this.el('grid').setAttribute('aria-label', dw('gridLabel', this.lang, { family: digitFamilyNames[msg.family][this.lang] }));
    this.say(
      'status',
      msg.source === 'pretrained'
        ? dw('shownPretrained', this.lang, { steps: msg.step.toLocaleString(this.lang), weights: kb(msg.fetched.weights), classifier: kb(msg.fetched.classifier) })
        : dw(msg.training ? 'training' : 'paused', this.lang),
    );
    if (msg.source === 'scratch' && !msg.training) {
      this.setTraining(false);
      this.el('train').textContent = dw('resume', this.lang);
    } else if (msg.source === 'pretrained') {
      this.setTraining(false);
      this.el('train').textContent = dw('train', this.lang);
    }
    this.root.dataset.state = msg.training ? 'training' : 'shown';
    this.root.dataset.step = String(msg.step);
    // For the tests and the benchmark (bench/digits.mjs): the score, and how long the press took to show digits.
    this.root.dataset.confident = msg.score.confident.toFixed(3);
    this.root.dataset.classes = String(msg.score.classesPresent);
    this.root.dataset.trainingSeconds = msg.trainingSeconds.toFixed(2);
    if (changedModel) this.root.dataset.shownMs = (performance.now() - this.pressedAt).toFixed(0);
    const scrub = this.el<HTMLInputElement>('scrub');
    this.el('reverse').hidden = !msg.frames;
    if (msg.frames) {
      scrub.max = String(msg.frames - 1);
      scrub.value = String(msg.frames - 1);
      this.showFrame();
    }
    const isVae = msg.family === 'vae';
    this.el('latent-box').hidden = !isVae;
    if (isVae && this.worker) this.worker.post({ type: 'latent-grid', side: LATENT_SIDE });
    if (this.picks.length === 2) this.interpolate();
    else this.el('interp').hidden = this.picks.length < 2;
  }

  private drawGrid(images: Uint8Array): void {
    drawDigits(this.el<HTMLCanvasElement>('grid'), images, GRID_SIDE, readPalette(this.root), this.picks);
  }

  private pick(k: number): void {
    if (!this.grid) return;
    this.picks = this.picks.length >= 2 ? [k] : [...this.picks, k];
    this.el<HTMLInputElement>('a').value = this.picks[0] !== undefined ? String(this.picks[0] + 1) : '';
    this.el<HTMLInputElement>('b').value = this.picks[1] !== undefined ? String(this.picks[1] + 1) : '';
    this.drawGrid(this.currentImages());
    if (this.picks.length === 2) this.interpolate();
  }

  private typedPick(): void {
    const read = (which: 'a' | 'b') => Number(this.el<HTMLInputElement>(which).value);
    const [a, b] = [read('a'), read('b')];
    const ok = (v: number) => Number.isInteger(v) && v >= 1 && v <= GRID_DIGITS;
    if (!ok(a) || !ok(b)) {
      if (this.el<HTMLInputElement>('a').value && this.el<HTMLInputElement>('b').value) this.el('problem').textContent = dw('badDigit', this.lang);
      return;
    }
    this.el('problem').textContent = '';
    this.picks = [a - 1, b - 1];
    if (this.grid) {
      this.drawGrid(this.currentImages());
      this.interpolate();
    }
  }

  private interpolate(): void {
    if (!this.worker || this.picks.length !== 2) return;
    this.el('interp').hidden = false;
    this.worker.post({ type: 'interpolate', a: this.picks[0], b: this.picks[1], steps: INTERPOLATION_STEPS });
  }

  /** The grid as shown now: the scrubbed frame of the reverse process, or the digits. */
  private currentImages(): Uint8Array {
    const g = this.grid!;
    if (!g.path || !g.frames) return g.images;
    const f = Number(this.el<HTMLInputElement>('scrub').value);
    const size = GRID_DIGITS * DIGIT_PIXELS;
    return g.path.subarray(f * size, (f + 1) * size);
  }

  private showFrame(): void {
    const g = this.grid;
    if (!g?.frames) return;
    const f = Number(this.el<HTMLInputElement>('scrub').value);
    const last = g.frames - 1;
    const label =
      g.family === 'diffusion'
        ? dw('reverseDiffusion', this.lang, { k: Math.round((f * DIGIT_DDIM_STEPS) / last), total: DIGIT_DDIM_STEPS, t: Math.round(DIGIT_DIFFUSION_T * (1 - f / last)) })
        : dw('reverseFlow', this.lang, { t: (f / last).toFixed(2) });
    this.el('scrub-label').textContent = label;
    this.el<HTMLInputElement>('scrub').setAttribute('aria-valuetext', label);
    this.drawGrid(this.currentImages());
  }

  private play(): void {
    const g = this.grid;
    if (!g?.frames) return;
    this.stopPlaying();
    const scrub = this.el<HTMLInputElement>('scrub');
    let f = 0;
    const tick = () => {
      scrub.value = String(f);
      this.showFrame();
      if (++f < g.frames!) this.playTimer = window.setTimeout(tick, 80);
    };
    tick();
  }

  private stopPlaying(): void {
    window.clearTimeout(this.playTimer);
  }
}

function percent(v: number): string {
  return `${(100 * v).toFixed(0)}%`;
}

export function mountDigits(root: HTMLElement): DigitsPage {
  return new DigitsPage(root);
}
