import { instant, localDay, midnight, type Range } from './filters.ts';

/**
 * The x axis of the trend charts: the buckets the API labels (`groupBy=…,day|week|month` with
 * the browser's `tz`) for the period shown. Days up to a month, ISO weeks (labelled by their
 * Monday) up to a year, months beyond. Without a period, the last 12 weeks, week by week (a day
 * holds too few answers for a readable line on most sites).
 */
export type Bucket = 'day' | 'week' | 'month';

export interface Timeline {
  bucket: Bucket;
  /** API labels: `YYYY-MM-DD` for days and weeks, `YYYY-MM` for months. */
  labels: string[];
  /** Local midnight of each bucket's start, in seconds (uPlot's x). */
  xs: number[];
  /** First and last local day covered. */
  first: string;
  last: string;
  caption: string;
}

export const DEFAULT_TREND_WEEKS = 12;
const DAY_MS = 86_400_000;

function daysBetween(first: string, last: string): number {
  return Math.round((midnight(last).getTime() - midnight(first).getTime()) / DAY_MS) + 1;
}

export function timelineOf(range: Range | null, now = new Date()): Timeline {
  const today = localDay(now);
  const monday = midnight(today, -((midnight(today).getDay() + 6) % 7));
  const first = range?.first ?? localDay(midnight(localDay(monday), -7 * (DEFAULT_TREND_WEEKS - 1)));
  const last = range?.last ?? today;
  const length = daysBetween(first, last);
  const bucket: Bucket = length <= 31 ? 'day' : length <= 366 ? 'week' : 'month';
  const labels: string[] = [];
  const xs: number[] = [];
  if (bucket === 'month') {
    const start = midnight(first);
    for (let d = new Date(start.getFullYear(), start.getMonth(), 1); localDay(d) <= last; d = new Date(d.getFullYear(), d.getMonth() + 1, 1)) {
      labels.push(localDay(d).slice(0, 7));
      xs.push(d.getTime() / 1000);
    }
  } else {
    let d = midnight(first);
    if (bucket === 'week') d = midnight(first, -((d.getDay() + 6) % 7)); // back to Monday
    for (; localDay(d) <= last; d = midnight(localDay(d), bucket === 'week' ? 7 : 1)) {
      labels.push(localDay(d));
      xs.push(d.getTime() / 1000);
    }
  }
  const unit = { day: 'Daily', week: 'Weekly', month: 'Monthly' }[bucket];
  const caption = range ? `${unit} scores` : `${unit} scores · last ${DEFAULT_TREND_WEEKS} weeks`;
  return { bucket, labels, xs, first, last, caption };
}

/** The instants the trend query covers: the period, or the default window without one. */
export function timelineRange(timeline: Timeline): { from: string; to: string } {
  return { from: instant(midnight(timeline.first)), to: instant(midnight(timeline.last, 1)) };
}
