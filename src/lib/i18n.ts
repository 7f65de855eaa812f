export const languages = ['ko', 'en'] as const;
export type Lang = (typeof languages)[number];

export const languageNames: Record<Lang, string> = { ko: '한국어', en: 'English' };

export function isLang(value: string): value is Lang {
  return (languages as readonly string[]).includes(value);
}

export function otherLang(lang: Lang): Lang {
  return lang === 'ko' ? 'en' : 'ko';
}

/**
 * The translation system of the site and the lab: every text is a Label, written once in both
 * languages side by side (`L('학습', 'Train')`), and shown with its {placeholders} filled in. The
 * site's words are in ui.ts, the lab's in src/lab/shared/strings.ts and its settings table.
 */
export type Label = Record<Lang, string>;

export const L = (ko: string, en: string): Label => ({ ko, en });

/** A label in one language with its {placeholders} filled in (an unknown one is left as it is). */
export function translate(label: Label, lang: Lang, vars: Record<string, string | number> = {}): string {
  return label[lang].replace(/\{(\w+)\}/g, (whole, k: string) => (k in vars ? String(vars[k]) : whole));
}

/** The lookup function of a table of words: key, language and {placeholders} to a string. */
export function translator<K extends string>(table: Record<K, Label>): (key: K, lang: Lang, vars?: Record<string, string | number>) => string {
  return (key, lang, vars = {}) => translate(table[key], lang, vars);
}
