import type { Moment, PublicSiteConfig } from '@voix/shared';
import { audienceFails, inSample, type Page } from './audience.ts';
import { whereHolds } from './conditions.ts';
import { matchDelayMs, triggersOf, urlMatches, type Signal } from './triggers.ts';

export type { Page } from './audience.ts';
export type { Signal } from './triggers.ts';

/**
 * The decision logic, as pure functions: given the config, what this browser remembers, what
 * just happened on the page and the clock → which moment to show, and why (privacy, audience,
 * sampling, fatigue, priority). No DOM, no storage, no timers here. The loader keeps only the
 * state updates (`pageViewed`, `promptShown`); `decide` and `stillDue` reach the page through the
 * rules chunk (`rules.ts`), imported once a trigger has matched.
 */

/** What the widget remembers in `voix:{siteKey}:state`, shared by the site's tabs. Times are epoch ms. */
export interface State {
  anonymousId: string;
  userId?: string | null;
  attributes?: Record<string, string | number | boolean | null>;
  /** Last time each moment was shown. */
  asked: Record<string, number>;
  /** Last time each moment was dismissed before being answered. */
  dismissed: Record<string, number>;
  /** Last time any prompt was shown. */
  lastPromptAt?: number;
  /** Visits so far: a visit starts with a page view more than 30 minutes after the last one. */
  visits?: number;
  /** Page views of the current visit. */
  views?: number;
  /** Prompts shown during the current visit. */
  shown?: number;
  /** Last page view (the visit goes on while this is less than 30 minutes old). */
  seenAt?: number;
}

export interface Facts {
  now: number;
  /** True once a prompt has been shown (or is opening) during the current page view. */
  promptedThisPageView: boolean;
  page: Page;
  /** `voix('consent', …)` as remembered; only consulted when the config requires consent. */
  consent?: boolean | undefined;
}

export interface Decision {
  moment?: Moment;
  /** The signal that fired the chosen moment (to re-check its context after the delay). */
  signal?: Signal;
  delayMs: number;
  /** One line per moment considered, with the reason it was chosen or not. */
  log: string[];
}

const DAY = 86_400_000;
export const VISIT_GAP_MS = 30 * 60_000;

/** Counts a page view: a new visit starts after 30 minutes without one. Returns the state. */
export function pageViewed(state: State, now: number): State {
  if (!(now - (state.seenAt ?? -Infinity) < VISIT_GAP_MS)) {
    state.visits = (state.visits ?? 0) + 1;
    state.views = state.shown = 0;
  }
  state.views = (state.views ?? 0) + 1;
  state.seenAt = now;
  return state;
}

/** Records a prompt shown now, for every fatigue rule. */
export function promptShown(state: State, momentId: string, now: number): State {
  state.asked[momentId] = state.lastPromptAt = now;
  state.shown = (now - (state.seenAt ?? -Infinity) < VISIT_GAP_MS ? (state.shown ?? 0) : 0) + 1;
  state.seenAt = now;
  return state;
}

/** Why no moment may be shown to this customer now (privacy), or `undefined`. */
export function privacyBlocks(config: PublicSiteConfig, facts: Pick<Facts, 'consent'>): string | undefined {
  return config.privacy?.requireConsent && !facts.consent ? 'waiting for consent' : undefined;
}

/** Why this moment may not be shown now, or `undefined` when it may. */
export function blockedBy(config: PublicSiteConfig, state: State, moment: Moment, facts: Facts): string | undefined {
  const { now } = facts;
  const fatigue = config.fatigue ?? ({} as Partial<PublicSiteConfig['fatigue']>);
  const until = (at: number | undefined, days: number, what: string) =>
    at !== undefined && now - at < days * DAY ? `${what} until ${new Date(at + days * DAY).toISOString()}` : undefined;
  const audience = audienceFails(moment.audience, state, facts.page);
  const sessionShown = now - (state.seenAt ?? -Infinity) < VISIT_GAP_MS ? (state.shown ?? 0) : 0;
  return (
    privacyBlocks(config, facts) ||
    (audience && `audience rule failed: ${audience}`) ||
    (!inSample(state.userId || state.anonymousId, moment) ? `sampled out (${Math.round((moment.sample ?? 1) * 100)}% asked)` : '') ||
    until(state.dismissed[moment.id], fatigue.dismissCooldownDays ?? 30, 'dismissed, cooling down') ||
    until(state.asked[moment.id], moment.cooldownDays ?? 90, 'cooling down') ||
    until(state.lastPromptAt, fatigue.globalCooldownDays ?? 14, 'global cooldown') ||
    (sessionShown >= (fatigue.maxPerSession ?? 1) ? `${sessionShown} prompt(s) this session already` : '') ||
    (facts.promptedThisPageView ? 'already prompted on this page view' : undefined)
  );
}

/**
 * Of the moments fired by these signals (signals that arrive together are decided together),
 * the highest-priority one that privacy, audience, sampling and fatigue allow; ties go to the
 * first in the config. A moment that loses its turn is not kept for later.
 */
export function decide(config: PublicSiteConfig, state: State, signals: Signal[], facts: Facts): Decision {
  const log: string[] = [];
  const candidates: Decision[] = [];
  for (const moment of config.moments) {
    let delayMs: number | undefined;
    let fired: Signal | undefined;
    for (const signal of signals) {
      const ms = matchDelayMs(moment, signal, state, whereHolds);
      if (ms !== undefined && (delayMs === undefined || ms < delayMs)) [delayMs, fired] = [ms, signal];
    }
    if (delayMs === undefined) continue;
    const reason = blockedBy(config, state, moment, facts);
    if (reason) log.push(`${moment.id}: matched, skipped: ${reason}`);
    else candidates.push({ moment, signal: fired!, delayMs, log });
  }
  // Array.prototype.sort is stable: equal priorities keep the config order.
  candidates.sort((a, b) => (b.moment!.priority ?? 0) - (a.moment!.priority ?? 0));
  const [best, ...rest] = candidates;
  if (!best) return { delayMs: 0, log };
  for (const other of rest) log.push(`${other.moment!.id}: matched, skipped: lower priority than ${best.moment!.id}`);
  log.push(`${best.moment!.id}: matched, chosen${best.delayMs ? `, shown in ${best.delayMs / 1000}s` : ''}`);
  return best;
}

/**
 * Re-checked when a delayed moment is due: fatigue may have changed (another tab, another prompt).
 * A URL-fired moment is dropped once the customer is on a page it does not match; any other
 * trigger, once the customer has left the page view it fired on (`firedOnView`).
 */
export function stillDue(
  config: PublicSiteConfig,
  state: State,
  moment: Moment,
  signal: Signal,
  facts: Facts & { view: number },
  firedOnView: number,
): string | undefined {
  const left =
    'path' in signal
      ? !triggersOf(moment).some((t) => 'url' in t && urlMatches(t, facts.page.path)) && facts.view !== firedOnView
      : facts.view !== firedOnView;
  return left ? 'page left before the delay' : blockedBy(config, state, moment, facts);
}
