import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { articlesIn } from '../../lib/articles';
import { languages, type Lang } from '../../lib/i18n';
import { withBase } from '../../lib/paths';
import { siteName, ui } from '../../lib/ui';

/** /ko/rss.xml and /en/rss.xml: the series in one language, newest first, with full URLs. */
export const getStaticPaths = (() => languages.map((lang) => ({ params: { lang } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const lang = params.lang as Lang;
  const origin = site ?? new URL('http://localhost:4321');
  const absolute = (path: string) => new URL(path, origin).href;
  const articles = (await articlesIn(lang)).sort((a, b) => b.date.getTime() - a.date.getTime() || a.order - b.order);
  return rss({
    title: siteName[lang],
    description: ui[lang].tagline,
    site: absolute(withBase(`/${lang}/`)),
    items: articles.map((a) => ({
      title: a.title,
      description: a.description,
      pubDate: a.date,
      link: absolute(a.url),
      categories: a.tags,
    })),
    customData: `<language>${lang === 'ko' ? 'ko-KR' : 'en-US'}</language>`,
  });
};
