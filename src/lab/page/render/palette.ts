/**
 * Colours of the lab's drawings, taken from the site's CSS custom properties so the canvases follow
 * the light and dark themes, plus two colour maps built once as 256-entry lookup tables.
 */
export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  data: string;
  samples: string;
  accent: string;
  warm: string;
  dark: boolean;
}

export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const background = v('--lab-bg', v('--bg', '#fdfcf9'));
  const dark = isDark(background);
  return {
    background,
    foreground: v('--fg', dark ? '#e6e6ea' : '#1d1d21'),
    muted: v('--fg-muted', dark ? '#a9a9b3' : '#55555f'),
    grid: v('--border', dark ? '#3a3b43' : '#dedbd2'),
    data: dark ? 'rgba(230,230,234,0.55)' : 'rgba(40,40,48,0.45)',
    samples: dark ? '#ff9f5a' : '#d2551c',
    accent: v('--accent', dark ? '#8db6fa' : '#1c5bb8'),
    warm: dark ? '#ffd36b' : '#a23d00',
    dark,
  };
}

function isDark(color: string): boolean {
  const c = parseRgb(color);
  return c !== null && 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] < 128;
}

/** '#rrggbb' or 'rgb(r, g, b)' → [r, g, b]; null when unreadable. */
export function parseRgb(color: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = /rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(color);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

type Stop = [number, number, number];

function lut(stops: Stop[]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const u = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(u));
    const f = u - k;
    for (let c = 0; c < 3; c++) out[3 * i + c] = stops[k][c] + f * (stops[k + 1][c] - stops[k][c]);
  }
  return out;
}

/** Viridis-like sequential map (dark → bright) for densities and energies. */
export const sequentialLight = lut([
  [253, 252, 249],
  [199, 228, 214],
  [94, 187, 165],
  [44, 120, 142],
  [59, 55, 110],
]);
export const sequentialDark = lut([
  [22, 23, 27],
  [40, 62, 98],
  [33, 125, 130],
  [110, 190, 110],
  [240, 230, 110],
]);
/**
 * Diverging map for the GAN discriminator, centred on 0.5: purple where D says "fake", green
 * where it says "real" (GAN Lab's convention), so the orange samples stand out on both.
 */
export const divergingLight = lut([
  [120, 70, 170],
  [200, 180, 225],
  [250, 250, 248],
  [175, 220, 185],
  [40, 140, 80],
]);
// The dark map's half-way stops stand as far from the dark background as the light map's from
// the light one: a discriminator that leans only a little (D ≈ 0.7) still shows its colour.
export const divergingDark = lut([
  [170, 120, 240],
  [105, 75, 160],
  [22, 23, 27],
  [50, 140, 80],
  [110, 225, 140],
]);
