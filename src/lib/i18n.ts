export const languages = ['ko', 'en'] as const;
export type Lang = (typeof languages)[number];

export const languageNames: Record<Lang, string> = { ko: '한국어', en: 'English' };

export function isLang(value: string): value is Lang {
  return (languages as readonly string[]).includes(value);
}

export function otherLang(lang: Lang): Lang {
  return lang === 'ko' ? 'en' : 'ko';
}

/** One text in both languages (the lab's labels and messages, and the site's words). */
export type Label = Record<Lang, string>;

export const L = (ko: string, en: string): Label => ({ ko, en });
