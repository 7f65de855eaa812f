import { describe, expect, it } from 'vitest';
import { siteName, ui } from '../../../src/lib/ui';

describe("the site's words", () => {
  it('exist in both languages, non-empty, with the same keys', () => {
    expect(Object.keys(ui.ko).sort()).toEqual(Object.keys(ui.en).sort());
    for (const lang of ['ko', 'en'] as const) {
      for (const [key, value] of Object.entries(ui[lang])) {
        if (typeof value === 'string') expect(value.length, `${lang}.${key}`).toBeGreaterThan(0);
      }
    }
    expect(siteName.en).toBe('Generative, in your browser');
  });

  it('fill in their numbers, with the English plural', () => {
    expect(ui.ko.minutes(5)).toBe('5분 분량');
    expect(ui.en.minutes(5)).toBe('5 min read');
    expect(ui.en.articleCount(1)).toBe('1 article');
    expect(ui.en.articleCount(12)).toBe('12 articles');
    expect(ui.ko.articleCount(12)).toBe('글 12편');
  });
});
