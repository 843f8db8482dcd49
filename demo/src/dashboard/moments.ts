import { METRICS, STAGES, type Metric, type Stage } from '@voix/shared/scales';
import type { PublicSiteConfig } from '@voix/shared';
import type { Aggregate, AggregateGroup } from './api.ts';
import type { FilterState } from './filters.ts';

/**
 * The moments the dashboard knows: those of the site's config (even before anyone answered)
 * merged with those the API reports answers for. Each carries its stage, its metric and, for the
 * current filters, its summary from `groupBy=moment` (n, score, interval, displays, response rate,
 * comparison with the previous period).
 */
export interface MomentView {
  id: string;
  stage: Stage | null;
  metric: Metric;
  question: string | null;
  /** Null when no answer matches the filters. */
  summary: AggregateGroup | null;
}

const stageIndex = (stage: Stage | null) => (stage === null ? STAGES.length : STAGES.indexOf(stage));

export function momentsOf(
  config: PublicSiteConfig | null,
  perMoment: Record<Metric, Aggregate>,
  stageMoment: Record<Metric, Aggregate> | null,
  filters: Pick<FilterState, 'moment' | 'stage'>,
): MomentView[] {
  const views = new Map<string, MomentView>();
  for (const moment of config?.moments ?? []) {
    const question = moment.question[config?.defaultLocale ?? 'en'] ?? Object.values(moment.question)[0] ?? null;
    views.set(moment.id, { id: moment.id, stage: moment.stage, metric: moment.metric, question, summary: null });
  }
  for (const metric of METRICS) {
    for (const group of stageMoment?.[metric].groups ?? []) {
      if (!group.key || typeof group.key !== 'object') continue;
      const id = group.key.moment;
      const stage = group.key.stage as Stage | null;
      if (!id) continue;
      const view = views.get(id);
      if (!view) views.set(id, { id, stage, metric, question: null, summary: null });
      else view.stage ??= stage;
    }
    for (const group of perMoment[metric].groups ?? []) {
      if (typeof group.key !== 'string') continue;
      const view = views.get(group.key);
      // A moment has one metric; if the API lists it under another, keep the one with answers.
      if (view && view.summary && view.summary.n >= group.n) continue;
      if (view) Object.assign(view, { metric, summary: group });
      else views.set(group.key, { id: group.key, stage: null, metric, question: null, summary: group });
    }
  }
  return [...views.values()]
    .filter((m) => (!filters.moment || m.id === filters.moment) && (!filters.stage || m.stage === filters.stage))
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage) || a.id.localeCompare(b.id));
}

/** Every moment id known, grouped by stage, for the filter menus (ignores the filters). */
export function momentOptions(config: PublicSiteConfig | null, seen: Iterable<MomentView>): Map<string, { stage: Stage | null; metric: Metric }> {
  const out = new Map<string, { stage: Stage | null; metric: Metric }>();
  for (const m of config?.moments ?? []) out.set(m.id, { stage: m.stage, metric: m.metric });
  for (const m of seen) if (!out.has(m.id)) out.set(m.id, { stage: m.stage, metric: m.metric });
  return out;
}
