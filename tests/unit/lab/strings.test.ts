import { describe, expect, it } from 'vitest';
import { captions, labText, noScript, titles } from '../../../src/lab/shared/strings';
import type { Label } from '../../../src/lib/i18n';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const all: [string, Label][] = [
  ...Object.entries(labText),
  ...Object.entries(titles).map(([k, v]): [string, Label] => [`title.${k}`, v]),
  ...Object.entries(noScript).map(([k, v]): [string, Label] => [`noScript.${k}`, v]),
  ...Object.entries(captions).flatMap(([k, v]): [string, Label][] => [[`caption.${k}.main`, v.main], [`caption.${k}.aux`, v.aux]]),
];

describe('the lab’s words', () => {
  it('every text exists in both languages with the same {placeholders}', () => {
    for (const [key, label] of all) {
      expect(label.ko.length, key).toBeGreaterThan(0);
      expect(label.en.length, key).toBeGreaterThan(0);
      expect(placeholders(label.ko), key).toEqual(placeholders(label.en));
    }
  });

  it('no text places a picture left or right (on a phone the canvases stack)', () => {
    for (const [key, label] of all) {
      expect(label.en, key).not.toMatch(/\b(left|right) (picture|canvas|panel)/i);
      expect(label.ko, key).not.toMatch(/(왼쪽|오른쪽) (그림|패널)/);
    }
  });

  it('no caption ties a meaning to brightness, which flips between the light and dark themes', () => {
    for (const [key, label] of all.filter(([k]) => k.startsWith('caption.'))) {
      expect(label.en, key).not.toMatch(/bright|dark/i);
      expect(label.ko, key).not.toMatch(/밝을수록|어두울수록/);
    }
  });
});
