import { describe, expect, it } from 'vitest';
import { SeriesError, neighbours, pairEditions, type PairableEntry } from '../../../src/lib/article-pairing';

const entry = (id: string, order: number, key = id.split('/')[1]): PairableEntry => ({
  id,
  filePath: `content/${id}.mdx`,
  data: { key, order },
});

function problemsOf(entries: PairableEntry[]): string[] {
  try {
    pairEditions(entries);
  } catch (err) {
    if (err instanceof SeriesError) return err.problems;
    throw err;
  }
  return [];
}

describe('pairing the Korean and English editions', () => {
  it('pairs by key and sorts by order', () => {
    const pairs = pairEditions([entry('en/vae', 5), entry('ko/introduction', 1), entry('ko/vae', 5), entry('en/introduction', 1)]);
    expect(pairs.map((p) => p.key)).toEqual(['introduction', 'vae']);
    expect(pairs[1].editions.ko.id).toBe('ko/vae');
    expect(pairs[1].editions.en.id).toBe('en/vae');
  });

  it('builds an empty series from no articles', () => {
    expect(pairEditions([])).toEqual([]);
  });

  it('fails on a missing translation, naming the file to create', () => {
    const problems = problemsOf([entry('en/flow', 6), entry('ko/vae', 5), entry('en/vae', 5)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/content\/en\/flow\.mdx has no Korean translation: create content\/ko\/flow\.mdx/);
    expect(() => pairEditions([entry('ko/gan', 8)])).toThrow(/content\/ko\/gan\.mdx has no English translation/);
  });

  it('fails when two articles share an order, naming both', () => {
    const problems = problemsOf([entry('ko/gan', 8), entry('en/gan', 8), entry('ko/ebm', 8), entry('en/ebm', 8)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/content\/en\/(ebm|gan)\.mdx and content\/en\/(ebm|gan)\.mdx .*share order 8/);
  });

  it('fails when the two editions disagree on the order', () => {
    expect(problemsOf([entry('ko/gan', 8), entry('en/gan', 7)])[0]).toMatch(/order 8 but content\/en\/gan\.mdx has order 7/);
  });

  it('fails when the key is not the file name, or the slug is reserved', () => {
    expect(problemsOf([entry('ko/gan', 8, 'gans'), entry('en/gan', 8)])[0]).toMatch(/key "gans" must equal the file name "gan"/);
    expect(problemsOf([entry('ko/tags', 3), entry('en/tags', 3)])[0]).toMatch(/"tags" is the name of a site page/);
  });

  it('reports every problem at once', () => {
    expect(problemsOf([entry('ko/a', 1), entry('en/b', 2), entry('ko/c', 3, 'x')])).toHaveLength(3);
  });

  it('finds previous and next', () => {
    expect(neighbours([1, 2, 3], 0)).toEqual({ prev: undefined, next: 2 });
    expect(neighbours([1, 2, 3], 2)).toEqual({ prev: 2, next: undefined });
  });
});
