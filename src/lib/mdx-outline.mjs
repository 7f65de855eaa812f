// Reads an article file without astro: its YAML frontmatter and its heading outline (h2–h6 as
// written in the MDX, including headings inside components). Used by scripts/check-content.mjs
// and the unit tests; the site itself gets the same outline from rehype-article-headings.mjs.
import { createProcessor } from '@mdx-js/mdx';
import yaml from 'js-yaml';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';

/** Splits "---\n…\n---\n" from the body; the body keeps blank lines so line numbers stay right. */
export function splitFrontmatter(raw) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(raw);
  if (!m) return { frontmatter: {}, body: raw };
  const frontmatter = yaml.load(m[1]) ?? {};
  return { frontmatter, body: raw.slice(0, m[0].length).replace(/[^\n]/g, '') + raw.slice(m[0].length) };
}

function textOf(node) {
  if (typeof node.value === 'string' && node.type !== 'mdxFlowExpression' && node.type !== 'mdxTextExpression') return node.value;
  return Array.isArray(node.children) ? node.children.map(textOf).join('') : '';
}

/** The headings of an MDX body in document order: [{ depth, text, line }]. */
export function headingOutline(body, path = 'article.mdx') {
  const tree = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm, remarkMath] }).parse({ value: body, path });
  const out = [];
  const walk = (node) => {
    if (node.type === 'heading') out.push({ depth: node.depth, text: textOf(node).trim(), line: node.position?.start.line });
    if (Array.isArray(node.children)) node.children.forEach(walk);
  };
  walk(tree);
  return out;
}

/**
 * Compares the outlines of two editions: same number of headings, same levels, in order, and
 * only ## and ### (the title is the frontmatter's). Returns human-readable problems.
 */
export function compareOutlines(a, b, nameA, nameB) {
  const problems = [];
  for (const [outline, name] of [[a, nameA], [b, nameB]]) {
    for (const h of outline) {
      if (h.depth < 2 || h.depth > 3) problems.push(`${name}:${h.line}: "${'#'.repeat(h.depth)} ${h.text}": only ## and ### headings (the title comes from the frontmatter)`);
    }
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || x.depth !== y.depth) {
      const show = (h, name) => (h ? `${name}:${h.line} ${'#'.repeat(h.depth)} ${h.text}` : `${name}: (no heading)`);
      problems.push(`heading ${i + 1} differs: ${show(x, nameA)}  ↔  ${show(y, nameB)}`);
      break;
    }
  }
  if (a.length !== b.length) problems.push(`${nameA} has ${a.length} headings, ${nameB} has ${b.length}`);
  return problems;
}
