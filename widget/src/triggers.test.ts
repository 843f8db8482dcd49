import { describe, expect, it } from 'vitest';
import type { Moment, Trigger } from '@voix/shared';
import { whereHolds } from './conditions.ts';
import { globToRegExp, matchDelayMs, triggerMatches, urlMatches, type Signal } from './triggers.ts';

/** A stand-in for a clicked element: `closest` as the DOM answers it for a tree of class lists. */
function element(...ancestors: string[][]): Extract<Signal, { click: unknown }>['click'] {
  return {
    closest(selector: string) {
      if (!/^\.[\w-]+$/.test(selector)) throw new SyntaxError(`'${selector}' is not a valid selector`);
      return ancestors.find((classes) => classes.includes(selector.slice(1))) ?? null;
    },
  };
}

const moment = (trigger: Trigger | Trigger[]) => ({ id: 'm', trigger }) as Moment;
const matches = (t: Trigger, s: Signal, visits?: { visits?: number; views?: number }) => triggerMatches(t, s, visits, whereHolds);

describe('conditions', () => {
  it('literals and equals, in, gte, lte, exists', () => {
    const props = { plan: 'pro', total: 120, coupon: null, first: true, empty: '' };
    expect(whereHolds({ plan: 'pro', first: true }, props)).toBe(true);
    expect(whereHolds({ plan: 'free' }, props)).toBe(false);
    expect(whereHolds({ total: { gte: 100, lte: 200 } }, props)).toBe(true);
    expect(whereHolds({ total: { gte: 121 } }, props)).toBe(false);
    expect(whereHolds({ total: { lte: 119 } }, props)).toBe(false);
    expect(whereHolds({ plan: { in: ['pro', 'team'] } }, props)).toBe(true);
    expect(whereHolds({ plan: { in: ['free'] } }, props)).toBe(false);
    expect(whereHolds({ plan: { equals: 'pro' } }, props)).toBe(true);
    expect(whereHolds({ plan: { exists: true }, coupon: { exists: false }, missing: { exists: false }, empty: { exists: false } }, props)).toBe(true);
    expect(whereHolds({ coupon: { exists: true } }, props)).toBe(false);
    // A number condition never matches a string that looks like a number.
    expect(whereHolds({ total: { gte: 100 } }, { total: '120' })).toBe(false);
    expect(whereHolds({ plan: 'pro' }, undefined)).toBe(false);
    expect(whereHolds(undefined, undefined)).toBe(true);
  });
});

describe('event triggers', () => {
  it('match the tracked event by name, and its property conditions', () => {
    const t: Trigger = { event: 'order_completed', where: { total: { gte: 100 } } };
    expect(matches(t, { event: 'order_completed', props: { total: 120 } })).toBe(true);
    expect(matches(t, { event: 'order_completed', props: { total: 50 } })).toBe(false);
    expect(matches(t, { event: 'order_cancelled', props: { total: 120 } })).toBe(false);
    expect(matches(t, { path: '/order_completed' })).toBe(false);
  });

  it('the loader pre-filters by name only; the properties are checked when deciding', () => {
    const t: Trigger = { event: 'order_completed', where: { total: { gte: 100 } } };
    expect(triggerMatches(t, { event: 'order_completed', props: { total: 50 } })).toBe(true);
    expect(triggerMatches(t, { event: 'other' })).toBe(false);
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
    expect(urlMatches({ url: '/support', match: 'prefix' }, '/sup')).toBe(false);
    expect(urlMatches({ url: '^/orders/\\d+$', match: 'regex' }, '/orders/42')).toBe(true);
    expect(urlMatches({ url: '^/orders/\\d+$', match: 'regex' }, '/orders/x')).toBe(false);
    expect(urlMatches({ url: '(', match: 'regex' }, '/(')).toBe(false);
  });

  it('fire on page views only', () => {
    expect(matches({ url: '/', match: 'exact' }, { path: '/' })).toBe(true);
    expect(matches({ url: '/', match: 'exact' }, { event: '/' })).toBe(false);
    expect(matches({ url: '*', match: 'glob' }, { time: 5 })).toBe(false);
  });
});

describe('click triggers', () => {
  it('match a click on the element or inside it', () => {
    const t: Trigger = { click: '.buy' };
    expect(matches(t, { click: element(['buy']) })).toBe(true);
    expect(matches(t, { click: element(['icon'], ['buy']) })).toBe(true);
    expect(matches(t, { click: element(['other']) })).toBe(false);
    expect(matches(t, { path: '/buy' })).toBe(false);
  });

  it('never throw on a selector the browser refuses', () => {
    expect(matches({ click: 'div[' }, { click: element(['buy']) })).toBe(false);
  });
});

describe('exit intent, scroll depth and time on page', () => {
  it('exit intent fires on the exit signal only', () => {
    expect(matches({ exitIntent: true }, { exit: true })).toBe(true);
    expect(matches({ exitIntent: true }, { path: '/' })).toBe(false);
  });

  it('scroll depth fires once, when the page is scrolled past it', () => {
    const t: Trigger = { scrollDepth: 50 };
    expect(matches(t, { scroll: 49, from: 0 })).toBe(false);
    expect(matches(t, { scroll: 50, from: 49 })).toBe(true);
    expect(matches(t, { scroll: 80, from: 10 })).toBe(true);
    // Already past it on this page view: no second firing.
    expect(matches(t, { scroll: 90, from: 80 })).toBe(false);
  });

  it('time on page fires at its second', () => {
    expect(matches({ timeOnPage: 30 }, { time: 30 })).toBe(true);
    expect(matches({ timeOnPage: 30 }, { time: 10 })).toBe(false);
  });
});

describe('visit and page-view triggers', () => {
  it('fire on page views from the Nth visit on', () => {
    expect(matches({ visit: 3 }, { path: '/' }, { visits: 2, views: 9 })).toBe(false);
    expect(matches({ visit: 3 }, { path: '/' }, { visits: 3, views: 1 })).toBe(true);
    expect(matches({ visit: 3 }, { path: '/' }, { visits: 4, views: 1 })).toBe(true);
    expect(matches({ visit: 1 }, { path: '/' })).toBe(true);
    expect(matches({ visit: 1 }, { event: 'x' }, { visits: 5 })).toBe(false);
  });

  it('fire from the Nth page view of a visit on', () => {
    expect(matches({ pageView: 3 }, { path: '/' }, { visits: 9, views: 2 })).toBe(false);
    expect(matches({ pageView: 3 }, { path: '/' }, { visits: 1, views: 3 })).toBe(true);
  });
});

describe('delays', () => {
  it('take the shortest delay among the matching triggers', () => {
    const m = moment([
      { url: '/support*', match: 'glob', delaySeconds: 30 },
      { url: '/support/faq', match: 'exact', delaySeconds: 5 },
      { event: 'ticket_closed', delaySeconds: 2 },
      { timeOnPage: 10 },
    ]);
    expect(matchDelayMs(m, { path: '/support' })).toBe(30_000);
    expect(matchDelayMs(m, { path: '/support/faq' })).toBe(5_000);
    expect(matchDelayMs(m, { event: 'ticket_closed' })).toBe(2_000);
    expect(matchDelayMs(m, { time: 10 })).toBe(0);
    expect(matchDelayMs(m, { path: '/home' })).toBeUndefined();
  });
});
