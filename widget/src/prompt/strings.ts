import type { Metric } from '@voix/shared/scales';

/**
 * The prompt's own words, per language: English, French, Spanish, German and Arabic (written
 * right to left) in `locales/`. To add a language, add a file there with every key, list it in
 * `LOCALES` (and its primary subtag in `RTL` if it is written right to left); the prompt speaks
 * English for a language it does not know. `points` label each point of a scale, from
 * its minimum (`SCALES` in shared): they make the accessible name "9 — extremely likely".
 */
export interface Strings {
  close: string;
  send: string;
  skip: string;
  thanks: string;
  /** "Ask me later by email", and the word said once it is chosen. */
  later: string;
  laterThanks: string;
  /** Labels shown under both ends of each scale. */
  ends: Record<Metric, [low: string, high: string]>;
  points: Record<Metric, string[]>;
}


/**
 * Each language is a chunk of its own (`dist/locale-fr-[hash].js`…), imported next to the prompt
 * chunk: a page downloads only the words it shows.
 */
const LOCALES: Record<string, () => Promise<{ default: Strings }>> = {
  en: () => import('./locales/en.ts'),
  fr: () => import('./locales/fr.ts'),
  es: () => import('./locales/es.ts'),
  de: () => import('./locales/de.ts'),
  ar: () => import('./locales/ar.ts'),
};

/** Primary subtags of the languages written right to left (the prompt sets `dir="rtl"`). */
const RTL = ['ar', 'he', 'fa', 'ur'];

const primary = (locale: string) => locale.split('-')[0]!.toLowerCase();

/**
 * Strings for a locale tag (`fr-CA` → `fr`), English when the language is unknown or its chunk
 * fails to load; rejects only when English fails too (the prompt then does not show).
 */
export function loadStrings(locale: string): Promise<Strings> {
  const en = () => LOCALES.en!().then((module) => module.default);
  const load = LOCALES[primary(locale)];
  return load ? load().then((module) => module.default, en) : en();
}

/** Writing direction of a locale tag. */
export function directionOf(locale: string): 'rtl' | 'ltr' {
  return RTL.includes(primary(locale)) ? 'rtl' : 'ltr';
}
