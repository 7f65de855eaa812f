import { FRAME } from '../../shared/protocol';

/**
 * A square canvas showing the data frame [FRAME.min, FRAME.max]², sharp at any devicePixelRatio:
 * the backing store is the CSS size times the ratio, and drawing happens in CSS pixels.
 * `toX`/`toY` map data coordinates to CSS pixels (y up), `fromPx` maps back (for pointer input).
 */
export class Plot {
  readonly ctx: CanvasRenderingContext2D;
  /** CSS pixels. */
  width = 0;
  height = 0;
  private ratio = 1;

  constructor(
    readonly canvas: HTMLCanvasElement,
    /** The data range shown on each axis. */
    public range: { min: number; max: number } = FRAME,
  ) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('this browser gives no 2-D canvas context');
    this.ctx = ctx;
    this.resize();
  }

  /** Match the backing store to the element's CSS size; returns true when it changed. */
  resize(): boolean {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = Math.min(window.devicePixelRatio || 1, 3);
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    if (w === this.width && h === this.height && ratio === this.ratio) return false;
    this.width = w;
    this.height = h;
    this.ratio = ratio;
    this.canvas.width = Math.round(w * ratio);
    this.canvas.height = Math.round(h * ratio);
    return true;
  }

  /** Start a frame: reset the transform to CSS pixels and fill the background. */
  begin(background: string): CanvasRenderingContext2D {
    const { ctx } = this;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, this.width, this.height);
    return ctx;
  }

  toX(x: number): number {
    return ((x - this.range.min) / (this.range.max - this.range.min)) * this.width;
  }

  toY(y: number): number {
    return (1 - (y - this.range.min) / (this.range.max - this.range.min)) * this.height;
  }

  /** Data units per CSS pixel. */
  get scale(): number {
    return (this.range.max - this.range.min) / this.width;
  }

  fromPx(px: number, py: number): [number, number] {
    const span = this.range.max - this.range.min;
    return [this.range.min + (px / this.width) * span, this.range.min + (1 - py / this.height) * span];
  }

  /** Pointer event → data coordinates. */
  fromEvent(e: { clientX: number; clientY: number }): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return this.fromPx(e.clientX - rect.left, e.clientY - rect.top);
  }
}
