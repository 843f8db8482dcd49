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

describe('SiteConfig: triggers, audience, fatigue and follow-ups', () => {
  const base = example.moments[0]!;
  const withMoment = (over: Record<string, unknown>, doc: Record<string, unknown> = {}) =>
    SiteConfig.safeParse({ ...example, ...doc, moments: [{ ...base, ...over }] });
  const paths = (result: ReturnType<typeof SiteConfig.safeParse>) => (result.success ? [] : issuesFromZod(result.error).map((i) => i.path));

  it('accepts every trigger kind, an audience, and follow-ups per score band', () => {
    const result = withMoment(
      {
        trigger: [
          { event: 'order_completed', where: { total: { gte: 100 } } },
          { url: '^/orders/\\d+$', match: 'regex', delaySeconds: 5 },
          { click: '#help, .faq a' },
          { exitIntent: true },
          { scrollDepth: 75 },
          { timeOnPage: 30 },
          { visit: 3 },
          { pageView: 5 },
        ],
        audience: {
          attributes: { plan: { in: ['pro', 'team'] }, lifetimeValue: { gte: 100, lte: 10_000 }, churned: { exists: false } },
          page: { device: 'desktop', language: { in: ['fr', 'en'] }, referrer: { exists: true }, path: { equals: '/thanks' } },
          visitor: 'returning',
          identified: true,
        },
        followUp: [
          { scores: 'detractors', text: { en: 'What should we improve?', fr: 'Que devrions-nous améliorer ?' } },
          { scores: [4, 5], text: { en: 'What did you like most?' } },
        ],
      },
      { fatigue: { globalCooldownDays: 7, dismissCooldownDays: 60, maxPerSession: 2 }, privacy: { respectDoNotTrack: true, requireConsent: true } },
    );
    expect(paths(result)).toEqual([]);
  });

  it('fills maxPerSession with 1 by default', () => {
    expect(SiteConfig.parse(example).fatigue.maxPerSession).toBe(1);
    expect(SiteConfig.parse({ ...example, fatigue: undefined }).fatigue).toEqual({ globalCooldownDays: 14, dismissCooldownDays: 30, maxPerSession: 1 });
  });

  it('refuses unknown keys anywhere, with their path', () => {
    expect(paths(withMoment({ trigger: { url: '/x', mtach: 'exact' } }))).toEqual(['moments.0.trigger.mtach']);
    expect(paths(withMoment({ audience: { attributes: { plan: 'pro' }, segmnet: 'b2b' } }))).toEqual(['moments.0.audience.segmnet']);
    expect(paths(withMoment({ audience: { page: { host: 'x' } } }))).toEqual(['moments.0.audience.page.host']);
    expect(paths(withMoment({}, { fatigue: { maxPerSesion: 2 } }))).toEqual(['fatigue.maxPerSesion']);
    expect(paths(withMoment({ followUp: [{ scores: 'promoters', text: { en: 'Why?' }, when: 1 }] }))).toEqual(['moments.0.followUp.0.when']);
  });

  it('refuses a URL regex that does not compile', () => {
    expect(paths(withMoment({ trigger: { url: '/orders/(', match: 'regex' } }))).toEqual(['moments.0.trigger.url']);
    expect(paths(withMoment({ trigger: [{ event: 'x' }, { url: '[a-', match: 'regex' }] }))).toEqual(['moments.0.trigger.1.url']);
  });

  it('refuses conditions that can never hold', () => {
    expect(paths(withMoment({ trigger: { event: 'x', where: { total: { gte: 200, lte: 100 } } } }))).toEqual(['moments.0.trigger.where.total.gte']);
    expect(paths(withMoment({ audience: { attributes: { ltv: { gte: 5, lte: 1 } } } }))).toEqual(['moments.0.audience.attributes.ltv.gte']);
    expect(paths(withMoment({ audience: { attributes: { plan: { in: [] } } } }))).toEqual(['moments.0.audience.attributes.plan.in']);
    expect(paths(withMoment({ audience: { attributes: { plan: { equals: 'pro', in: ['team'] } } } }))).toEqual(['moments.0.audience.attributes.plan.in']);
    expect(paths(withMoment({ audience: { page: { referrer: { exists: false, equals: 'x' } } } }))).toEqual(['moments.0.audience.page.referrer.exists']);
    expect(paths(withMoment({ audience: { attributes: { plan: { in: ['pro'], gte: 1 } } } }))).toEqual(['moments.0.audience.attributes.plan']);
    expect(paths(withMoment({ audience: { identified: false, attributes: { plan: 'pro' } } }))).toEqual(['moments.0.audience.attributes']);
    expect(paths(withMoment({ trigger: { visit: 2 }, audience: { visitor: 'new' } }))).toEqual(['moments.0.trigger.visit']);
  });

  it('refuses trigger values out of range', () => {
    expect(paths(withMoment({ trigger: { scrollDepth: 0 } }))).toEqual(['moments.0.trigger.scrollDepth']);
    expect(paths(withMoment({ trigger: { scrollDepth: 101 } }))).toEqual(['moments.0.trigger.scrollDepth']);
    expect(paths(withMoment({ trigger: { timeOnPage: -1 } }))).toEqual(['moments.0.trigger.timeOnPage']);
    expect(paths(withMoment({ trigger: { exitIntent: false } }))).toEqual(['moments.0.trigger.exitIntent']);
    expect(paths(withMoment({ trigger: { visit: 1.5 } }))).toEqual(['moments.0.trigger.visit']);
  });

  it('refuses follow-up score ranges outside the scale, empty ranges and missing default texts', () => {
    // post-checkout is CSAT: 1–5.
    expect(paths(withMoment({ followUp: [{ scores: [0, 3], text: { en: 'Why?' } }] }))).toEqual(['moments.0.followUp.0.scores']);
    expect(paths(withMoment({ followUp: [{ scores: [4, 2], text: { en: 'Why?' } }] }))).toEqual(['moments.0.followUp.0.scores']);
    expect(paths(withMoment({ metric: 'nps', followUp: [{ scores: [9, 10], text: { en: 'Why?' } }, { scores: [0, 11], text: { en: 'Why?' } }] }))).toEqual([
      'moments.0.followUp.1.scores',
    ]);
    expect(paths(withMoment({ followUp: [{ scores: 'passives', text: { fr: 'Pourquoi ?' } }] }))).toEqual(['moments.0.followUp.0.text.en']);
    expect(paths(withMoment({ followUp: [{ scores: 'happy', text: { en: 'Why?' } }] }))).toEqual(['moments.0.followUp.0.scores']);
    expect(paths(withMoment({ followUp: [] }))).toEqual(['moments.0.followUp']);
  });

  it('refuses maxPerSession 0 while there are moments', () => {
    expect(paths(withMoment({}, { fatigue: { maxPerSession: 0 } }))).toEqual(['fatigue.maxPerSession']);
    expect(SiteConfig.safeParse({ ...example, fatigue: { maxPerSession: 0 }, moments: [] }).success).toBe(true);
  });

  it('accepts inline moments, moments without a trigger and a feedback tab; refuses a tab on an unknown or out-of-page moment', () => {
    const { trigger: _none, ...untriggered } = base;
    const ok = SiteConfig.safeParse({ ...example, tab: { momentId: 'post-checkout' }, moments: [{ ...untriggered, display: 'inline' }] });
    expect(ok.success && ok.data.tab).toEqual({ momentId: 'post-checkout', side: 'right' });
    expect(ok.success && ok.data.moments[0]!.display).toBe('inline');
    expect(SiteConfig.parse(example).moments[0]!.display).toBe('popover');
    expect(paths(withMoment({ display: 'modal' }))).toEqual(['moments.0.display']);
    expect(paths(withMoment({}, { tab: { momentId: 'nope' } }))).toEqual(['tab.momentId']);
    expect(paths(withMoment({ channels: ['email'] }, { tab: { momentId: 'post-checkout' } }))).toEqual(['tab.momentId']);
    expect(paths(withMoment({}, { tab: { momentId: 'post-checkout', label: { fr: 'Avis' } } }))).toEqual(['tab.label.en']);
    expect(paths(withMoment({}, { tab: { momentId: 'post-checkout', side: 'top' } }))).toEqual(['tab.side']);
  });

  it('reports every problem of a document at once', () => {
    const result = SiteConfig.safeParse({
      ...example,
      fatigue: { maxPerSession: 0 },
      moments: [
        { ...base, trigger: { url: '(', match: 'regex' } },
        { ...base, id: 'other', audience: { attributes: { a: { gte: 2, lte: 1 } } }, followUp: [{ scores: [1, 9], text: { en: 'Why?' } }] },
      ],
    });
    expect(paths(result).sort()).toEqual(['fatigue.maxPerSession', 'moments.0.trigger.url', 'moments.1.audience.attributes.a.gte', 'moments.1.followUp.0.scores']);
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
