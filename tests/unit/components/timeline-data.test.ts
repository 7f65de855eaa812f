import { describe, expect, it } from 'vitest';
import { FAMILY_LABELS, TIMELINE, entryUrl, groupByYear } from '../../../src/components/timeline-data';

describe('timeline data', () => {
  it('has well-formed arXiv ids and https links', () => {
    for (const e of TIMELINE) {
      if (e.arxiv) expect(e.arxiv).toMatch(/^\d{4}\.\d{4,5}$/);
      const href = entryUrl(e);
      if (href) expect(href).toMatch(/^https:\/\//);
      expect(e.note.ko.length).toBeGreaterThan(0);
      expect(e.note.en.length).toBeGreaterThan(0);
      expect(FAMILY_LABELS[e.family]).toBeDefined();
    }
  });

  it('an arXiv id is consistent with its year (id month ≤ a year before publication)', () => {
    for (const e of TIMELINE) {
      if (!e.arxiv) continue;
      const idYear = 2000 + Number(e.arxiv.slice(0, 2));
      expect(e.year - idYear).toBeGreaterThanOrEqual(0);
      expect(e.year - idYear).toBeLessThanOrEqual(1);
    }
  });

  it('corrects the source: 2013 is the VAE only; denoising score matching is 2011; EBMs start in 1982', () => {
    expect(TIMELINE.filter((e) => e.year === 2013).map((e) => e.title)).toEqual(['Auto-Encoding Variational Bayes']);
    expect(TIMELINE.find((e) => e.title.startsWith('A Connection Between Score Matching'))?.year).toBe(2011);
    expect(Math.min(...TIMELINE.filter((e) => e.family === 'ebm').map((e) => e.year))).toBe(1982);
  });

  it('groups by year in order without losing entries', () => {
    const groups = groupByYear(TIMELINE);
    const years = groups.map((g) => g.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(new Set(years).size).toBe(years.length);
    expect(groups.reduce((n, g) => n + g.entries.length, 0)).toBe(TIMELINE.length);
  });
});
