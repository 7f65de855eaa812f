/**
 * The math is typeset at build time by rehype-katex and drawn by the katex.min.css and fonts the
 * pages load from the project's own katex. The two must be one version: KaTeX 0.19 renamed classes
 * its 0.16 markup uses (base, strut, sizing), and with rehype-katex's 0.16 under 0.19's stylesheet
 * every subscript was drawn at full size. package.json's override keeps them together.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const versionOf = (resolveFrom: string) => JSON.parse(readFileSync(createRequire(resolveFrom).resolve('katex/package.json'), 'utf8')).version as string;

describe('KaTeX', () => {
  it('typesets with the same version whose stylesheet and fonts the pages load', () => {
    const shipped = versionOf(import.meta.url);
    expect(versionOf(require.resolve('rehype-katex'))).toBe(shipped);
    expect(versionOf(require.resolve('micromark-extension-math'))).toBe(shipped);
  });
});
