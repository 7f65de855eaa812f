import type { Lang } from '../../../lib/i18n';
import { families, type Family } from '../../../models/types';
import type { FromArena, ToArena } from '../../shared/arena-protocol';
import { WatchedWorker } from '../watched-worker';
import { timeoutsFrom } from '../watchdog';
import { formatNumber, rows, rowsToCsv, rowsToJson, shareSpread, type Row } from '../../shared/arena-report';
import { ARENA_BUDGET, ARENA_MAX_POINTS, ARENA_MIN_POINTS, arenaProblem, readArenaUrl, writeArenaUrl, type ArenaState } from '../../shared/arena-url';
import { aw, familyNames, likelihoodKinds } from '../../shared/arena-words';
import { csvToPoints } from '../../shared/csv';
import { csvProblemText } from '../../shared/csv-problem-text';
import { w } from '../../shared/reader-words';
import type { ArenaCheckpoint, ArenaResult } from '../../worker/arena-run';
import { wireCanvasInput } from '../canvas-input';
import { drawAxes, drawPoints } from '../render/draw';
import { readPalette } from '../render/palette';
import { Plot } from '../render/plot';
import { canvasesToPng, downloadBlob } from '../share';
import { drawArenaChart } from './arena-chart';

/**
 * The arena's controller (issue 16), mounted by <gen-arena> (src/widgets/Arena.astro): reads the
 * settings (from the URL first), refuses bad input with a message, starts one worker that runs the
 * families in turn, draws each family's samples over the data as they arrive, fills the table and
 * the chart, and offers the exports and the share link. Stop, and leaving the page, end the worker.
 */
export class ArenaPage {
  private readonly lang: Lang;
  private state: ArenaState;
  private worker: WatchedWorker<ToArena, FromArena> | null = null;
  private readonly results = new Map<Family, ArenaResult>();
  private readonly lines = new Map<Family, ArenaCheckpoint[]>();
  private floor: number | null = null;
  private data: Float32Array = new Float32Array(0);
  private readonly panels = new Map<Family, Plot>();
  private readonly drawPlot: Plot;
  private runBudget: number = ARENA_BUDGET.default;

  constructor(private readonly root: HTMLElement) {
    this.lang = root.dataset.lang === 'ko' ? 'ko' : 'en';
    const { state, ignored } = readArenaUrl(new URL(location.href));
    this.state = state;
    if (ignored.length) this.say('problem', aw('ignoredKeys', this.lang, { keys: ignored.join(', ') }));
    this.el<HTMLSelectElement>('dataset').value = state.dataset;
    this.el<HTMLInputElement>('budget').value = String(state.budgetSeconds);
    this.el<HTMLInputElement>('seed').value = String(state.seed);
    const isolated = globalThis.crossOriginIsolated === true;
    this.el('machine').textContent = aw('machine', this.lang, { threads: navigator.hardwareConcurrency || '?', isolated: aw(isolated ? 'yes' : 'no', this.lang) });
    for (const family of families) {
      const canvas = this.root.querySelector<HTMLCanvasElement>(`canvas[data-family="${family}"]`);
      if (canvas) this.panels.set(family, new Plot(canvas));
    }
    this.drawPlot = new Plot(this.el<HTMLCanvasElement>('draw'));
    wireCanvasInput(
      {
        values: () => ({ dataset: this.state.dataset, points: this.state.points }),
        apply: (changes) => {
          if (changes.points instanceof Float32Array) this.state.points = changes.points;
          this.showDrawing();
        },
        viewModels: () => [],
        invalidate: () => this.showDrawing(),
      },
      [{ plot: this.drawPlot, which: 'main', draws: true }],
    );
    this.el('dataset').addEventListener('change', () => {
      this.state.dataset = this.el<HTMLSelectElement>('dataset').value;
      this.showDrawing();
    });
    this.el('clear').addEventListener('click', () => {
      this.state.points = new Float32Array(0);
      this.showDrawing();
    });
    this.el<HTMLInputElement>('csv').addEventListener('change', () => void this.loadCsv());
    this.el('start').addEventListener('click', () => this.start());
    this.el('stop').addEventListener('click', () => this.stop(true));
    this.el('export-csv').addEventListener('click', () => downloadBlob('arena.csv', new Blob([this.csv()], { type: 'text/csv' })));
    this.el('export-json').addEventListener('click', () => downloadBlob('arena.json', new Blob([this.json()], { type: 'application/json' })));
    this.el('export-png').addEventListener('click', () => {
      void canvasesToPng([this.el<HTMLCanvasElement>('chart')], readPalette(this.root).background).then((b) => b && downloadBlob('arena-chart.png', b));
    });
    // Leaving the page (or putting it in the back-forward cache) ends the run; a page restored from that cache says so.
    window.addEventListener('pagehide', () => this.stop(true));
    this.updateShare();
    this.showDrawing();
    this.drawChart();
    this.root.dataset.state = 'idle';
  }

  private el<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.root.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`arena: no [data-role="${role}"]`);
    return el;
  }

  private say(where: 'status' | 'problem', text: string): void {
    this.el(where).textContent = text;
  }

  private readForm(): void {
    this.state.dataset = this.el<HTMLSelectElement>('dataset').value;
    const budget = this.el<HTMLInputElement>('budget').value.trim();
    const seed = this.el<HTMLInputElement>('seed').value.trim();
    this.state.budgetSeconds = /^[0-9]{1,4}$/.test(budget) ? Number(budget) : NaN;
    this.state.seed = /^[0-9]{1,10}$/.test(seed) ? Number(seed) : NaN;
  }

  private showDrawing(): void {
    const drawn = this.state.dataset === 'drawn';
    this.el('draw-box').hidden = !drawn;
    if (!drawn) return;
    this.drawPlot.resize();
    const palette = readPalette(this.root);
    this.drawPlot.begin(palette.background);
    drawAxes(this.drawPlot, palette.grid);
    drawPoints(this.drawPlot, this.state.points, palette.foreground, 3);
    this.el('points-count').textContent = aw('pointsCount', this.lang, { n: this.state.points.length / 2 });
  }

  private async loadCsv(): Promise<void> {
    const file = this.el<HTMLInputElement>('csv').files?.[0];
    if (!file) return;
    const parsed = csvToPoints(await file.text(), ARENA_MAX_POINTS);
    if (!parsed.ok) {
      this.say('problem', csvProblemText(parsed.problem, this.lang));
      return;
    }
    this.state.dataset = 'drawn';
    this.state.points = parsed.points;
    this.el<HTMLSelectElement>('dataset').value = 'drawn';
    this.say('problem', '');
    this.say('status', w('csvLoaded', this.lang, { n: parsed.points.length / 2 }));
    this.showDrawing();
  }

  private start(): void {
    this.readForm();
    const problem = arenaProblem(this.state);
    if (problem) {
      const text =
        problem.kind === 'too-few-points' ? aw('tooFewPoints', this.lang, { n: problem.n, min: ARENA_MIN_POINTS })
        : problem.kind === 'budget' ? aw('badBudget', this.lang, { min: ARENA_BUDGET.min, max: ARENA_BUDGET.max })
        : aw('badSeed', this.lang);
      this.say('problem', text);
      this.root.dataset.state = 'refused';
      return;
    }
    this.stop(false);
    this.say('problem', '');
    this.updateShare();
    history.replaceState(null, '', writeArenaUrl(this.state, new URL(location.href)).href);
    this.results.clear();
    this.lines.clear();
    this.floor = null;
    this.runBudget = this.state.budgetSeconds;
    for (const family of families) this.renderRow(family, undefined, aw('waiting', this.lang));
    const worker = new WatchedWorker<ToArena, FromArena>({
      create: () => new Worker(new URL('../../worker/arena-worker.ts', import.meta.url), { type: 'module', name: 'arena' }),
      timeouts: timeoutsFrom(this.root.dataset.watchdog),
      // Stop and a new Start terminate the old worker first, so it says nothing more.
      onMessage: (msg) => this.onMessage(msg),
      onFault: (fault) => {
        this.say(
          'problem',
          fault.type === 'crash' ? aw('failed', this.lang, { message: fault.message })
          : aw(fault.stage === 'load' ? 'loadTimeout' : 'stalled', this.lang, { seconds: fault.seconds }),
        );
        this.stop(false);
        this.root.dataset.state = 'failed';
      },
    });
    this.worker = worker;
    const msg: ToArena = {
      type: 'start',
      config: { dataset: this.state.dataset, points: this.state.points, seed: this.state.seed, budgetSeconds: this.state.budgetSeconds, families },
    };
    worker.post(msg, true);
    this.el<HTMLButtonElement>('stop').disabled = false;
    this.el<HTMLButtonElement>('start').disabled = true;
    this.say('status', aw('loading', this.lang));
    this.root.dataset.state = 'running';
  }

  /** End the worker; `said`: tell the reader (Stop pressed). */
  private stop(said: boolean): void {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.el<HTMLButtonElement>('stop').disabled = true;
    this.el<HTMLButtonElement>('start').disabled = false;
    if (said) {
      this.say('status', aw('stopped', this.lang));
      this.root.dataset.state = 'stopped';
    }
  }

  private onMessage(msg: FromArena): void {
    switch (msg.type) {
      case 'ready':
        this.el('backend').textContent = aw('backend', this.lang, { backend: msg.backend, path: msg.fused ? 'fused' : 'tfjs', threads: msg.threads });
        return;
      case 'turn':
        this.floor = msg.noiseFloor;
        this.data = msg.data;
        this.lines.set(msg.family, [msg.checkpoint]);
        this.say('status', aw('running', this.lang, { family: familyNames[msg.family][this.lang], done: this.results.size + 1, total: families.length }));
        this.renderRow(msg.family, undefined, aw('trainingNow', this.lang));
        this.drawPanel(msg.family, null);
        this.drawChart();
        return;
      case 'progress':
        if (msg.checkpoint) {
          this.lines.get(msg.family)?.push(msg.checkpoint);
          this.drawChart();
        }
        this.drawPanel(msg.family, msg.samples);
        this.cell(msg.family, 'steps').textContent = String(msg.step);
        return;
      case 'result':
        this.results.set(msg.family, msg.result);
        this.lines.set(msg.family, msg.result.checkpoints);
        this.drawPanel(msg.family, msg.samples);
        this.renderTable();
        this.drawChart();
        return;
      case 'failed':
        this.renderRow(msg.family, undefined, aw('diverged', this.lang, { message: msg.message }));
        return;
      case 'done': {
        const spread = shareSpread([...this.results.values()]);
        this.say('status', aw('finished', this.lang, { spread: (100 * spread).toFixed(1), verdict: aw(spread <= 0.1 ? 'sharesEqual' : 'sharesUnequal', this.lang) }));
        this.root.dataset.shareSpread = String(spread);
        this.stop(false);
        this.root.dataset.state = 'done';
        return;
      }
      case 'error':
        this.say('problem', aw('failed', this.lang, { message: msg.message }));
        this.stop(false);
        this.root.dataset.state = 'failed';
        return;
    }
  }

  private drawPanel(family: Family, samples: Float32Array | null): void {
    const plot = this.panels.get(family);
    if (!plot) return;
    plot.resize();
    const palette = readPalette(this.root);
    plot.begin(palette.background);
    drawPoints(plot, this.data, palette.data, 2);
    if (samples) drawPoints(plot, samples, palette.samples, 2);
  }

  private drawChart(): void {
    const palette = readPalette(this.root);
    const names = { ...familyNamesIn(this.lang) };
    drawArenaChart(
      this.el<HTMLCanvasElement>('chart'),
      this.lines,
      this.floor,
      this.runBudget,
      { x: aw('chartX', this.lang), y: aw('chartY', this.lang), floor: aw('noiseFloor', this.lang), names },
      { background: palette.background, foreground: palette.foreground, grid: palette.grid },
    );
  }

  private cell(family: Family, col: string): HTMLElement {
    return this.el(`row-${family}`).querySelector<HTMLElement>(`[data-col="${col}"]`) ?? document.createElement('td');
  }

  private renderRow(family: Family, row: Row | undefined, note: string): void {
    const cols = ['steps', 'msPerStep', 'msPer1000Samples', 'nll', 'entropy', 'energyRatio', 'trainingSeconds'];
    for (const c of cols) this.cell(family, c).textContent = row ? '' : c === 'steps' ? note : '';
    for (const c of ['tractableLikelihood', 'flexible', 'fastSampling']) this.cell(family, `mark-${c}`).textContent = '';
  }

  private renderTable(): void {
    for (const row of rows([...this.results.values()])) {
      const f = row.family;
      const set = (col: string, text: string): void => void (this.cell(f, col).textContent = text);
      set('steps', String(row.steps));
      set('trainingSeconds', formatNumber(row.trainingSeconds, 3));
      set('msPerStep', formatNumber(row.msPerStep, 3));
      set('msPer1000Samples', formatNumber(row.msPer1000Samples, 3));
      set('nll',
        row.nll === null ? aw('ganNoNll', this.lang)
        : Number.isFinite(row.nll) ? `${formatNumber(row.nll, 4)} (${likelihoodKinds[row.nllKind][this.lang]})`
        : aw('outsideSupport', this.lang));
      set('entropy', row.entropy === null ? aw('unknownEntropy', this.lang) : formatNumber(row.entropy, 4));
      set(
        'energyRatio',
        row.diverged ? aw('diverged', this.lang, { message: row.diverged })
        : `${formatNumber(row.energyRatio, 3)}× (${formatNumber(row.energyDistance, 3)} ÷ ${formatNumber(row.noiseFloor, 3)})`,
      );
      for (const [key, agrees] of Object.entries(row.agrees)) {
        const mark = this.cell(f, `mark-${key}`);
        mark.textContent = agrees ? '✓' : '✗';
        mark.title = aw(agrees ? 'agrees' : 'disagrees', this.lang);
        mark.setAttribute('aria-label', mark.title);
      }
    }
  }

  private table(): Row[] {
    return rows([...this.results.values()]);
  }

  csv(): string {
    return rowsToCsv(this.table());
  }

  json(): string {
    return rowsToJson(this.table(), { dataset: this.state.dataset, budgetSeconds: this.runBudget, seed: this.state.seed });
  }

  private updateShare(): void {
    const link = this.el<HTMLAnchorElement>('share');
    link.href = writeArenaUrl(this.state, new URL(location.href)).href;
  }
}

function familyNamesIn(lang: Lang): Record<Family, string> {
  const out: Record<Family, string> = { autoregressive: '', vae: '', flow: '', ebm: '', gan: '', diffusion: '', 'flow-matching': '' };
  for (const f of families) out[f] = familyNames[f][lang];
  return out;
}

export function mountArena(root: HTMLElement): ArenaPage {
  return new ArenaPage(root);
}
