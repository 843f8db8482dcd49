import { describe, expect, it } from 'vitest';
import { pickText, wantedLocale } from './locale.ts';

describe('wantedLocale', () => {
  it("voix('locale') > data-locale > browser language (primary subtag) > default", () => {
    expect(wantedLocale(['de', 'fr', 'es-ES'], 'en')).toBe('de');
    expect(wantedLocale([undefined, 'fr', 'es-ES'], 'en')).toBe('fr');
    expect(wantedLocale([undefined, undefined, 'fr-CA'], 'en')).toBe('fr');
    expect(wantedLocale([undefined, undefined, undefined], 'en')).toBe('en');
    expect(wantedLocale(['', '', ''], 'fr')).toBe('fr');
  });
});

describe('pickText', () => {
  const question = { en: 'How likely…?', fr: 'Quelle est la probabilité…?', 'pt-BR': 'Qual a probabilidade…?' };

  it('takes the wanted locale, then its primary subtag', () => {
    expect(pickText(question, 'fr', 'en')).toEqual(['fr', question.fr]);
    expect(pickText(question, 'pt-BR', 'en')).toEqual(['pt-BR', question['pt-BR']]);
    expect(pickText(question, 'fr-CA', 'en')).toEqual(['fr', question.fr]);
  });

  it('falls back to the default locale, then to the first text: never an empty prompt', () => {
    expect(pickText(question, 'de', 'en')).toEqual(['en', question.en]);
    expect(pickText({ fr: 'Bonjour' }, 'de', 'en')).toEqual(['fr', 'Bonjour']);
    expect(pickText({ en: '  ', fr: 'Bonjour' }, 'en', 'en')).toEqual(['fr', 'Bonjour']);
    expect(pickText({}, 'en', 'en')).toBeUndefined();
    expect(pickText(undefined, 'en', 'en')).toBeUndefined();
  });
});
