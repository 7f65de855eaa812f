// Compiles every article (or the files named on the command line) with the same math pipeline
// as the site, without a full build: MDX syntax errors and KaTeX errors fail with the file and
// the formula. The production build checks the same (src/lib/rehype-fail-on-katex-error.mjs);
// this is the fast loop for writers.   Usage: node scripts/check-content.mjs [file.mdx ...]
import { compile } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { rehypeFailOnKatexError } from '../src/lib/rehype-fail-on-katex-error.mjs';

async function articleFiles() {
  const out = [];
  for (const lang of ['ko', 'en']) {
    for (const f of await readdir(join('content', lang))) if (f.endsWith('.mdx')) out.push(join('content', lang, f));
  }
  return out;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await articleFiles();
let failed = 0;
let formulas = 0;
for (const path of files) {
  const raw = await readFile(path, 'utf8');
  // Blank out the YAML frontmatter but keep its lines, so reported line numbers stay right.
  const body = raw.replace(/^---\n[\s\S]*?\n---\n/, (m) => m.replace(/[^\n]/g, ''));
  try {
    const out = await compile(
      { path, value: body },
      {
        remarkPlugins: [remarkGfm, remarkMath],
        rehypePlugins: [[rehypeKatex, { strict: 'error' }], rehypeFailOnKatexError],
      },
    );
    formulas += (String(out.value).match(/className: "katex"/g) ?? []).length;
  } catch (err) {
    failed++;
    console.error(`✗ ${path}: ${err.message ?? err}`);
  }
}
console.log(`${files.length - failed} of ${files.length} articles compile; ${formulas} formulas typeset.`);
process.exit(failed ? 1 : 0);
