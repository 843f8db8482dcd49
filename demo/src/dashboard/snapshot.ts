import { METRICS, type Metric } from '@voix/shared/scales';
import type { StoredResponse } from '@voix/shared';
import { ApiError, type Aggregate, type AggregateParams, type ReadApi } from './api.ts';
import { apiFilters, browserTimeZone, rangeOf, type FilterState, type Range } from './filters.ts';
import { timelineOf, timelineRange, type Timeline } from './timeline.ts';
import type { Breakdown } from './trend-charts.ts';

/**
 * Everything the panels show for one set of filters, read in parallel:
 * - per metric, `groupBy=moment` with the filters, the sector `benchmark` and, when a period is
 *   chosen, `compare=previous` (cards, journey, table);
 * - per metric, `groupBy=stage,moment` (which stage each answered moment belongs to);
 * - per metric, the trend: `groupBy=day|week|month`, or `stage,…`/`moment,…` for a breakdown,
 *   in the browser's time zone;
 * - per metric, `groupBy=locale` without filters (the language menu);
 * - the latest 200 responses with the filters (comments).
 */
export const RESPONSES_FETCHED = 200;

export interface Snapshot {
  perMoment: Record<Metric, Aggregate>;
  stageMoment: Record<Metric, Aggregate> | null;
  trend: Record<Metric, Aggregate>;
  locales: string[];
  responses: StoredResponse[];
  range: Range | null;
  timeline: Timeline;
  /** Parts of the API this collector did not accept (the dashboard then shows less). */
  missing: string[];
}

export interface ViewOptions {
  breakdown: Breakdown;
  /** The comment panel's own moment menu (the global moment filter wins when set). */
  verbatimMoment: string;
}

const byMetric = async <T>(get: (metric: Metric) => Promise<T>): Promise<Record<Metric, T>> => {
  const values = await Promise.all(METRICS.map(get));
  return Object.fromEntries(METRICS.map((m, i) => [m, values[i]!])) as Record<Metric, T>;
};

/** A 400 on an optional parameter (older collector): retry without it, and say so. */
async function tolerant(api: ReadApi, params: AggregateParams, optional: (keyof AggregateParams)[], missing: Set<string>): Promise<Aggregate> {
  try {
    return await api.aggregate(params);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400 || optional.length === 0) throw error;
    const plain = { ...params };
    for (const name of optional) {
      if (plain[name] !== undefined) missing.add(name);
      delete plain[name];
    }
    return api.aggregate(plain);
  }
}

export async function loadSnapshot(api: ReadApi, state: FilterState, view: ViewOptions, now = new Date()): Promise<Snapshot> {
  const filters = apiFilters(state, now);
  const range = rangeOf(state, now);
  const timeline = timelineOf(range, now);
  const tz = browserTimeZone();
  const missing = new Set<string>();
  const trendGroup = view.breakdown === 'overall' ? timeline.bucket : `${view.breakdown},${timeline.bucket}`;
  const [perMoment, stageMoment, trend, localeGroups, responses] = await Promise.all([
    byMetric((metric) =>
      tolerant(api, { metric, ...filters, groupBy: 'moment', benchmark: state.benchmark, compare: range ? 'previous' : undefined }, ['benchmark', 'compare'], missing),
    ),
    byMetric((metric) => api.aggregate({ metric, ...filters, groupBy: 'stage,moment' })).catch(() => {
      missing.add('groupBy=stage,moment');
      return null;
    }),
    byMetric((metric) => tolerant(api, { metric, ...filters, ...timelineRange(timeline), groupBy: trendGroup, tz }, ['tz'], missing)),
    byMetric((metric) => api.aggregate({ metric, groupBy: 'locale' })).catch(() => {
      missing.add('groupBy=locale');
      return null;
    }),
    api.responses({ ...filters, moment: filters.moment ?? (view.verbatimMoment || undefined) }, RESPONSES_FETCHED),
  ]);
  const locales = new Set<string>();
  for (const metric of METRICS) for (const g of localeGroups?.[metric].groups ?? []) if (typeof g.key === 'string' && g.key) locales.add(g.key);
  for (const r of responses.data) if (r.locale) locales.add(r.locale);
  return { perMoment, stageMoment, trend, locales: [...locales].sort(), responses: responses.data, range, timeline, missing: [...missing] };
}
