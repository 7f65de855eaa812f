/**
 * PostCSS, picked up by Vite (Astro's bundler) for every stylesheet. One plugin: every @font-face
 * rule gets `font-display: swap`. KaTeX's stylesheet asks for `block`, which hides typeset math
 * until the KaTeX fonts arrive and made Lighthouse count those font downloads in the First
 * Contentful Paint of every article with math; with `swap` the text paints at once and the math
 * takes its own fonts when they land (a few hundred ms on a slow phone connection).
 */
const fontDisplaySwap = {
  postcssPlugin: 'font-display-swap',
  AtRule: {
    'font-face': (rule) => {
      rule.walkDecls('font-display', (decl) => decl.remove());
      rule.append({ prop: 'font-display', value: 'swap' });
    },
  },
};

export default { plugins: [fontDisplaySwap] };
