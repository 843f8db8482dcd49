import type { Sector } from '@voix/shared';
import type { Filters } from './api.ts';

/**
 * The owner's filters, as one plain object: a period (all time, a preset or a custom range of
 * local dates), the journey dimensions (moment, stage, channel, locale) and the sector used as a
 * reference. They live in the address bar's query string, so a filtered view can be reloaded
 * or bookmarked. Dates are the owner's local dates: a range is [first day 00:00, day after the
 * last 00:00) in the browser's time zone, sent to the API as UTC instants with `tz` for buckets.
 */
export const PERIODS = { all: 'All time', today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', custom: 'Custom range' } as const;
export type Period = keyof typeof PERIODS;

export const SECTOR_LABELS: Record<Sector, string> = { ecommerce: 'E-commerce', hospitality: 'Hospitality', telecoms: 'Telecoms' };

export interface FilterState {
  period: Period;
  /** Custom range, local dates `YYYY-MM-DD`, both inclusive. */
  fromDay: string;
  toDay: string;
  moment: string;
  stage: string;
  channel: string;
  locale: string;
  benchmark: Sector;
}

export const DEFAULT_FILTERS: FilterState = { period: 'all', fromDay: '', toDay: '', moment: '', stage: '', channel: '', locale: '', benchmark: 'ecommerce' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a date in the browser's time zone. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD` day, `offset` days later. */
export function midnight(day: string, offset = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + offset);
}

/** An instant as the API takes it (ISO 8601, UTC, no milliseconds). */
export const instant = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export interface Range {
  /** Local dates, first and last inclusive. */
  first: string;
  last: string;
  /** Number of days, both ends included. */
  days: number;
  from: string;
  to: string;
}

/** The period as a range of local days, or null for all time (or an incomplete custom range). */
export function rangeOf(state: FilterState, now = new Date()): Range | null {
  const today = localDay(now);
  const back = (days: number): [string, string] => [localDay(midnight(today, -(days - 1))), today];
  let days: [string, string] | null;
  switch (state.period) {
    case 'all':
      days = null;
      break;
    case 'today':
      days = [today, today];
      break;
    case '7d':
      days = back(7);
      break;
    case '30d':
      days = back(30);
      break;
    case '90d':
      days = back(90);
      break;
    case 'custom':
      days = DAY.test(state.fromDay) && DAY.test(state.toDay) && state.fromDay <= state.toDay ? [state.fromDay, state.toDay] : null;
      break;
  }
  if (!days) return null;
  const count = Math.round((midnight(days[1], 1).getTime() - midnight(days[0]).getTime()) / 86_400_000);
  return { first: days[0], last: days[1], days: count, from: instant(midnight(days[0])), to: instant(midnight(days[1], 1)) };
}

/** What the API receives for these filters. */
export function apiFilters(state: FilterState, now = new Date()): Filters {
  const range = rangeOf(state, now);
  return {
    from: range?.from,
    to: range?.to,
    moment: state.moment || undefined,
    stage: state.stage || undefined,
    channel: state.channel || undefined,
    locale: state.locale || undefined,
  };
}

const KEYS = ['period', 'fromDay', 'toDay', 'moment', 'stage', 'channel', 'locale', 'benchmark'] as const;
const URL_NAMES: Record<(typeof KEYS)[number], string> = { period: 'period', fromDay: 'from', toDay: 'to', moment: 'moment', stage: 'stage', channel: 'channel', locale: 'locale', benchmark: 'benchmark' };

export function readFilters(search = location.search): FilterState {
  const params = new URLSearchParams(search);
  const state: FilterState = { ...DEFAULT_FILTERS };
  for (const key of KEYS) {
    const value = params.get(URL_NAMES[key]);
    if (value !== null && value.length <= 100) (state as unknown as Record<string, string>)[key] = value;
  }
  if (!(state.period in PERIODS)) state.period = 'all';
  if (!(state.benchmark in SECTOR_LABELS)) state.benchmark = 'ecommerce';
  return state;
}

/** Mirrors the filters in the query string (defaults left out), keeping the fragment. */
export function writeFilters(state: FilterState): void {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (value === DEFAULT_FILTERS[key]) continue;
    if ((key === 'fromDay' || key === 'toDay') && state.period !== 'custom') continue;
    params.set(URL_NAMES[key], value);
  }
  const search = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}
