import type uPlotType from 'uplot';
import type { Lang } from '../../../lib/i18n';
import { Smoother } from './smoothing';

/**
 * The live charts under a lab: the loss terms, and the energy distance on a log scale with the
 * noise floor drawn as a labelled dashed line. uPlot (about 20 KB gzip) is imported the first time
 * a value arrives, never before the reader presses Train. (Its 1.5 KB stylesheet is imported
 * statically by Lab.astro: a CSS file imported from a lazily loaded module is not emitted by the
 * site build.) Each series is drawn twice: faint, every reading; bold, a bias-corrected moving
 * average (smoothing.ts), since per-batch values jump. Axis titles name both axes; the legend is a
 * plain list under the chart (uPlot's own legend toggles series on click and looks like buttons).
 * Keeps at most MAX_POINTS per series by halving the history when full, so a long run costs the
 * same to redraw as a short one.
 */
const MAX_POINTS = 800;
const HEIGHT = 170;
const COLORS = ['#d2551c', '#1c5bb8', '#1f7a45', '#8a3ab9', '#9a5b00', '#2a8c8c'];

/** Reader-facing names of the loss terms the families report. */
const TERM_NAMES: Record<string, { ko: string; en: string }> = {
  loss: { ko: '손실', en: 'loss' },
  recon: { ko: '재구성', en: 'reconstruction' },
  kl: { ko: 'KL', en: 'KL' },
  d: { ko: '판별자', en: 'discriminator' },
  g: { ko: '생성자', en: 'generator' },
  dLoss: { ko: '판별자', en: 'discriminator' },
  gLoss: { ko: '생성자', en: 'generator' },
  nll: { ko: '음의 로그우도', en: 'negative log-likelihood' },
  logDet: { ko: '평균 log|det J|', en: 'mean log|det J|' },
  positiveEnergy: { ko: '데이터의 에너지', en: 'energy of the data' },
  negativeEnergy: { ko: '샘플의 에너지', en: 'energy of the samples' },
  logPartition: { ko: 'log Z 추정값', en: 'log Z estimate' },
  gradientPenalty: { ko: '그래디언트 페널티', en: 'gradient penalty' },
  wasserstein: { ko: '와서스타인 추정', en: 'Wasserstein estimate' },
  energy: { ko: '에너지 거리', en: 'energy distance' },
};

export function termName(name: string, lang: Lang): string {
  return TERM_NAMES[name]?.[lang] ?? name;
}

export interface ChartText {
  xLabel: string;
  yLabel: string;
  /** Log-scale y axis (values ≤ 0 are left out). */
  log?: boolean;
  /** The label of the horizontal reference line set with `setFloor`. */
  floorLabel?: string;
}

export class LossChart {
  private chart: uPlotType | null = null;
  private steps: number[] = [];
  private raw: (number | null)[][] = [];
  private smooth: (number | null)[][] = [];
  private smoothers: Smoother[] = [];
  private names: string[] = [];
  private floor: number | null = null;
  private every = 1;
  private seen = 0;
  private dirty = false;
  private resizeObserver: ResizeObserver | null = null;
  private readonly plotBox: HTMLElement;
  private readonly legend: HTMLUListElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly lang: Lang,
    /** The axis colour, from the page's theme (canvas text cannot use `currentColor`). */
    private axisColour: string,
    private readonly text: ChartText,
  ) {
    this.plotBox = document.createElement('div');
    this.legend = document.createElement('ul');
    this.legend.className = 'lab-legend';
    container.replaceChildren(this.plotBox, this.legend);
  }

  /** Follow a theme change: rebuild the chart (if any) with the new axis colour. */
  restyle(axisColour: string): void {
    if (axisColour === this.axisColour) return;
    this.axisColour = axisColour;
    if (this.chart) void this.ensure();
  }

  /** The reference line (the noise floor), or null for none. */
  setFloor(value: number | null): void {
    const v = value !== null && Number.isFinite(value) && (!this.text.log || value > 0) ? value : null;
    if (v === this.floor) return;
    this.floor = v;
    if (this.chart) void this.ensure();
  }

  /** Load uPlot (once) and build the chart for the current terms. */
  private async ensure(): Promise<void> {
    const UPlot = (await import('uplot')).default;
    this.chart?.destroy();
    const axis = this.axisColour;
    const grid = { stroke: 'rgba(128,128,128,0.2)' };
    const ticks = { stroke: 'rgba(128,128,128,0.4)' };
    const font = '12px system-ui, sans-serif';
    const series: uPlotType.Series[] = [{ label: this.text.xLabel }];
    this.names.forEach((n, i) => {
      const c = COLORS[i % COLORS.length];
      series.push({ label: termName(n, this.lang), stroke: `${c}55`, width: 1, spanGaps: true, points: { show: false } });
      series.push({ label: termName(n, this.lang), stroke: c, width: 2, spanGaps: true, points: { show: false } });
    });
    if (this.floor !== null) series.push({ label: this.text.floorLabel ?? '', stroke: axis, width: 1.5, dash: [6, 4], points: { show: false } });
    const floorLabel = this.text.floorLabel;
    const opts: uPlotType.Options = {
      width: Math.max(200, this.container.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: this.text.log ? { distr: 3, log: 10 } : {} },
      axes: [
        { stroke: axis, grid, ticks, font, labelFont: font, label: this.text.xLabel, labelSize: 18, space: 60 },
        {
          stroke: axis,
          grid,
          ticks,
          font,
          labelFont: font,
          label: this.text.yLabel,
          labelSize: 18,
          size: 56,
          space: 24,
          // On the log scale, one tick per power of ten (uPlot's default marks every 2…9 as well).
          ...(this.text.log ? { splits: (_u: uPlotType, _i: number, min: number, max: number) => decades(min, max) } : {}),
        },
      ],
      series,
      hooks: {
        draw: [
          (u) => {
            if (this.floor === null || !floorLabel) return;
            const y = u.valToPos(this.floor, 'y', true);
            if (!Number.isFinite(y)) return;
            const { ctx } = u;
            ctx.save();
            ctx.fillStyle = axis;
            ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
            ctx.textBaseline = 'bottom';
            ctx.textAlign = 'left';
            ctx.fillText(floorLabel, u.bbox.left + 4 * devicePixelRatio, y - 2 * devicePixelRatio);
            ctx.restore();
          },
        ],
      },
    };
    this.chart = new UPlot(opts, this.data(), this.plotBox);
    this.renderLegend();
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(() => {
      const w = Math.max(200, this.container.clientWidth);
      if (this.chart && Math.abs(this.chart.width - w) > 2) this.chart.setSize({ width: w, height: HEIGHT });
    });
    this.resizeObserver.observe(this.container);
  }

  private renderLegend(): void {
    const items: [label: string, colour: string, dashed: boolean][] = this.names.map((n, i) => [termName(n, this.lang), COLORS[i % COLORS.length], false]);
    if (this.floor !== null && this.text.floorLabel) items.push([this.text.floorLabel, this.axisColour, true]);
    this.legend.replaceChildren(
      ...items.map(([label, colour, dashed]) => {
        const li = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = dashed ? 'lab-swatch lab-swatch-dashed' : 'lab-swatch';
        swatch.style.borderColor = colour;
        li.append(swatch, label);
        return li;
      }),
    );
  }

  private data(): uPlotType.AlignedData {
    const out: (number | null)[][] = [this.steps];
    this.names.forEach((_, i) => out.push(this.raw[i], this.smooth[i]));
    if (this.floor !== null) out.push(this.steps.map(() => this.floor));
    return out as uPlotType.AlignedData;
  }

  push(step: number, values: Record<string, number>): void {
    const names = Object.keys(values);
    if (names.join() !== this.names.join()) {
      this.names = names;
      this.clearData();
      void this.ensure();
    }
    const usable = (v: number): number | null => (Number.isFinite(v) && (!this.text.log || v > 0) ? v : null);
    // Every reading feeds the moving average; only every `every`-th is kept for the chart.
    const smoothed = names.map((n, i) => usable(this.smoothers[i].push(values[n])));
    this.seen++;
    if (this.seen % this.every !== 0) return;
    this.steps.push(step);
    names.forEach((n, i) => {
      this.raw[i].push(usable(values[n]));
      this.smooth[i].push(smoothed[i]);
    });
    if (this.steps.length > MAX_POINTS) {
      // Keep every second point and record half as often from now on.
      const half = <T>(a: T[]): T[] => a.filter((_, i) => i % 2 === 0);
      this.steps = half(this.steps);
      this.raw = this.raw.map(half);
      this.smooth = this.smooth.map(half);
      this.every *= 2;
    }
    this.dirty = true;
  }

  /** The latest moving average of a term (NaN before any reading). */
  smoothed(name: string): number {
    const i = this.names.indexOf(name);
    return i < 0 ? NaN : this.smoothers[i].value;
  }

  /** Redraw if new points arrived (called from the widget's animation frame, a few times a second). */
  render(): void {
    if (!this.dirty || !this.chart) return;
    this.dirty = false;
    this.chart.setData(this.data());
  }

  private clearData(): void {
    this.steps = [];
    this.raw = this.names.map(() => []);
    this.smooth = this.names.map(() => []);
    this.smoothers = this.names.map(() => (this.text.log ? new Smoother(0.7, true) : new Smoother(0.9)));
    this.every = 1;
    this.seen = 0;
    this.dirty = true;
  }

  reset(): void {
    this.clearData();
    this.render();
  }
}

/** The powers of ten from min to max (at least the one nearest, so the axis always has a label). */
function decades(min: number, max: number): number[] {
  if (!(min > 0 && max > 0)) return [];
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) out.push(10 ** e);
  return out.length ? out : [10 ** Math.round(Math.log10(Math.sqrt(min * max)))];
}
