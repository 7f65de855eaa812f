import type uPlotType from 'uplot';
import type { Lang } from '../../../lib/i18n';

/**
 * The live loss chart: uPlot (about 20 KB gzip) is imported the first time a loss arrives, never
 * before the reader presses Train. (Its 1.5 KB stylesheet is imported statically by Lab.astro:
 * a CSS file imported from a lazily loaded module is not emitted by the site build.) Keeps at most MAX_POINTS per series by halving the history when
 * full, so a long run costs the same to redraw as a short one.
 */
const MAX_POINTS = 800;
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
  gradientPenalty: { ko: '그래디언트 페널티', en: 'gradient penalty' },
  wasserstein: { ko: '와서스타인 추정', en: 'Wasserstein estimate' },
};

export function termName(name: string, lang: Lang): string {
  return TERM_NAMES[name]?.[lang] ?? name;
}

export class LossChart {
  private chart: uPlotType | null = null;
  private loading: Promise<void> | null = null;
  private steps: number[] = [];
  private series: number[][] = [];
  private names: string[] = [];
  private every = 1;
  private seen = 0;
  private dirty = false;
  private resizeObserver: ResizeObserver | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly lang: Lang,
    /** The axis colour, from the page's theme (canvas text cannot use `currentColor`). */
    private axisColour: string,
  ) {}

  /** Follow a theme change: rebuild the chart (if any) with the new axis colour. */
  restyle(axisColour: string): void {
    if (axisColour === this.axisColour) return;
    this.axisColour = axisColour;
    if (this.chart) void this.ensure(this.names);
  }

  /** Start loading uPlot and build the chart for these loss terms. */
  private ensure(names: string[]): Promise<void> {
    this.loading = import('uplot').then((mod) => {
      const UPlot = mod.default;
      this.chart?.destroy();
      const axis = this.axisColour;
      const width = Math.max(200, this.container.clientWidth);
      const opts: uPlotType.Options = {
        width,
        height: 150,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          { stroke: axis, grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.4)' } },
          { stroke: axis, grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.4)' }, size: 52 },
        ],
        series: [
          { label: this.lang === 'ko' ? '스텝' : 'step' },
          ...names.map((n, i) => ({ label: termName(n, this.lang), stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true })),
        ],
      };
      this.chart = new UPlot(opts, [this.steps, ...this.series], this.container);
      this.resizeObserver?.disconnect();
      this.resizeObserver = new ResizeObserver(() => {
        const w = Math.max(200, this.container.clientWidth);
        if (this.chart && Math.abs(this.chart.width - w) > 2) this.chart.setSize({ width: w, height: 150 });
      });
      this.resizeObserver.observe(this.container);
    });
    return this.loading;
  }

  push(step: number, losses: Record<string, number>): void {
    const names = Object.keys(losses);
    if (names.join() !== this.names.join()) {
      this.names = names;
      this.clearData();
      void this.ensure(names);
    }
    this.seen++;
    if (this.seen % this.every !== 0) return;
    this.steps.push(step);
    names.forEach((n, i) => {
      const v = losses[n];
      (this.series[i] ??= []).push(Number.isFinite(v) ? v : (null as unknown as number));
    });
    if (this.steps.length > MAX_POINTS) {
      // Keep every second point and record half as often from now on.
      this.steps = this.steps.filter((_, i) => i % 2 === 0);
      this.series = this.series.map((s) => s.filter((_, i) => i % 2 === 0));
      this.every *= 2;
    }
    this.dirty = true;
  }

  /** Redraw if new points arrived (called from the widget's animation frame, a few times a second). */
  render(): void {
    if (!this.dirty || !this.chart) return;
    this.dirty = false;
    this.chart.setData([this.steps, ...this.series]);
  }

  private clearData(): void {
    this.steps = [];
    this.series = this.names.map(() => []);
    this.every = 1;
    this.seen = 0;
    this.dirty = true;
  }

  reset(): void {
    this.clearData();
    this.render();
  }
}
