import { describe, expect, it } from 'vitest';
import { SiteConfig } from './config.ts';
import { issuesFromZod } from './errors.ts';
import { ResponsePayload, wellFormed } from './payloads.ts';

const example = {
  brand: 'Demo Shop',
  defaultLocale: 'en',
  fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30 },
  moments: [
    {
      id: 'post-checkout', stage: 'purchase', metric: 'csat',
      question: { en: 'How satisfied are you with your checkout?', fr: 'Êtes-vous satisfait de votre commande ?' },
      followUp: { en: 'What is the main reason for your score?', fr: 'Quelle est la raison principale de votre note ?' },
      trigger: { event: 'order_completed' }, cooldownDays: 30, sample: 1,
    },
    {
      id: 'support-effort', stage: 'service', metric: 'ces',
      question: { en: 'The support team made it easy to solve my problem.', fr: "L'équipe support m'a facilité la résolution de mon problème." },
      trigger: { event: 'ticket_resolved' },
    },
    {
      id: 'relationship-nps', stage: 'recommendation', metric: 'nps',
      question: { en: 'How likely are you to recommend Demo Shop to a friend or colleague?', fr: 'Quelle est la probabilité que vous recommandiez Demo Shop à un ami ou un collègue ?' },
      trigger: { url: '/demo/account*' },
    },
  ],
};

describe('SiteConfig', () => {
  it('accepts the documented example and fills defaults', () => {
    const parsed = SiteConfig.parse(example);
    expect(parsed.moments[1]!.cooldownDays).toBe(90);
    expect(parsed.moments[2]!.trigger).toEqual({ url: '/demo/account*', match: 'glob' });
  });
  it('names each invalid field', () => {
    const result = SiteConfig.safeParse({
      ...example,
      unknown: true,
      moments: [{ ...example.moments[0], metric: 'stars', trigger: { event: '' } }],
    });
    expect(result.success).toBe(false);
    const paths = issuesFromZod(result.error!).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['unknown', 'moments.0.metric', 'moments.0.trigger.event']));
  });
  it('refuses duplicate moment ids', () => {
    const result = SiteConfig.safeParse({ ...example, moments: [example.moments[0], example.moments[0]] });
    expect(issuesFromZod(result.error!).map((i) => i.path)).toEqual(['moments.1.id']);
  });
  it('refuses a question without the default locale', () => {
    const result = SiteConfig.safeParse({ ...example, moments: [{ ...example.moments[0], question: { fr: 'Bonjour' } }] });
    expect(issuesFromZod(result.error!).map((i) => i.path)).toContain('moments.0.question.en');
  });
});

describe('ResponsePayload', () => {
  it('replaces lone surrogates and keeps emoji', () => {
    expect(wellFormed('a\uD800b😀\uDC00')).toBe('a\uFFFDb😀\uFFFD');
    const parsed = ResponsePayload.parse({
      id: '6f1c2a8e-4b1d-4c2e-9a7b-1a2b3c4d5e6f', siteKey: 'pk_abcdefgh12', momentId: 'm', score: 3, anonymousId: 'a', comment: 'x\uD800',
    });
    expect(parsed.comment).toBe('x\uFFFD');
    expect(parsed.channel).toBe('inpage');
  });
});
