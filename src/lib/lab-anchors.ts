/**
 * The anchors of the labs an article places (`<Lab family="gan" … />` in its MDX), in order, so
 * the article's header can link to them ("Jump to the lab"). The id follows Lab.astro: the `id`
 * prop, else "<family>-noise" for the noise comparison, else the family. Pure; unit-tested.
 */
export function labAnchors(mdx: string): string[] {
  const out: string[] = [];
  for (const m of mdx.matchAll(/<Lab\b([^>]*?)\/?>/g)) {
    const attrs = m[1];
    const family = /\bfamily="([\w-]+)"/.exec(attrs)?.[1];
    if (!family) continue;
    const id = /\bid="([\w-]+)"/.exec(attrs)?.[1] ?? (/\bcompare\b/.test(attrs) ? `${family}-noise` : family);
    out.push(`lab-${id}`);
  }
  return out;
}
