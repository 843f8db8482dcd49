import { BAND_RANGES, type Metric, type Moment } from '@voix/shared';

/**
 * The words of invitations and of the hosted page, per language (English and French; others fall
 * back to English), and the choice of language: the customer's, else the site's default.
 * The owner's own texts (question, follow-up) come from the moment, in the same language.
 */
export interface ChannelStrings {
  subject: string;
  intro: string;
  textIntro: string;
  validUntil: string;
  ends: Record<Metric, [string, string]>;
  sms: string;
  yourScore: string;
  send: string;
  thanks: string;
  canClose: string;
  expiredTitle: string;
  expiredBody: string;
  invalidTitle: string;
  invalidBody: string;
  usedTitle: string;
  usedBody: string;
  closedTitle: string;
  closedBody: string;
  noScript: string;
}

const en: ChannelStrings = {
  subject: '{brand}: one quick question',
  intro: 'One click is enough: choose your answer below.',
  textIntro: 'Answer with one click by opening one of these links:',
  validUntil: 'This link is personal and valid until {date}.',
  ends: {
    nps: ['Not at all likely', 'Extremely likely'],
    csat: ['Very dissatisfied', 'Very satisfied'],
    ces: ['Strongly disagree', 'Strongly agree'],
  },
  sms: '{brand}: {question} Answer here: {url}',
  yourScore: 'Your answer: {score}',
  send: 'Send',
  thanks: 'Thank you for your answer!',
  canClose: 'You can close this page.',
  expiredTitle: 'This link has expired',
  expiredBody: 'Survey links stay valid for a limited time. Thank you all the same for your interest.',
  invalidTitle: 'This link is not valid',
  invalidBody: 'It may have been copied incompletely. Please open it again from the original message.',
  usedTitle: 'You have already answered',
  usedBody: 'Your first answer has been kept. Thank you!',
  closedTitle: 'This survey is closed',
  closedBody: 'It is no longer collecting answers. Thank you for your interest.',
  noScript: 'Choose your answer:',
};

const fr: ChannelStrings = {
  subject: '{brand} : une petite question',
  intro: 'Un clic suffit : choisissez votre réponse ci-dessous.',
  textIntro: 'Répondez en un clic en ouvrant l’un de ces liens :',
  validUntil: 'Ce lien est personnel et valable jusqu’au {date}.',
  ends: {
    nps: ['Pas du tout probable', 'Très probable'],
    csat: ['Très insatisfait', 'Très satisfait'],
    ces: ['Pas du tout d’accord', 'Tout à fait d’accord'],
  },
  sms: '{brand} : {question} Répondez ici : {url}',
  yourScore: 'Votre réponse : {score}',
  send: 'Envoyer',
  thanks: 'Merci pour votre réponse !',
  canClose: 'Vous pouvez fermer cette page.',
  expiredTitle: 'Ce lien a expiré',
  expiredBody: 'Les liens d’enquête restent valables pendant une durée limitée. Merci tout de même de votre intérêt.',
  invalidTitle: 'Ce lien n’est pas valide',
  invalidBody: 'Il a peut-être été copié de façon incomplète. Ouvrez-le à nouveau depuis le message d’origine.',
  usedTitle: 'Vous avez déjà répondu',
  usedBody: 'Votre première réponse a été conservée. Merci !',
  closedTitle: 'Cette enquête est terminée',
  closedBody: 'Elle ne recueille plus de réponses. Merci de votre intérêt.',
  noScript: 'Choisissez votre réponse :',
};

const STRINGS: Record<string, ChannelStrings> = { en, fr };

export const primaryLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();

export function stringsFor(locale: string): ChannelStrings {
  return STRINGS[primaryLanguage(locale)] ?? en;
}

/** Fills `{name}` placeholders; values are plain text (escape for HTML afterwards). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

/**
 * The language to speak to this customer and the moment's texts in it: the wanted locale, its
 * primary language, the site's default, then whatever the question has. The follow-up depends
 * on the score when the moment has rules per band or range.
 */
export function textsFor(moment: Moment, wanted: string | null | undefined, defaultLocale: string) {
  const candidates = [wanted, wanted && primaryLanguage(wanted), defaultLocale, ...Object.keys(moment.question)].filter(Boolean) as string[];
  const locale = candidates.find((l) => moment.question[l]) ?? defaultLocale;
  const pick = (texts: Record<string, string> | undefined) => texts && (texts[locale] ?? texts[defaultLocale] ?? Object.values(texts)[0]);
  return { locale, question: pick(moment.question)!, followUp: (score: number) => pick(followUpTexts(moment, score)) };
}

/** The follow-up texts for this score: the single one, or the first rule whose scores contain it. */
export function followUpTexts(moment: Moment, score: number): Record<string, string> | undefined {
  const { followUp } = moment;
  if (!Array.isArray(followUp)) return followUp;
  const rule = followUp.find((r) => {
    const [lo, hi] = typeof r.scores === 'string' ? BAND_RANGES[moment.metric][r.scores] : r.scores;
    return score >= lo && score <= hi;
  });
  return rule?.text;
}

/** Brand substituted into the owner's texts, as the in-page prompt does. */
export const withBrand = (text: string, brand: string) => text.split('{brand}').join(brand);

/** A date in the customer's language, e.g. "8 December 2025" / "8 décembre 2025" (UTC). */
export function longDate(ms: number, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}
