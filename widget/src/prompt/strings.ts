import type { Metric } from '@voix/shared/scales';

/**
 * The prompt's own words, per language. To add a language, add an entry with every key; the
 * prompt falls back to English for a language it does not know. `points` label each point of a
 * scale, from its minimum (`SCALES` in shared): they make the accessible name "9 — extremely likely".
 */
export interface Strings {
  close: string;
  send: string;
  skip: string;
  thanks: string;
  /** Labels shown under both ends of each scale. */
  ends: Record<Metric, [low: string, high: string]>;
  points: Record<Metric, string[]>;
}

const en: Strings = {
  close: 'Close',
  send: 'Send',
  skip: 'Skip',
  thanks: 'Thank you for your feedback!',
  ends: {
    nps: ['Not likely', 'Extremely likely'],
    csat: ['Very dissatisfied', 'Very satisfied'],
    ces: ['Strongly disagree', 'Strongly agree'],
  },
  points: {
    nps: [
      'not at all likely',
      'very unlikely',
      'unlikely',
      'unlikely',
      'somewhat unlikely',
      'neutral',
      'somewhat likely',
      'likely',
      'very likely',
      'extremely likely',
      'extremely likely',
    ],
    csat: ['very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'],
    ces: ['strongly disagree', 'disagree', 'somewhat disagree', 'neutral', 'somewhat agree', 'agree', 'strongly agree'],
  },
};

const fr: Strings = {
  close: 'Fermer',
  send: 'Envoyer',
  skip: 'Passer',
  thanks: 'Merci pour votre retour !',
  ends: {
    nps: ['Peu probable', 'Extrêmement probable'],
    csat: ['Très insatisfait', 'Très satisfait'],
    ces: ['Pas du tout d’accord', 'Tout à fait d’accord'],
  },
  points: {
    nps: [
      'pas du tout probable',
      'très peu probable',
      'peu probable',
      'peu probable',
      'plutôt improbable',
      'neutre',
      'plutôt probable',
      'probable',
      'très probable',
      'extrêmement probable',
      'extrêmement probable',
    ],
    csat: ['très insatisfait', 'insatisfait', 'neutre', 'satisfait', 'très satisfait'],
    ces: ['pas du tout d’accord', 'pas d’accord', 'plutôt pas d’accord', 'neutre', 'plutôt d’accord', 'd’accord', 'tout à fait d’accord'],
  },
};

const STRINGS: Record<string, Strings> = { en, fr };

/** Strings for a locale tag (`fr-CA` → `fr`), English when the language is unknown. */
export function stringsFor(locale: string): Strings {
  return STRINGS[locale.split('-')[0]!.toLowerCase()] ?? en;
}
