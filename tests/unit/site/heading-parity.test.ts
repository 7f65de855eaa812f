/**
 * The language switch maps section i of one edition to section i of the other, so every
 * article's Korean and English editions must have the same headings: same count, same levels,
 * ## and ### only. This reads the real articles in content/.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareOutlines, headingOutline, splitFrontmatter } from '../../../src/lib/mdx-outline.mjs';

const slugs = new Set<string>();
for (const lang of ['ko', 'en']) {
  const dir = join('content', lang);
  if (!existsSync(dir)) continue;
  for (const f of await readdir(dir)) if (f.endsWith('.mdx')) slugs.add(f.slice(0, -4));
}
const pairs = [...slugs].filter((s) => existsSync(join('content', 'ko', `${s}.mdx`)) && existsSync(join('content', 'en', `${s}.mdx`))).sort();

async function outline(path: string) {
  return headingOutline(splitFrontmatter(await readFile(path, 'utf8')).body, path);
}

describe('heading structure of the two editions', () => {
  it('compares the outline logic itself', () => {
    const a = [{ depth: 2, text: 'A', line: 1 }, { depth: 3, text: 'B', line: 2 }];
    expect(compareOutlines(a, a, 'ko', 'en')).toEqual([]);
    expect(compareOutlines(a, [{ depth: 2, text: 'A', line: 1 }], 'ko', 'en').join('\n')).toMatch(/ko has 2 headings, en has 1/);
    expect(compareOutlines(a, [a[0], { depth: 2, text: 'B', line: 2 }], 'ko', 'en').join('\n')).toMatch(/heading 2 differs/);
    expect(compareOutlines([{ depth: 4, text: 'deep', line: 9 }], [{ depth: 4, text: 'deep', line: 9 }], 'ko', 'en')[0]).toMatch(/only ## and ###/);
  });

  it('extracts headings from MDX, including ones with math and inside components', () => {
    const body = '## One $x$\n\ntext\n\n<Callout>\n\n### Two\n\n</Callout>\n\n```md\n## not a heading\n```\n';
    expect(headingOutline(body).map((h) => [h.depth, h.text])).toEqual([
      [2, 'One x'],
      [3, 'Two'],
    ]);
  });

  for (const slug of pairs) {
    it(`content/ko/${slug}.mdx ↔ content/en/${slug}.mdx`, async () => {
      const ko = join('content', 'ko', `${slug}.mdx`);
      const en = join('content', 'en', `${slug}.mdx`);
      const problems = compareOutlines(await outline(ko), await outline(en), ko, en);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});
