import { describe, expect, it } from 'vitest';
import { SiteConfig, type PublicSiteConfig, type SiteConfigInput } from '@voix/shared';
import { blockedBy, decide, pageViewed, promptShown, stillDue, VISIT_GAP_MS, type Facts, type Page, type Signal, type State } from './engine.ts';

/**
 * The decision engine as a pure function of (config, stored state, page facts, clock): which
 * moment to show for the signals of one task, and the reason for every moment that is not.
 */
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

/** A config as the collector serves it: validated by the shared schema, defaults filled in. */
function siteConfig(input: Partial<SiteConfigInput> = {}): PublicSiteConfig {
  const parsed = SiteConfig.parse({
    brand: 'Acme',
    fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30 },
    moments: [
      { id: 'checkout-ces', stage: 'purchase', metric: 'ces', question: { en: 'Easy?' }, trigger: { event: 'order_completed', where: { total: { gte: 100 } } } },
      { id: 'home-nps', stage: 'recommendation', metric: 'nps', question: { en: 'Recommend?' }, trigger: { url: '/', match: 'exact' } },
    ],
    ...input,
  });
  return { ...parsed, siteKey: 'pk_test12345', version: 1 };
}

const page: Page = { path: '/', referrer: '', device: 'desktop', language: 'en' };
const fresh = (): State => pageViewed({ anonymousId: 'anon-1', asked: {}, dismissed: {} }, NOW - 1000);
const facts = (over: Partial<Facts> = {}): Facts => ({ now: NOW, promptedThisPageView: false, page, ...over });
const chosen = (config: PublicSiteConfig, state: State, signals: Signal[], f = facts()) => decide(config, state, signals, f).moment?.id;

describe('decide', () => {
  it('shows the moment whose trigger matches, with its property conditions', () => {
    const config = siteConfig();
    expect(chosen(config, fresh(), [{ event: 'order_completed', props: { total: 120 } }])).toBe('checkout-ces');
    expect(chosen(config, fresh(), [{ event: 'order_completed', props: { total: 50 } }])).toBeUndefined();
    expect(chosen(config, fresh(), [{ path: '/' }])).toBe('home-nps');
    expect(chosen(config, fresh(), [{ path: '/other' }])).toBeUndefined();
    expect(decide(config, fresh(), [{ path: '/' }], facts()).log).toEqual(['home-nps: matched, chosen']);
  });

  it('says nothing about moments whose triggers did not match', () => {
    expect(decide(siteConfig(), fresh(), [{ path: '/nothing' }], facts()).log).toEqual([]);
  });

  it('reports the delay of the matching trigger', () => {
    const config = siteConfig({
      moments: [{ id: 'late', stage: 'usage', metric: 'csat', question: { en: 'Q?' }, trigger: [{ scrollDepth: 50, delaySeconds: 3 }, { exitIntent: true }] }],
    });
    const decision = decide(config, fresh(), [{ scroll: 60, from: 10 }], facts());
    expect(decision.delayMs).toBe(3000);
    expect(decision.log).toEqual(['late: matched, chosen, shown in 3s']);
  });
});

describe('two moments firing at once', () => {
  const moments = (pa: number, pb: number): SiteConfigInput['moments'] => [
    { id: 'low', stage: 'usage', metric: 'csat', question: { en: 'L?' }, trigger: { event: 'done' }, priority: pa },
    { id: 'high', stage: 'usage', metric: 'nps', question: { en: 'H?' }, trigger: { url: '/done' }, priority: pb },
  ];

  it('the higher priority wins; the other loses its turn, with the reason', () => {
    const decision = decide(siteConfig({ moments: moments(1, 5) }), fresh(), [{ event: 'done' }, { path: '/done' }], facts());
    expect(decision.moment?.id).toBe('high');
    expect(decision.log).toEqual(['low: matched, skipped: lower priority than high', 'high: matched, chosen']);
    expect(chosen(siteConfig({ moments: moments(9, 5) }), fresh(), [{ event: 'done' }, { path: '/done' }])).toBe('low');
  });

  it('equal priorities keep the config order', () => {
    expect(chosen(siteConfig({ moments: moments(0, 0) }), fresh(), [{ path: '/done' }, { event: 'done' }])).toBe('low');
  });

  it('a moment blocked by fatigue does not take the turn of an allowed one', () => {
    const state: State = { ...fresh(), asked: { high: NOW - DAY } };
    const config = siteConfig({ moments: moments(1, 5), fatigue: { globalCooldownDays: 0, dismissCooldownDays: 30 } });
    expect(chosen(config, state, [{ event: 'done' }, { path: '/done' }])).toBe('low');
  });

  it('the loser is not kept for later: the next signal decides afresh', () => {
    const config = siteConfig({ moments: moments(1, 5), fatigue: { globalCooldownDays: 0, dismissCooldownDays: 0, maxPerSession: 5 } });
    const state = promptShown(fresh(), 'high', NOW);
    // Same page view: "low" was skipped and nothing brings it back.
    expect(decide(config, state, [{ path: '/done' }], facts({ promptedThisPageView: true })).moment).toBeUndefined();
  });
});

describe('fatigue', () => {
  const config = siteConfig({
    moments: [
      { id: 'a', stage: 'usage', metric: 'csat', question: { en: 'A?' }, trigger: { event: 'go' }, cooldownDays: 90 },
      { id: 'b', stage: 'usage', metric: 'csat', question: { en: 'B?' }, trigger: { event: 'go-b' }, cooldownDays: 0 },
    ],
    fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30, maxPerSession: 1 },
  });

  it('a moment cooling down: days since it was last shown, with the end of the wait', () => {
    const asked = (days: number): State => ({ ...fresh(), asked: { a: NOW - days * DAY } });
    const log = decide(config, asked(89), [{ event: 'go' }], facts()).log;
    expect(log).toEqual([`a: matched, skipped: cooling down until ${new Date(NOW + DAY).toISOString()}`]);
    expect(chosen(config, asked(91), [{ event: 'go' }])).toBe('a');
  });

  it('the global cooldown counts days since any prompt', () => {
    const state = (days: number): State => ({ ...fresh(), lastPromptAt: NOW - days * DAY });
    expect(decide(config, state(13), [{ event: 'go-b' }], facts()).log[0]).toMatch(/^b: matched, skipped: global cooldown until /);
    expect(chosen(config, state(15), [{ event: 'go-b' }])).toBe('b');
  });

  it('a dismissal makes the moment wait the (longer) dismissal cooldown, even with no moment cooldown', () => {
    const state = (days: number): State => ({ ...fresh(), dismissed: { b: NOW - days * DAY } });
    expect(decide(config, state(29), [{ event: 'go-b' }], facts()).log[0]).toMatch(/^b: matched, skipped: dismissed, cooling down until /);
    expect(chosen(config, state(31), [{ event: 'go-b' }])).toBe('b');
  });

  it('at most one prompt per page view', () => {
    const decision = decide(config, fresh(), [{ event: 'go' }], facts({ promptedThisPageView: true }));
    expect(decision.moment).toBeUndefined();
    expect(decision.log).toEqual(['a: matched, skipped: already prompted on this page view']);
  });

  it('at most maxPerSession prompts per visit; a new visit starts the count again', () => {
    const open = { ...config, fatigue: { globalCooldownDays: 0, dismissCooldownDays: 30, maxPerSession: 2 } };
    let state = promptShown(fresh(), 'a', NOW - 60_000);
    expect(chosen(open, state, [{ event: 'go-b' }])).toBe('b');
    state = promptShown(state, 'b', NOW - 30_000);
    expect(decide(open, state, [{ event: 'go-b' }], facts()).log).toEqual(['b: matched, skipped: 2 prompt(s) this session already']);
    const later = NOW + VISIT_GAP_MS + 1;
    state = pageViewed(state, later);
    expect(state.visits).toBe(2);
    expect(chosen(open, state, [{ event: 'go-b' }], facts({ now: later }))).toBe('b');
  });

  it('records every clock when a prompt is shown', () => {
    const state = promptShown(fresh(), 'a', NOW);
    expect(state).toMatchObject({ asked: { a: NOW }, lastPromptAt: NOW, shown: 1, seenAt: NOW });
  });
});

describe('visits', () => {
  it('a page view within 30 minutes of the last one continues the visit', () => {
    const state: State = { anonymousId: 'x', asked: {}, dismissed: {} };
    pageViewed(state, NOW);
    expect(state).toMatchObject({ visits: 1, views: 1 });
    pageViewed(state, NOW + 10 * 60_000);
    pageViewed(state, NOW + 39 * 60_000);
    expect(state).toMatchObject({ visits: 1, views: 3 });
    pageViewed(state, NOW + 70 * 60_000);
    expect(state).toMatchObject({ visits: 2, views: 1, shown: 0 });
  });

  it('visit and page-view triggers read the counts', () => {
    const config = siteConfig({
      moments: [
        { id: 'third-visit', stage: 'usage', metric: 'nps', question: { en: 'Q?' }, trigger: { visit: 3 } },
        { id: 'fifth-page', stage: 'research', metric: 'ces', question: { en: 'Q?' }, trigger: { pageView: 5 } },
      ],
    });
    const state: State = { ...fresh(), visits: 2, views: 4 };
    expect(chosen(config, state, [{ path: '/' }])).toBeUndefined();
    expect(chosen(config, { ...state, views: 5 }, [{ path: '/' }])).toBe('fifth-page');
    expect(chosen(config, { ...state, visits: 3 }, [{ path: '/' }])).toBe('third-visit');
  });
});

describe('audience and sampling', () => {
  const config = siteConfig({
    moments: [
      {
        id: 'pro-nps', stage: 'usage', metric: 'nps', question: { en: 'Q?' }, trigger: { event: 'go' },
        audience: { attributes: { plan: 'pro' }, page: { device: 'desktop' }, visitor: 'returning' },
      },
      { id: 'never', stage: 'usage', metric: 'csat', question: { en: 'N?' }, trigger: { event: 'never' }, sample: 0 },
    ],
  });
  const returningPro: State = { ...fresh(), visits: 2, userId: 'u1', attributes: { plan: 'pro' } };

  it('asks only the audience, and says which rule failed', () => {
    expect(chosen(config, returningPro, [{ event: 'go' }])).toBe('pro-nps');
    expect(decide(config, { ...returningPro, attributes: { plan: 'free' } }, [{ event: 'go' }], facts()).log).toEqual([
      'pro-nps: matched, skipped: audience rule failed: attributes.plan (free)',
    ]);
    expect(decide(config, returningPro, [{ event: 'go' }], facts({ page: { ...page, device: 'mobile' } })).log[0]).toMatch(/audience rule failed: page.device \(mobile\)/);
    expect(decide(config, { ...returningPro, visits: 1 }, [{ event: 'go' }], facts()).log[0]).toMatch(/visitor is not returning/);
  });

  it('reports a customer sampled out', () => {
    expect(decide(config, fresh(), [{ event: 'never' }], facts()).log).toEqual(['never: matched, skipped: sampled out (0% asked)']);
  });

  it('fatigue is kept when the customer identifies after answering anonymously', () => {
    const anonymous = promptShown(fresh(), 'pro-nps', NOW - DAY);
    const identified: State = { ...anonymous, userId: 'u1', attributes: { plan: 'pro' }, visits: 2 };
    expect(decide(config, identified, [{ event: 'go' }], facts()).log[0]).toMatch(/cooling down until/);
  });
});

describe('privacy', () => {
  const config = siteConfig({ privacy: { respectDoNotTrack: false, requireConsent: true } });

  it('with requireConsent, asks nothing until consent is given', () => {
    expect(decide(config, fresh(), [{ path: '/' }], facts()).log).toEqual(['home-nps: matched, skipped: waiting for consent']);
    expect(decide(config, fresh(), [{ path: '/' }], facts({ consent: false })).moment).toBeUndefined();
    expect(chosen(config, fresh(), [{ path: '/' }], facts({ consent: true }))).toBe('home-nps');
  });

  it('without requireConsent, consent is not needed', () => {
    expect(chosen(siteConfig(), fresh(), [{ path: '/' }])).toBe('home-nps');
  });
});

describe('stillDue (a delayed moment, when its delay ends)', () => {
  const config = siteConfig({
    moments: [
      { id: 'docs', stage: 'research', metric: 'ces', question: { en: 'Q?' }, trigger: { url: '/docs/*', delaySeconds: 10 } },
      { id: 'reader', stage: 'research', metric: 'ces', question: { en: 'Q?' }, trigger: { scrollDepth: 50, delaySeconds: 10 } },
    ],
  });
  const [docs, reader] = config.moments as [PublicSiteConfig['moments'][0], PublicSiteConfig['moments'][0]];
  const at = (path: string, view: number) => ({ ...facts({ page: { ...page, path } }), view });

  it('a URL moment stays due while the customer is on a matching page, even after an SPA navigation', () => {
    expect(stillDue(config, fresh(), docs, { path: '/docs/a' }, at('/docs/a', 1), 1)).toBeUndefined();
    expect(stillDue(config, fresh(), docs, { path: '/docs/a' }, at('/docs/b', 2), 1)).toBeUndefined();
    expect(stillDue(config, fresh(), docs, { path: '/docs/a' }, at('/pricing', 2), 1)).toBe('page left before the delay');
  });

  it('any other trigger is cancelled once the customer has left the page view', () => {
    expect(stillDue(config, fresh(), reader, { scroll: 60, from: 0 }, at('/blog', 1), 1)).toBeUndefined();
    expect(stillDue(config, fresh(), reader, { scroll: 60, from: 0 }, at('/blog/2', 2), 1)).toBe('page left before the delay');
  });

  it('fatigue is checked again: another tab may have prompted meanwhile', () => {
    const state = promptShown(fresh(), 'other', NOW - 1000);
    expect(stillDue(config, state, docs, { path: '/docs/a' }, at('/docs/a', 1), 1)).toMatch(/^global cooldown until/);
  });
});

describe('blockedBy', () => {
  it('is undefined for a fresh customer', () => {
    const config = siteConfig();
    expect(blockedBy(config, fresh(), config.moments[0]!, facts())).toBeUndefined();
  });
});
