// KaTeX's stylesheet lists each of its 20 fonts in three formats (woff2, woff, ttf), and Vite
// copies every file a stylesheet mentions into the build. Every browser the site supports reads
// woff2, so this plugin drops the woff and ttf fallbacks from katex.min.css before Vite resolves
// its url()s: the build ships 20 font files (~300 kB) instead of 60 (~1.2 MB).
const FALLBACKS = /,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g;

/** @returns {import('vite').Plugin} */
export function katexWoff2Only() {
  return {
    name: 'katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]katex[\\/]dist[\\/]katex(?:\.min)?\.css(?:\?|$)/.test(id)) return null;
      return { code: code.replace(FALLBACKS, ''), map: null };
    },
  };
}
