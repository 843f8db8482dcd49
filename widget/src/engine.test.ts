import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SiteConfig, type PublicSiteConfig, type SiteConfigInput } from '@voix/shared';
import {
  decide,
  globToRegExp,
  inSample,
  matchDelayMs,
  stillDue,
  triggerMatches,
  unitHash,
  urlMatches,
  whereHolds,
  type Facts,
  type State,
} from './engine.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

/** A config as the collector serves it: validated by the shared schema, defaults filled in. */
function siteConfig(input: Partial<SiteConfigInput> = {}): PublicSiteConfig {
  const parsed = SiteConfig.parse({
    brand: 'Acme',
    fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30 },
    moments: [
      { id: 'checkout-ces', stage: 'purchase', metric: 'ces', question: { en: 'Easy?' }, trigger: { event: 'order_completed' } },
      { id: 'home-nps', stage: 'recommendation', metric: 'nps', question: { en: 'Recommend?' }, trigger: { url: '/' , match: 'exact' } },
    ],
    ...input,
  });
  return { ...parsed, siteKey: 'pk_test12345', version: 1 };
}

const fresh = (): State => ({ anonymousId: 'anon-1', asked: {}, dismissed: {} });
const facts = (over: Partial<Facts> = {}): Facts => ({ now: NOW, promptedThisPageView: false, ...over });
const chosen = (config: PublicSiteConfig, state: State, signals: Parameters<typeof decide>[2], f = facts()) =>
  decide(config, state, signals, f).moment?.id;

describe('event triggers', () => {
  it('match the tracked event by name', () => {
    expect(triggerMatches({ event: 'order_completed' }, { event: 'order_completed' })).toBe(true);
    expect(triggerMatches({ event: 'order_completed' }, { event: 'order_cancelled' })).toBe(false);
    expect(triggerMatches({ event: 'order_completed' }, { path: '/order_completed' })).toBe(false);
    expect(chosen(siteConfig(), fresh(), [{ event: 'order_completed' }])).toBe('checkout-ces');
  });

  it('check property conditions: literals and equals, in, gte, lte, exists', () => {
    const props = { plan: 'pro', total: 120, coupon: null, first: true };
    expect(whereHolds({ plan: 'pro', first: true }, props)).toBe(true);
    expect(whereHolds({ plan: 'free' }, props)).toBe(false);
    expect(whereHolds({ total: { gte: 100, lte: 200 } }, props)).toBe(true);
    expect(whereHolds({ total: { gte: 121 } }, props)).toBe(false);
    expect(whereHolds({ total: { lte: 119 } }, props)).toBe(false);
    expect(whereHolds({ plan: { in: ['pro', 'team'] } }, props)).toBe(true);
    expect(whereHolds({ plan: { in: ['free'] } }, props)).toBe(false);
    expect(whereHolds({ plan: { equals: 'pro' } }, props)).toBe(true);
    expect(whereHolds({ plan: { exists: true }, coupon: { exists: false }, missing: { exists: false } }, props)).toBe(true);
    expect(whereHolds({ coupon: { exists: true } }, props)).toBe(false);
    // A number condition never matches a string that looks like a number.
    expect(whereHolds({ total: { gte: 100 } }, { total: '120' })).toBe(false);
    expect(whereHolds({ plan: 'pro' }, undefined)).toBe(false);
  });

  it('fire the moment only when the conditions hold', () => {
    const config = siteConfig({
      moments: [
        { id: 'big-order', stage: 'purchase', metric: 'csat', question: { en: 'Happy?' }, trigger: { event: 'order_completed', where: { total: { gte: 100 } } } },
      ],
    });
    expect(chosen(config, fresh(), [{ event: 'order_completed', props: { total: 150 } }])).toBe('big-order');
    expect(chosen(config, fresh(), [{ event: 'order_completed', props: { total: 50 } }])).toBeUndefined();
  });
});

describe('URL triggers', () => {
  it('glob: * matches any characters, the rest is literal', () => {
    expect(urlMatches({ url: '/checkout/*', match: 'glob' }, '/checkout/step-2')).toBe(true);
    expect(urlMatches({ url: '/checkout/*', match: 'glob' }, '/checkout/a/b/c')).toBe(true);
    expect(urlMatches({ url: '/checkout/*', match: 'glob' }, '/checkout')).toBe(false);
    expect(urlMatches({ url: '/product/*/reviews', match: 'glob' }, '/product/42/reviews')).toBe(true);
    expect(urlMatches({ url: '/product/*/reviews', match: 'glob' }, '/product/42/reviews/2')).toBe(false);
    expect(urlMatches({ url: '*', match: 'glob' }, '/anything/at/all')).toBe(true);
    expect(urlMatches({ url: '/a.b(c)', match: 'glob' }, '/a.b(c)')).toBe(true);
    expect(urlMatches({ url: '/a.b', match: 'glob' }, '/axb')).toBe(false);
    expect(globToRegExp('/x?/*').test('/x?/y')).toBe(true);
  });

  it('glob is the default; exact, prefix and regex', () => {
    expect(urlMatches({ url: '/thank-you*' }, '/thank-you/123')).toBe(true);
    expect(urlMatches({ url: '/support', match: 'exact' }, '/support')).toBe(true);
    expect(urlMatches({ url: '/support', match: 'exact' }, '/support/faq')).toBe(false);
    expect(urlMatches({ url: '/support', match: 'prefix' }, '/support/faq')).toBe(true);
    expect(urlMatches({ url: '^/orders/\\d+$', match: 'regex' }, '/orders/42')).toBe(true);
    expect(urlMatches({ url: '^/orders/\\d+$', match: 'regex' }, '/orders/x')).toBe(false);
    expect(urlMatches({ url: '(', match: 'regex' }, '/(')).toBe(false);
  });

  it('fire on a page signal, never on an event', () => {
    const config = siteConfig();
    expect(chosen(config, fresh(), [{ path: '/' }])).toBe('home-nps');
    expect(chosen(config, fresh(), [{ path: '/other' }])).toBeUndefined();
    expect(chosen(config, fresh(), [{ event: '/' }])).toBeUndefined();
  });

  it('take the shortest delay among the matching triggers', () => {
    const config = siteConfig({
      moments: [
        {
          id: 'support',
          stage: 'service',
          metric: 'csat',
          question: { en: 'Helped?' },
          trigger: [
            { url: '/support*', delaySeconds: 30 },
            { url: '/support/faq', match: 'exact', delaySeconds: 5 },
            { event: 'ticket_closed', delaySeconds: 2 },
          ],
        },
      ],
    });
    const moment = config.moments[0]!;
    expect(matchDelayMs(moment, { path: '/support' })).toBe(30_000);
    expect(matchDelayMs(moment, { path: '/support/faq' })).toBe(5_000);
    expect(matchDelayMs(moment, { event: 'ticket_closed' })).toBe(2_000);
    expect(decide(config, fresh(), [{ path: '/support/faq' }], facts()).delayMs).toBe(5_000);
  });

  it('drop a delayed URL moment when the customer has left the page', () => {
    const config = siteConfig();
    const moment = config.moments[1]!;
    expect(stillDue(config, fresh(), moment, { path: '/' }, { ...facts(), path: '/' })).toBeUndefined();
    expect(stillDue(config, fresh(), moment, { path: '/' }, { ...facts(), path: '/elsewhere' })).toMatch(/page left/);
    // An event-fired moment stays due wherever the customer is.
    const checkout = config.moments[0]!;
    expect(stillDue(config, fresh(), checkout, { event: 'order_completed' }, { ...facts(), path: '/x' })).toBeUndefined();
  });
});

describe('fatigue', () => {
  const config = siteConfig({
    moments: [
      { id: 'a', stage: 'usage', metric: 'csat', question: { en: 'A?' }, trigger: { event: 'go' }, cooldownDays: 90 },
      { id: 'b', stage: 'usage', metric: 'csat', question: { en: 'B?' }, trigger: { event: 'go-b' }, cooldownDays: 0 },
    ],
    fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30 },
  });

  it('per-moment cooldown counts days since the moment was last asked', () => {
    const asked = (days: number): State => ({ ...fresh(), asked: { a: NOW - days * DAY } });
    const log = decide(config, asked(89), [{ event: 'go' }], facts()).log;
    expect(log).toContain('a: skipped, moment cooldown');
    expect(chosen(config, asked(89), [{ event: 'go' }])).toBeUndefined();
    expect(chosen(config, asked(91), [{ event: 'go' }])).toBe('a');
  });

  it('global cooldown counts days since any prompt', () => {
    const state = (days: number): State => ({ ...fresh(), lastPromptAt: NOW - days * DAY });
    expect(decide(config, state(13), [{ event: 'go-b' }], facts()).log).toContain('b: skipped, global cooldown');
    expect(chosen(config, state(15), [{ event: 'go-b' }])).toBe('b');
  });

  it('a dismissal makes the moment wait the dismissal cooldown, even with no moment cooldown', () => {
    const state = (days: number): State => ({ ...fresh(), dismissed: { b: NOW - days * DAY } });
    expect(decide(config, state(29), [{ event: 'go-b' }], facts()).log).toContain('b: skipped, dismissal cooldown');
    expect(chosen(config, state(31), [{ event: 'go-b' }])).toBe('b');
  });

  it('at most one prompt per page view', () => {
    const decision = decide(config, fresh(), [{ event: 'go' }], facts({ promptedThisPageView: true }));
    expect(decision.moment).toBeUndefined();
    expect(decision.log).toContain('a: skipped, already prompted on this page view');
  });
});

describe('priority', () => {
  const moments = (pa: number, pb: number): SiteConfigInput['moments'] => [
    { id: 'low', stage: 'usage', metric: 'csat', question: { en: 'L?' }, trigger: { event: 'done' }, priority: pa },
    { id: 'high', stage: 'usage', metric: 'nps', question: { en: 'H?' }, trigger: { url: '/done' }, priority: pb },
  ];

  it('the higher priority wins when two moments fire together', () => {
    const decision = decide(siteConfig({ moments: moments(1, 5) }), fresh(), [{ event: 'done' }, { path: '/done' }], facts());
    expect(decision.moment?.id).toBe('high');
    expect(decision.log).toContain('low: skipped, lower priority than high');
    expect(chosen(siteConfig({ moments: moments(9, 5) }), fresh(), [{ event: 'done' }, { path: '/done' }])).toBe('low');
  });

  it('equal priorities keep the config order', () => {
    expect(chosen(siteConfig({ moments: moments(0, 0) }), fresh(), [{ path: '/done' }, { event: 'done' }])).toBe('low');
  });

  it('a moment blocked by fatigue does not take the turn of an allowed one', () => {
    const state: State = { ...fresh(), asked: { high: NOW - DAY } };
    expect(chosen(siteConfig({ moments: moments(1, 5), fatigue: { globalCooldownDays: 0, dismissCooldownDays: 30 } }), state, [{ event: 'done' }, { path: '/done' }])).toBe('low');
  });
});

describe('sticky sampling', () => {
  const moment = (sample: number) => siteConfig({
    moments: [{ id: 'sampled', stage: 'usage', metric: 'csat', question: { en: 'S?' }, trigger: { event: 'go' }, sample }],
  }).moments[0]!;

  it('decides once per customer: the same id gets the same answer every time', () => {
    const m = moment(0.5);
    for (let i = 0; i < 100; i++) {
      const id = randomUUID();
      const first = inSample(id, m);
      for (let j = 0; j < 5; j++) expect(inSample(id, m)).toBe(first);
    }
    expect(unitHash('abc')).toBe(unitHash('abc'));
  });

  it.each([0.1, 0.3, 0.5, 0.9])('asks %s of 10,000 customers, within ±2 points', (sample) => {
    const m = moment(sample);
    let asked = 0;
    for (let i = 0; i < 10_000; i++) if (inSample(randomUUID(), m)) asked++;
    expect(Math.abs(asked / 10_000 - sample)).toBeLessThanOrEqual(0.02);
  });

  it('also spreads sequential, look-alike ids', () => {
    const m = moment(0.25);
    let asked = 0;
    for (let i = 0; i < 10_000; i++) if (inSample(`user-${i}`, m)) asked++;
    expect(Math.abs(asked / 10_000 - 0.25)).toBeLessThanOrEqual(0.02);
  });

  it('0 asks nobody and 1 asks everybody', () => {
    expect(inSample(randomUUID(), moment(0))).toBe(false);
    expect(inSample(randomUUID(), moment(1))).toBe(true);
  });

  it('is reported as the reason a moment is skipped', () => {
    const config = siteConfig({
      moments: [{ id: 'never', stage: 'usage', metric: 'csat', question: { en: 'N?' }, trigger: { event: 'go' }, sample: 0 }],
    });
    expect(decide(config, fresh(), [{ event: 'go' }], facts()).log).toEqual(['never: skipped, not in the 0% sample']);
  });
});
