/**
 * Every internal URL goes through `withBase`, so the site works both at a domain root and under
 * /<repo-name>/ on GitHub Pages (import.meta.env.BASE_URL is astro's `base`).
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  const trimmedBase = base.endsWith('/') ? base.slice(0, -1) : base;
  const rel = path.startsWith('/') ? path : `/${path}`;
  return `${trimmedBase}${rel}`;
}

/** The URL of an article page: /<lang>/<slug>/ under the base. */
export function articleUrl(lang: string, slug: string): string {
  return withBase(`/${lang}/${slug}/`);
}
