import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { words } from '../../../src/lab/shared/reader-words';
import { datasetOptions, settingsFor } from '../../../src/lab/shared/settings';
import { labText } from '../../../src/lab/shared/strings';
import type { Lang } from '../../../src/lib/i18n';
import { families, type Family } from '../../../src/models/types';

/**
 * Each family article's "Try this" list names the lab's controls in italics, and a reader looks
 * for exactly those words on screen (issue 15): every italic span of the list must be a label the
 * lab shows in that language (a setting, one of its choices, a dataset, a button or a word of the
 * widget). Emphasis in those lists is written in bold instead.
 */
const HEADINGS: Record<Lang, string> = { en: '## Try this', ko: '## 직접 해 보기' };

function labLabels(family: Family, lang: Lang): Set<string> {
  const out = new Set<string>();
  for (const s of settingsFor(family)) {
    out.add(s.label[lang]);
    if (s.kind === 'choice') for (const o of s.options) out.add(o.label[lang]);
  }
  for (const o of datasetOptions) out.add(o.label[lang]);
  for (const label of Object.values(labText)) out.add(label[lang]);
  for (const label of Object.values(words)) out.add(label[lang]);
  return out;
}

/** The "Try this" section of an article (up to the next second-level heading), or null. */
export function tryThisSection(source: string, lang: Lang): string | null {
  const start = source.indexOf(`\n${HEADINGS[lang]}\n`);
  if (start < 0) return null;
  const rest = source.slice(start + HEADINGS[lang].length + 2);
  const end = rest.indexOf('\n## ');
  return end < 0 ? rest : rest.slice(0, end);
}

/** Single-asterisk italic spans (not bold, not a multiplication inside math); a span may wrap onto the next line. */
export function italicSpans(text: string): string[] {
  const noMath = text.replace(/\$\$[\s\S]*?\$\$/g, '').replace(/\$[^$\n]*\$/g, '');
  return [...noMath.matchAll(/(?<![*\\\w])\*(?!\s)([^*]+?)\*(?![*\w])/g)].map((m) => m[1].replace(/\s+/g, ' '));
}

describe('"Try this" names the lab’s controls as the lab labels them', () => {
  for (const lang of ['en', 'ko'] as const) {
    for (const family of families) {
      it(`${lang}/${family}`, () => {
        const source = readFileSync(`content/${lang}/${family}.mdx`, 'utf8');
        const section = tryThisSection(source, lang);
        expect(section, `content/${lang}/${family}.mdx has a "${HEADINGS[lang]}" section`).not.toBeNull();
        const spans = italicSpans(section ?? '');
        expect(spans.length).toBeGreaterThan(3);
        const labels = labLabels(family, lang);
        expect(spans.filter((s) => !labels.has(s)), `italics in content/${lang}/${family}.mdx that are no label of the ${family} lab`).toEqual([]);
      });
    }
  }

  it('finds italics but not bold, and ignores asterisks inside maths', () => {
    expect(italicSpans('Set *Sampler* to **really** $a*b*c$ *DDIM*.')).toEqual(['Sampler', 'DDIM']);
    expect(italicSpans('Set *Non-saturating (the\n  paper’s form)* now')).toEqual(['Non-saturating (the paper’s form)']);
  });
});
