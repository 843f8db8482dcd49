import type { Moment, PublicSiteConfig } from '@voix/shared';
import type { Page } from './audience.ts';
import * as engine from './engine.ts';
import type { Signal } from './triggers.ts';

/**
 * Entry of the rules chunk (`dist/rules-[hash].js`). The loader matches triggers itself and
 * imports this module only once a trigger has matched, to decide with privacy, audience,
 * sampling, fatigue and priority whether and which moment to show (and to log why). Pages where
 * no trigger matches never load it. Here the page facts that audience rules read are gathered.
 */

/** What the loader knows: the facts of `engine.ts` but the page, plus the languages it was given. */
export type LoaderFacts = Omit<engine.Facts, 'page'> & {
  /** Page views in this tab, to tell whether the customer has left the page a moment fired on. */
  view: number;
  /** `[voix('locale'), data-locale, navigator.language]`. */
  locales: (string | undefined)[];
};

/** The page as audience rules see it. */
export function pageFacts(locales: (string | undefined)[], defaultLocale: string): Page {
  let referrer = '';
  try {
    referrer = new URL(document.referrer).hostname;
  } catch {
    // No referrer.
  }
  const coarse = matchMedia('(pointer:coarse)').matches;
  return {
    path: location.pathname,
    referrer,
    device: coarse ? (Math.min(screen.width, screen.height) < 600 ? 'mobile' : 'tablet') : 'desktop',
    // As `wantedLocale` in locale.ts, not imported: the prompt chunk would then share a chunk with this one.
    language: (locales.find(Boolean) || defaultLocale).split('-')[0]!.toLowerCase(),
  };
}

const withPage = (config: PublicSiteConfig, facts: LoaderFacts) => ({ ...facts, page: pageFacts(facts.locales, config.defaultLocale) });

/** An `inline` moment shows only where the page has its container (issue #7). */
const placed = (moment: Moment) => moment.display != 'inline' || !!document.querySelector(`[data-voix-moment="${moment.id}"]`);

export function decide(config: PublicSiteConfig, state: engine.State, signals: Signal[], facts: LoaderFacts): engine.Decision {
  const unplaced = config.moments.filter((m) => !placed(m));
  const decision = engine.decide({ ...config, moments: config.moments.filter(placed) }, state, signals, withPage(config, facts));
  decision.log.unshift(...unplaced.map((m) => `${m.id}: inline, but no [data-voix-moment="${m.id}"] on this page`));
  return decision;
}

export function stillDue(config: PublicSiteConfig, state: engine.State, moment: Moment, signal: Signal, facts: LoaderFacts, firedOnView: number) {
  return engine.stillDue(config, state, moment, signal, withPage(config, facts), firedOnView);
}

/** A language tag the collector accepts (`LocaleTag` in shared/src/config.ts). */
const LOCALE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The channel a moment goes out on (issue #7): the customer's preferred channel when the moment
 * allows it, else the moment's first. Out of the page, this returns the invitation request the
 * collector turns into an email, SMS or link, in the customer's language; in the page,
 * undefined (the prompt shows). Only the fields of the request are sent: what the site gave
 * `voix('identify')` beyond the contact details stays in the browser.
 */
export function invitation(moment: Moment, state: engine.State, facts: LoaderFacts): Record<string, unknown> | undefined {
  const a = state.attributes || {};
  const preferred = a.preferredChannel;
  const channels = moment.channels || ['inpage'];
  const via = channels.includes(preferred as never) ? preferred : channels[0];
  if (via == 'inpage') return undefined;
  const locale = facts.locales.find(Boolean);
  return {
    momentId: moment.id,
    anonymousId: state.anonymousId,
    userId: state.userId,
    channel: via,
    email: a.email,
    phone: a.phone,
    preferredChannel: typeof preferred == 'string' ? preferred : undefined,
    locale: locale && LOCALE_TAG.test(locale) ? locale : undefined,
  };
}
