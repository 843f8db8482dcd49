import type { Moment, PublicSiteConfig, Trigger } from '@voix/shared';

/**
 * The decision logic of the loader, as pure functions: given the config, what this browser
 * remembers, what just happened on the page and the clock → which moment to show, and why.
 * No DOM, no storage, no timers here; `loader.ts` feeds the facts in and acts on the answer.
 */

/** What the widget remembers in `voix:{siteKey}:state`. Times are epoch milliseconds. */
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
}

export type Props = Record<string, unknown>;

/** Something that happened: a page (load or SPA navigation) or a `voix('track', …)` event. */
export type Signal = { path: string } | { event: string; props?: Props | undefined };

export interface Facts {
  now: number;
  /** True once a prompt has been shown during the current page view. */
  promptedThisPageView: boolean;
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

type EventTrigger = Extract<Trigger, { event: string }>;
type Condition = NonNullable<EventTrigger['where']>[string];

export function triggersOf(moment: Moment): Trigger[] {
  return Array.isArray(moment.trigger) ? moment.trigger : [moment.trigger];
}

/** `*` matches any characters (including `/`); everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export function urlMatches(trigger: { url: string; match?: string }, path: string): boolean {
  const { url } = trigger;
  switch (trigger.match) {
    case 'exact':
      return path === url;
    case 'prefix':
      return path.startsWith(url);
    case 'regex':
      try {
        return new RegExp(url).test(path);
      } catch {
        return false;
      }
    default:
      return globToRegExp(url).test(path);
  }
}

function conditionHolds(value: unknown, cond: Condition): boolean {
  if (cond === null || typeof cond !== 'object') return value === cond;
  const present = value !== undefined && value !== null;
  if (cond.exists !== undefined && present !== cond.exists) return false;
  if (cond.equals !== undefined && value !== cond.equals) return false;
  if (cond.in !== undefined && !cond.in.includes(value as never)) return false;
  if (cond.gte !== undefined && !(typeof value === 'number' && value >= cond.gte)) return false;
  if (cond.lte !== undefined && !(typeof value === 'number' && value <= cond.lte)) return false;
  return true;
}

export function whereHolds(where: EventTrigger['where'], props: Props = {}): boolean {
  if (!where) return true;
  return Object.keys(where).every((key) => conditionHolds(props[key], where[key]!));
}

export function triggerMatches(trigger: Trigger, signal: Signal): boolean {
  if ('url' in trigger) return 'path' in signal && urlMatches(trigger, signal.path);
  return 'event' in signal && trigger.event === signal.event && whereHolds(trigger.where, signal.props);
}

/** Delay before showing: the shortest delay among the moment's triggers that match the signal. */
export function matchDelayMs(moment: Moment, signal: Signal): number | undefined {
  let best: number | undefined;
  for (const trigger of triggersOf(moment)) {
    if (!triggerMatches(trigger, signal)) continue;
    const ms = (trigger.delaySeconds ?? 0) * 1000;
    if (best === undefined || ms < best) best = ms;
  }
  return best;
}

/** A stable number in [0, 1) for a string (FNV-1a, then murmur3's finaliser to spread the bits). */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 0x100000000;
}

/** Sticky sampling: the same customer is always in or out of a moment's sample. */
export function inSample(anonymousId: string, moment: Moment): boolean {
  return unitHash(`${anonymousId}:${moment.id}`) < (moment.sample ?? 1);
}

/** Why this moment may not be shown now, or `undefined` when it may. */
export function blockedBy(config: PublicSiteConfig, state: State, moment: Moment, facts: Facts): string | undefined {
  const { now } = facts;
  const fatigue = config.fatigue ?? ({} as Partial<PublicSiteConfig['fatigue']>);
  const within = (at: number | undefined, days: number) => at !== undefined && now - at < days * DAY;
  if (!inSample(state.anonymousId, moment)) return `not in the ${Math.round((moment.sample ?? 1) * 100)}% sample`;
  if (within(state.dismissed[moment.id], fatigue.dismissCooldownDays ?? 30)) return 'dismissal cooldown';
  if (within(state.asked[moment.id], moment.cooldownDays ?? 90)) return 'moment cooldown';
  if (within(state.lastPromptAt, fatigue.globalCooldownDays ?? 14)) return 'global cooldown';
  if (facts.promptedThisPageView) return 'already prompted on this page view';
  return undefined;
}

/**
 * Of the moments fired by these signals (signals that arrive together are decided together),
 * the highest-priority one that fatigue and sampling allow; ties go to the first in the config.
 * A moment that loses its turn is not kept for later.
 */
export function decide(config: PublicSiteConfig, state: State, signals: Signal[], facts: Facts): Decision {
  const log: string[] = [];
  const candidates: Decision[] = [];
  for (const moment of config.moments) {
    let delayMs: number | undefined;
    let fired: Signal | undefined;
    for (const signal of signals) {
      const ms = matchDelayMs(moment, signal);
      if (ms !== undefined && (delayMs === undefined || ms < delayMs)) [delayMs, fired] = [ms, signal];
    }
    if (delayMs === undefined) continue;
    const reason = blockedBy(config, state, moment, facts);
    if (reason) log.push(`${moment.id}: skipped, ${reason}`);
    else candidates.push({ moment, signal: fired!, delayMs, log });
  }
  // Array.prototype.sort is stable: equal priorities keep the config order.
  candidates.sort((a, b) => (b.moment!.priority ?? 0) - (a.moment!.priority ?? 0));
  const [best, ...rest] = candidates;
  if (!best) return { delayMs: 0, log };
  for (const other of rest) log.push(`${other.moment!.id}: skipped, lower priority than ${best.moment!.id}`);
  log.push(`${best.moment!.id}: chosen${best.delayMs ? `, shown in ${best.delayMs / 1000}s` : ''}`);
  return best;
}

/**
 * Re-checked when a delayed moment is due: fatigue may have changed (another tab, another prompt)
 * and a URL-fired moment is dropped if the customer has navigated away meanwhile.
 */
export function stillDue(
  config: PublicSiteConfig,
  state: State,
  moment: Moment,
  signal: Signal,
  facts: Facts & { path: string },
): string | undefined {
  if ('path' in signal && matchDelayMs(moment, { path: facts.path }) === undefined) return 'page left before the delay';
  return blockedBy(config, state, moment, facts);
}
