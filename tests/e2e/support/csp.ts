/**
 * What every built page's Content-Security-Policy must say (docs/DESIGN.md, "Content Security
 * Policy"), checked on the HTML file as GitHub Pages serves it. The browser half (no page logs a
 * violation) is in support/browser.ts.
 */
import { createHash } from 'node:crypto';
import { parse } from 'parse5';

interface Element {
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Element[];
  value?: string;
}

function* walk(node: Element): Generator<Element> {
  for (const child of node.childNodes ?? []) {
    if (child.tagName) yield child;
    yield* walk(child);
  }
}

const attr = (el: Element, name: string) => el.attrs?.find((a) => a.name === name)?.value;
const hash = (el: Element) =>
  `'sha256-${createHash('sha256').update((el.childNodes ?? []).map((c) => c.value ?? '').join(''), 'utf8').digest('base64')}'`;

/** The directives of a policy, by name. */
export function parsePolicy(text: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Everything wrong with one page's policy and referrer policy; empty when it is right. */
export function cspProblems(html: string): string[] {
  const problems: string[] = [];
  const all = [...walk(parse(html) as Element)];
  const metas = all.filter((el) => el.tagName === 'meta' && attr(el, 'http-equiv')?.toLowerCase() === 'content-security-policy');
  if (metas.length !== 1) return [`${metas.length} Content-Security-Policy meta tags (want exactly one)`];
  const meta = metas[0];

  // A policy in a meta tag governs only what the parser meets after it.
  const first = all.findIndex((el) => el.tagName === 'script' || el.tagName === 'style' || el.tagName === 'link');
  if (first !== -1 && first < all.indexOf(meta)) problems.push(`a <${all[first].tagName}> comes before the Content-Security-Policy meta tag`);

  const policy = parsePolicy(attr(meta, 'content') ?? '');
  const expect = (name: string, sources: string[]) => {
    const got = policy.get(name);
    if (!got || got.join(' ') !== sources.join(' ')) problems.push(`${name} is "${got?.join(' ') ?? '(missing)'}", want "${sources.join(' ')}"`);
  };
  expect('default-src', ["'none'"]);
  expect('object-src', ["'none'"]);
  expect('base-uri', ["'self'"]);
  expect('worker-src', ["'self'"]);
  expect('connect-src', ["'self'"]);
  for (const [name, sources] of policy) {
    if (sources.includes("'unsafe-eval'")) problems.push(`${name} allows 'unsafe-eval'`);
    if (sources.includes("'unsafe-inline'") && name !== 'style-src-attr') problems.push(`${name} allows 'unsafe-inline'`);
    if (sources.some((s) => s === '*' || /^[a-z]+:$/.test(s)) && !['img-src', 'font-src'].includes(name)) {
      problems.push(`${name} allows a whole scheme or any host: ${sources.join(' ')}`);
    }
  }
  // A meta tag cannot deliver these; the browser ignores them with a console error.
  for (const name of ['frame-ancestors', 'report-uri', 'sandbox']) if (policy.has(name)) problems.push(`${name} in a meta tag is ignored`);

  const scriptSrc = policy.get('script-src') ?? [];
  const styleSrc = policy.get('style-src') ?? [];
  for (const el of all) {
    if (el.tagName === 'script' && attr(el, 'src') === undefined && !scriptSrc.includes(hash(el))) problems.push(`an inline script's hash ${hash(el)} is not in script-src`);
    if (el.tagName === 'style' && !styleSrc.includes(hash(el))) problems.push(`a <style>'s hash ${hash(el)} is not in style-src`);
  }

  const referrer = all.filter((el) => el.tagName === 'meta' && attr(el, 'name') === 'referrer').map((el) => attr(el, 'content'));
  if (referrer.join() !== 'no-referrer') problems.push(`referrer policy ${JSON.stringify(referrer)}, want ["no-referrer"]`);
  return problems;
}
