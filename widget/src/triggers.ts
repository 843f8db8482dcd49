import type { Moment, PropertyConditions, Trigger } from '@voix/shared';

/**
 * Which triggers fire on what happened in the page, as pure functions. The loader turns page
 * events into signals and matches them without the event properties' conditions (`where`), so
 * that it stays small; `engine.ts` matches again with them (`whereHolds`) before deciding.
 */

/** Checks an event trigger's `where` on the event's properties; without one, any properties match. */
export type WhereCheck = (where: PropertyConditions | undefined, props: Record<string, unknown> | undefined) => boolean;

/**
 * Something that happened: a page view (load or SPA navigation), a `voix('track', …)` event,
 * a click (its target), the pointer leaving the page, the page scrolled deeper (from → to, in %),
 * or `time` seconds spent on the page view.
 */
export type Signal =
  | { path: string }
  | { event: string; props?: Record<string, unknown> | undefined }
  | { click: { closest(selector: string): unknown } }
  | { exit: true }
  | { scroll: number; from: number }
  | { time: number };

/** Visit counts of the customer (see `pageViewed` in `engine.ts`). */
export interface Visits {
  /** Visits so far, this one included. */
  visits?: number;
  /** Page views of the current visit, this one included. */
  views?: number;
}

/** A moment's triggers: none for a moment shown only on request. */
export function triggersOf(moment: Moment): Trigger[] {
  return [moment.trigger || []].flat();
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

/**
 * Does this trigger fire on this signal? URL, visit and page-view triggers fire on page views
 * (visit and page-view ones from the Nth on); scroll depth fires when the page is scrolled past it.
 */
export function triggerMatches(t: Trigger, s: Signal, visits: Visits = {}, where?: WhereCheck): boolean {
  if ('path' in s) {
    if ('url' in t) return urlMatches(t, s.path);
    if ('visit' in t) return (visits.visits ?? 1) >= t.visit;
    return 'pageView' in t && (visits.views ?? 1) >= t.pageView;
  }
  if ('event' in t) return 'event' in s && t.event === s.event && (!where || where(t.where, s.props));
  if ('click' in t) {
    try {
      return 'click' in s && !!s.click.closest(t.click);
    } catch {
      return false; // Not a selector this browser knows.
    }
  }
  if ('exitIntent' in t) return 'exit' in s;
  if ('scrollDepth' in t) return 'scroll' in s && s.from < t.scrollDepth && t.scrollDepth <= s.scroll;
  return 'timeOnPage' in t && 'time' in s && s.time === t.timeOnPage;
}

/** Delay before showing: the shortest delay among the moment's triggers that match the signal. */
export function matchDelayMs(moment: Moment, signal: Signal, visits?: Visits, where?: WhereCheck): number | undefined {
  let best: number | undefined;
  for (const trigger of triggersOf(moment)) {
    if (!triggerMatches(trigger, signal, visits, where)) continue;
    const ms = (trigger.delaySeconds ?? 0) * 1000;
    if (best === undefined || ms < best) best = ms;
  }
  return best;
}
