import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { describe, expect, it } from 'vitest';
import { glossary, replacedWords, termLabel } from '../../../src/lib/glossary.mjs';
import { families } from '../../../src/models/types';
import { settingsFor } from '../../../src/lab/shared/settings';
import { captions, labText, noScript, titles } from '../../../src/lab/shared/strings';
import { leads, statHelp, words } from '../../../src/lab/shared/reader-words';
import { arenaWords, familyNames, likelihoodKinds } from '../../../src/lab/shared/arena-words';
import { digitFamilyNames, digitsWords } from '../../../src/lab/shared/digits-words';
import { remarkGlossaryWords } from '../../../src/lib/remark-glossary-words.mjs';
import { remarkFigureAlt } from '../../../src/lib/remark-figure-alt.mjs';
import { remarkEmpiricalPData } from '../../../src/lib/remark-empirical-p-data.mjs';

describe('the glossary', () => {
  it('has unique ids and a term and a definition in both languages', () => {
    expect(new Set(glossary.map((g) => g.id)).size).toBe(glossary.length);
    for (const g of glossary) for (const text of [g.term.ko, g.term.en, g.definition.ko, g.definition.en]) expect(text.trim()).not.toBe('');
  });

  it('finds a replaced word with any particle after it, on its line, but not inside a longer word', () => {
    const text = '첫 줄\n잡음이 섞인 걸음을 밟습니다.\n발걸음은 가볍고 지속 연쇄는 길다.\n연쇄 법칙';
    expect(replacedWords(text).map((r) => [r.word, r.use, r.line])).toEqual([
      ['잡음', '노이즈', 2],
      ['걸음', '스텝', 2],
      ['지속 연쇄', '지속 사슬', 3],
    ]);
    expect(replacedWords('노이즈와 스텝, 지속 사슬, 디노이징 스코어 매칭')).toEqual([]);
  });
});

describe('the content check (remark-glossary-words)', () => {
  const run = (path: string, value: string) => compile({ path, value }, { remarkPlugins: [remarkMath, remarkGlossaryWords] });

  it('fails a Korean article that uses a replaced word, naming the line and the word to use', async () => {
    await expect(run('content/ko/x.mdx', '# 제목\n\n작은 잡음을 더합니다.\n')).rejects.toThrow(/line 3: “잡음” → use “노이즈”/);
  });

  it('leaves math, code and English articles alone', async () => {
    await expect(run('content/ko/x.mdx', '# 제목\n\n$\\text{잡음}$ 그리고 `걸음`\n')).resolves.toBeDefined();
    await expect(run('content/en/x.mdx', '# Title\n\n잡음 is the old Korean word.\n')).resolves.toBeDefined();
  });
});

describe('the content check (remark-figure-alt)', () => {
  const run = (value: string) => compile({ path: 'content/en/x.mdx', value }, { remarkPlugins: [remarkFigureAlt] });

  it('fails a Figure without alt text, naming the line', async () => {
    await expect(run('# T\n\n<Figure caption="c"><svg /></Figure>\n')).rejects.toThrow(/line 3: <Figure> without alt text/);
    await expect(run('# T\n\n<Figure alt="  " caption="c"><svg /></Figure>\n')).rejects.toThrow(/without alt text/);
  });

  it('accepts a Figure with alt text', async () => {
    await expect(run('# T\n\n<Figure alt="Two bumps." caption="c"><svg /></Figure>\n')).resolves.toBeDefined();
  });
});

describe('the content check (remark-empirical-p-data)', () => {
  const run = (value: string) => compile({ path: 'content/en/x.mdx', value }, { remarkPlugins: [remarkMath, remarkEmpiricalPData] });

  it('fails p_data in an average over the training set, naming the line', async () => {
    await expect(run('# T\n\n$$\n\\frac{1}{N}\\sum_n \\log p_{\\text{data}}(x^{(n)})\n$$\n')).rejects.toThrow(/line 4: p_\{\\text\{data\}\} in a formula that averages/);
    await expect(run('# T\n\nThe average $\\frac{1}{N} \\sum_{n} \\delta(x - x^{(n)}) = p_{\\text{data}}(x)$.\n')).rejects.toThrow(/empirical distribution/);
  });

  it('accepts the hatted empirical distribution, and p_data where no training average is taken', async () => {
    await expect(run('# T\n\n$$\n\\hat p_{\\text{data}}(x) = \\frac{1}{N}\\sum_{n} \\delta(x - x^{(n)})\n$$\n')).resolves.toBeDefined();
    await expect(run('# T\n\n$\\mathbb{E}_{x \\sim p_{\\text{data}}}[\\log p_\\theta(x)]$\n')).resolves.toBeDefined();
    // The true KL on one line, its empirical estimate on the next: both right.
    await expect(run('# T\n\n$$\n\\mathrm{KL}(p_{\\text{data}} \\| p_\\theta)\n\\approx -\\frac{1}{N}\\sum_n \\log p_\\theta(x^{(n)})\n$$\n')).resolves.toBeDefined();
  });
});

describe('the labs speak the glossary’s words', () => {
  /** Every Korean text of a label ({ ko, en }) anywhere inside `value`. */
  function koreanTexts(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
    if (!value || typeof value !== 'object' || seen.has(value)) return out;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.ko === 'string' && typeof record.en === 'string') out.push(record.ko);
    for (const v of Object.values(record)) koreanTexts(v, out, seen);
    return out;
  }

  it('no Korean text of the labs and the arena (strings, reader words, settings, arena words) uses a word the glossary replaces', () => {
    const texts = koreanTexts([labText, titles, noScript, captions, leads, statHelp, words, families.map((f) => settingsFor(f)), arenaWords, familyNames, likelihoodKinds, digitsWords, digitFamilyNames]);
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.flatMap((text) => replacedWords(text).map((r) => `“${r.word}” in “${text.slice(0, 60)}”`))).toEqual([]);
  });

  it('the labs’ stats and controls named by the glossary show its terms', () => {
    expect(labText.statFloor).toEqual(termLabel('noise-floor', { sentence: true }));
    expect(labText.statEnergy.ko).toBe(glossary.find((g) => g.id === 'energy-distance')!.term.ko);
  });
});
