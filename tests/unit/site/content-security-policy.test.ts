import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { policyFor, withContentSecurityPolicy } from '../../../src/lib/content-security-policy.mjs';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const page = (head: string, body = '') => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

describe('the Content-Security-Policy of a built page', () => {
  it('allows each inline script and <style> by the hash of its exact text, never scripts with src', () => {
    const theme = "\n  document.documentElement.dataset.theme = 'dark'; // ü\n";
    const css = 'body{color:red}';
    const html = page(`<script>${theme}</script><style>${css}</style><script src="/a.js"></script>`, '<script type="module">import "./b.js"</script>');
    const policy = policyFor(html);
    const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe(`script-src 'self' 'wasm-unsafe-eval' ${sha(theme)} ${sha('import "./b.js"')}`);
    expect(policy).toContain(`style-src 'self' ${sha(css)};`);
    expect(policy).not.toMatch(/ 'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  });

  it('goes right after <meta charset>, before anything it governs', () => {
    const out = withContentSecurityPolicy(page('<script>1</script>'));
    expect(out).toMatch(/^<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]+"><script>1<\/script>/);
  });

  it('refuses a page without <meta charset> first in <head>, or with a policy already', () => {
    expect(() => withContentSecurityPolicy('<html><head><script>1</script></head></html>')).toThrow(/meta charset/);
    expect(() => withContentSecurityPolicy(withContentSecurityPolicy(page('')))).toThrow(/already/);
  });
});
