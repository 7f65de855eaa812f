// Compiles every article (or the files named on the command line) with the same pipeline as the
// site, without a full build, and fails with the file and the line on:
//  - an MDX syntax error or a formula KaTeX cannot typeset (src/lib/rehype-fail-on-katex-error.mjs);
//  - a citation [@id] whose id is not in the frontmatter's references (src/lib/remark-citations.mjs);
//  - a Korean article using a word the glossary replaces (src/lib/remark-glossary-words.mjs);
//  - a <Figure> without alt text (src/lib/remark-figure-alt.mjs);
//  - p_data in a formula that averages over the training set (src/lib/remark-empirical-p-data.mjs);
//  - two editions (content/ko/x.mdx, content/en/x.mdx) whose heading structures differ: the
//    language switch maps section i of one to section i of the other.
// A missing translation is only noted here (the build fails on it).
// Usage: node scripts/check-content.mjs [content/ko/x.mdx ...]
import { compile } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rehypeFailOnKatexError } from '../src/lib/rehype-fail-on-katex-error.mjs';
import { remarkCitations } from '../src/lib/remark-citations.mjs';
import { remarkGlossaryWords } from '../src/lib/remark-glossary-words.mjs';
import { remarkFigureAlt } from '../src/lib/remark-figure-alt.mjs';
import { remarkEmpiricalPData } from '../src/lib/remark-empirical-p-data.mjs';
import { compareOutlines, headingOutline, splitFrontmatter } from '../src/lib/mdx-outline.mjs';

async function articleFiles() {
  const out = [];
  for (const lang of ['ko', 'en']) {
    for (const f of await readdir(join('content', lang))) if (f.endsWith('.mdx')) out.push(join('content', lang, f));
  }
  return out;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await articleFiles();
let failed = 0;
let compileFailures = 0;
let formulas = 0;
let citations = 0;
const notes = [];

for (const path of files) {
  const raw = await readFile(path, 'utf8');
  try {
    const { frontmatter, body } = splitFrontmatter(raw);
    const out = await compile(
      { path, value: body, data: { astro: { frontmatter } } },
      {
        remarkPlugins: [remarkGfm, remarkMath, remarkCitations, remarkGlossaryWords, remarkFigureAlt, remarkEmpiricalPData],
        rehypePlugins: [[rehypeKatex, { strict: 'error' }], rehypeFailOnKatexError],
      },
    );
    const js = String(out.value);
    formulas += (js.match(/className: "katex"/g) ?? []).length;
    citations += (js.match(/"citation-link"/g) ?? []).length;
  } catch (err) {
    failed++;
    compileFailures++;
    console.error(`✗ ${path}: ${err.message ?? err}`);
  }
}

// Heading parity between the two editions of each article touched.
const slugs = new Set(files.map((f) => /content\/(?:ko|en)\/([^/]+)\.mdx$/.exec(f.replace(/\\/g, '/'))?.[1]).filter(Boolean));
let pairs = 0;
for (const slug of slugs) {
  const ko = join('content', 'ko', `${slug}.mdx`);
  const en = join('content', 'en', `${slug}.mdx`);
  if (!existsSync(ko) || !existsSync(en)) {
    notes.push(`note: ${existsSync(ko) ? en : ko} does not exist yet (the site build requires both editions)`);
    continue;
  }
  pairs++;
  try {
    const outline = async (p) => headingOutline(splitFrontmatter(await readFile(p, 'utf8')).body, p);
    const problems = compareOutlines(await outline(ko), await outline(en), ko, en);
    if (problems.length) {
      failed++;
      console.error(`✗ ${ko} ↔ ${en}: the two editions need the same headings (count and levels):\n    ${problems.join('\n    ')}`);
    }
  } catch (err) {
    // An MDX syntax error was reported above.
  }
}

for (const n of notes) console.log(n);
console.log(
  `${files.length - compileFailures} of ${files.length} articles compile; ${formulas} formulas typeset, ` +
    `${citations} citation links; ${pairs} edition pairs compared.${failed ? ` ${failed} problem(s).` : ''}`,
);
process.exit(failed ? 1 : 0);
