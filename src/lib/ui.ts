/** The site's own words (not the articles'), in both languages. */
import { L, translate, type Label, type Lang } from './i18n';

export const siteName: Label = L('생성 모델, 브라우저에서', 'Generative, in your browser');

/** The site's words, each written once in both languages side by side (the lab's are in src/lab/shared/strings.ts). */
const words = {
  tagline: L('일곱 가지 심층 생성 모델을 글로 배우고, 브라우저에서 직접 학습시켜 보는 연재', 'A series that explains the seven families of deep generative models and trains each of them live in your browser'),
  articles: L('글 목록', 'Articles'),
  series: L('연재 순서', 'The series'),
  search: L('검색', 'Search'),
  glossary: L('용어집', 'Glossary'),
  citeThis: L('이 글 인용하기', 'Cite this article'),
  citePlain: L('일반 텍스트', 'Plain text'),
  copy: L('복사', 'Copy'),
  copied: L('복사했습니다.', 'Copied.'),
  copyFailed: L('복사할 수 없습니다. 글을 선택해 직접 복사하세요.', 'Could not copy: select the text and copy it by hand.'),
  glossaryHint: L('글과 위젯이 함께 쓰는 용어입니다. 한국어 글은 여기 적힌 말만 씁니다.', 'The terms the articles and the labs share, in both languages. The Korean articles use exactly these words.'),
  glossaryTerm: L('용어', 'Term'),
  glossaryOther: L('English', '한국어'),
  glossaryMeaning: L('뜻', 'Meaning'),
  tags: L('태그', 'Tags'),
  contents: L('목차', 'Contents'),
  references: L('참고 문헌', 'References'),
  previous: L('이전 글', 'Previous'),
  next: L('다음 글', 'Next'),
  published: L('작성일', 'Published'),
  readIn: L('이 글을 다른 언어로', 'Read this article in'),
  themeToggle: L('어두운 테마', 'Dark theme'),
  skipToContent: L('본문으로 건너뛰기', 'Skip to content'),
  home: L('처음으로', 'Home'),
  rss: L('RSS 피드', 'RSS feed'),
  emptySeries: L('연재를 준비하고 있습니다. 첫 글이 곧 올라옵니다.', 'The series is being written; the first article appears here soon.'),
  searchHint: L('한국어 글에서 찾습니다. 영어 글은 English 검색 페이지에서 찾을 수 있습니다.', 'Searches the English articles. The Korean articles have their own search page (한국어).'),
  searchUnavailable: L('검색 색인이 없습니다. 검색은 빌드된 사이트에서 동작합니다 (npm run build 후 npm run preview).', 'The search index is missing. Search works on the built site (npm run build, then npm run preview).'),
  tagsIntro: L('글에 붙은 태그별로 모았습니다.', 'The articles, grouped by their tags.'),
  footer: L('코드와 글은 MIT 라이선스로 공개됩니다.', 'Code and text are open source under the MIT licence.'),
  nav: L('사이트 메뉴', 'Site'),
  pagination: L('이전 글과 다음 글', 'Previous and next article'),
};

const minutesRead = L('{n}분 분량', '{n} min read');
const articleCountOne = L('글 {n}편', '{n} article');
const articleCountMany = L('글 {n}편', '{n} articles');

export type SiteWords = { [K in keyof typeof words]: string } & {
  minutes(n: number): string;
  articleCount(n: number): string;
};

function siteWords(lang: Lang): SiteWords {
  const plain = Object.fromEntries(Object.entries(words).map(([key, label]) => [key, translate(label, lang)])) as { [K in keyof typeof words]: string };
  return {
    ...plain,
    minutes: (n) => translate(minutesRead, lang, { n }),
    articleCount: (n) => translate(n === 1 ? articleCountOne : articleCountMany, lang, { n }),
  };
}

/** The site's words in one language: ui[lang].tagline, ui[lang].minutes(5), … */
export const ui: Record<Lang, SiteWords> = { ko: siteWords('ko'), en: siteWords('en') };

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
