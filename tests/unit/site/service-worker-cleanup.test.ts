import { describe, expect, it } from 'vitest';
import { staleRegistrations } from '../../../src/lib/service-worker-cleanup';

const base = 'https://example.github.io/generative-in-your-browser/';
const current = `${base}coi-serviceworker.js`;

describe('staleRegistrations: which service workers a page removes', () => {
  it('keeps the current worker, removes one under the base path with another script', () => {
    const found = [
      { scope: base, scriptURL: current },
      { scope: `${base}en/`, scriptURL: `${base}old-worker.js` },
      { scope: base, scriptURL: `${base}coi-serviceworker.js?v=2` },
    ];
    expect(staleRegistrations(found, base, current)).toEqual([1, 2]);
  });

  it('leaves a registration with no worker yet alone: it is being registered now (a first visit raced its own worker away)', () => {
    expect(staleRegistrations([{ scope: base, scriptURL: null }], base, current)).toEqual([]);
  });

  it("leaves other sites' workers on the same origin alone, including one at the origin's root", () => {
    const found = [
      { scope: 'https://example.github.io/', scriptURL: 'https://example.github.io/sw.js' },
      { scope: 'https://example.github.io/another-site/', scriptURL: 'https://example.github.io/another-site/sw.js' },
      { scope: 'https://example.github.io/generative-in-your-browser-2/', scriptURL: 'https://example.github.io/generative-in-your-browser-2/sw.js' },
    ];
    expect(staleRegistrations(found, base, current)).toEqual([]);
  });
});
