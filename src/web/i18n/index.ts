import { en } from './en';
import { vi, type Dictionary } from './vi';

/** The languages of the web app: Vietnamese first, English on request (the language switch, a cookie). */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type MessageKey = keyof Dictionary;
export type Translate = (key: MessageKey, params?: Record<string, string | number | null | undefined>) => string;

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

export const isLang = (value: unknown): value is Lang => typeof value === 'string' && (LANGS as readonly string[]).includes(value);

/** The translate function of a language: a key of the dictionary, `{name}` placeholders filled from params. */
export function translator(lang: Lang): Translate {
  const dictionary = DICTIONARIES[lang];
  return (key, params) => {
    const text: string = dictionary[key] ?? vi[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
  };
}

export type { Dictionary };

/** A unit's or cycle's name in the page's language: the English one where it exists, else the Vietnamese. */
export const localName = (named: { nameVi: string; nameEn?: string | null }, lang: Lang): string =>
  lang === 'en' && named.nameEn ? named.nameEn : named.nameVi;
