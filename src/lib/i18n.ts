export const languages = ['ko', 'en'] as const;
export type Lang = (typeof languages)[number];

export const languageNames: Record<Lang, string> = { ko: '한국어', en: 'English' };

export function isLang(value: string): value is Lang {
  return (languages as readonly string[]).includes(value);
}

export function otherLang(lang: Lang): Lang {
  return lang === 'ko' ? 'en' : 'ko';
}
