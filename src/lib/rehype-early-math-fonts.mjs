// Which KaTeX fonts an article needs for its first screen, so the layout can preload them.
//
// The first seven blocks of an article are always laid out at once (article.css renders the
// later ones only near the viewport), so math among them asks for its fonts in the first layout.
// Fetched from the @font-face rules, those fonts start only after that layout and usually land
// after the first paint: the opening lines are drawn in a fallback font and reflow when KaTeX's
// arrive (Lighthouse measured a layout shift of 0.06–0.14 on /ko/why-gaussian/). A preload starts
// them with the HTML. Only the two faces nearly every formula uses are preloaded: KaTeX_Main
// (digits, operators, brackets) and KaTeX_Math italic (variables, class `mathnormal`); a page
// whose opening has no math preloads nothing, so no preload goes unused.
//
// Records the font names as `earlyMathFonts` in the page's frontmatter (remarkPluginFrontmatter).
import { classList } from './rehype-article-headings.mjs';

/** Top-level blocks always rendered: keep in step with `:nth-child(n + 8)` in src/styles/article.css. */
export const ALWAYS_RENDERED_BLOCKS = 7;

function someDescendant(node, test) {
  if (node.type === 'element' && test(classList(node))) return true;
  return Array.isArray(node.children) && node.children.some((child) => someDescendant(child, test));
}

/** The KaTeX font files (without extension) the first blocks of `tree` use, of the two worth preloading. */
export function earlyMathFonts(tree) {
  const blocks = (tree.children ?? []).filter((n) => n.type === 'element' || n.type === 'mdxJsxFlowElement').slice(0, ALWAYS_RENDERED_BLOCKS);
  const fonts = [];
  if (blocks.some((b) => someDescendant(b, (c) => c.includes('katex')))) fonts.push('KaTeX_Main-Regular');
  if (blocks.some((b) => someDescendant(b, (c) => c.includes('mathnormal')))) fonts.push('KaTeX_Math-Italic');
  return fonts;
}

export function rehypeEarlyMathFonts() {
  return (tree, file) => {
    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    file.data.astro.frontmatter.earlyMathFonts = earlyMathFonts(tree);
  };
}
