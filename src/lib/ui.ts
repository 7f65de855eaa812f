/** The site's own words (not the articles'), in both languages. */
import type { Lang } from './i18n';

export const siteName = { ko: '생성 모델, 브라우저에서', en: 'Generative, in your browser' } as const;

export const ui = {
  ko: {
    tagline: '여섯 가지 심층 생성 모델을 글로 배우고, 브라우저에서 직접 학습시켜 보는 연재',
    articles: '글 목록',
    series: '연재 순서',
    search: '검색',
    tags: '태그',
    contents: '목차',
    references: '참고 문헌',
    previous: '이전 글',
    next: '다음 글',
    minutes: (n: number) => `${n}분 분량`,
    published: '작성일',
    readIn: '이 글을 다른 언어로',
    themeToggle: '어두운 테마',
    skipToContent: '본문으로 건너뛰기',
    home: '처음으로',
    rss: 'RSS 피드',
    emptySeries: '연재를 준비하고 있습니다. 첫 글이 곧 올라옵니다.',
    searchHint: '한국어 글에서 찾습니다. 영어 글은 English 검색 페이지에서 찾을 수 있습니다.',
    searchUnavailable: '검색 색인이 없습니다. 검색은 빌드된 사이트에서 동작합니다 (npm run build 후 npm run preview).',
    tagsIntro: '글에 붙은 태그별로 모았습니다.',
    articleCount: (n: number) => `글 ${n}편`,
    footer: '코드와 글은 MIT 라이선스로 공개됩니다.',
    nav: '사이트 메뉴',
    pagination: '이전 글과 다음 글',
  },
  en: {
    tagline: 'A series that explains the six families of deep generative models and trains each of them live in your browser',
    articles: 'Articles',
    series: 'The series',
    search: 'Search',
    tags: 'Tags',
    contents: 'Contents',
    references: 'References',
    previous: 'Previous',
    next: 'Next',
    minutes: (n: number) => `${n} min read`,
    published: 'Published',
    readIn: 'Read this article in',
    themeToggle: 'Dark theme',
    skipToContent: 'Skip to content',
    home: 'Home',
    rss: 'RSS feed',
    emptySeries: 'The series is being written; the first article appears here soon.',
    searchHint: 'Searches the English articles. The Korean articles have their own search page (한국어).',
    searchUnavailable: 'The search index is missing. Search works on the built site (npm run build, then npm run preview).',
    tagsIntro: 'The articles, grouped by their tags.',
    articleCount: (n: number) => `${n} article${n === 1 ? '' : 's'}`,
    footer: 'Code and text are open source under the MIT licence.',
    nav: 'Site',
    pagination: 'Previous and next article',
  },
} satisfies Record<Lang, Record<string, unknown>>;

export const ogLocale: Record<Lang, string> = { ko: 'ko_KR', en: 'en_US' };

export function formatDate(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** The language of the page being rendered, from its URL (/<base>/ko/… or /<base>/en/…). */
export function langOfPath(pathname: string, base: string = import.meta.env.BASE_URL): Lang {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  return rest.replace(/^\//, '').startsWith('ko') ? 'ko' : 'en';
}
