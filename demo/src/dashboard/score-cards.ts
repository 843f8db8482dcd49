import type { Metric } from '@voix/shared';
import type { Aggregate } from './api.ts';
import { comparisonView } from './comparison.ts';
import { h } from './dom.ts';
import { formatCount, formatInterval, formatPercent, formatScore, METRIC_LABELS } from './format.ts';
import { intervalBar } from './interval-bar.ts';

/**
 * One card per metric: the score on its scale with its 95% interval, n, the sector reference
 * beside it (labelled as a reference, never mixed in), the change from the previous period when
 * a period is chosen, and the distribution behind the score (promoters/passives/detractors for
 * NPS, one bar per scale point for CSAT and CES).
 * Test hooks: `[data-metric]` on the card, `[data-field="score"|"n"|"ci"|"benchmark"|"comparison"]` inside.
 */
export interface CardContext {
  /** The selected sector's name and its reference for this metric (null: none published). */
  reference: { sector: string; score: number | null };
  /** "Previous 7 days" when a period is chosen; null for all time (no comparison). */
  previousLabel: string | null;
}

const NPS_GROUPS = [
  { key: 'detractors', label: 'Detractors', hint: '0–6' },
  { key: 'passives', label: 'Passives', hint: '7–8' },
  { key: 'promoters', label: 'Promoters', hint: '9–10' },
] as const;

function npsDistribution(aggregate: Aggregate): HTMLElement {
  const bar = h('div', { class: 'stacked', role: 'img' });
  const legend = h('ul', { class: 'stacked-legend' });
  const parts: string[] = [];
  for (const group of NPS_GROUPS) {
    const count = aggregate.counts[group.key] ?? 0;
    const segment = h('span', { class: `stacked__segment stacked__segment--${group.key}` });
    segment.style.width = aggregate.n > 0 ? `${(count / aggregate.n) * 100}%` : '0';
    bar.append(segment);
    legend.append(h('li', { class: `legend-${group.key}` }, h('strong', {}, formatCount(count)), ` ${group.label} `, h('span', { class: 'muted' }, group.hint)));
    parts.push(`${count} ${group.label.toLowerCase()}`);
  }
  bar.setAttribute('aria-label', parts.join(', '));
  return h('div', { class: 'distribution', 'data-field': 'counts' }, bar, legend);
}

function scaleDistribution(metric: Metric, aggregate: Aggregate): HTMLElement {
  const points = Object.keys(aggregate.counts).sort((a, b) => Number(a) - Number(b));
  const max = Math.max(1, ...points.map((p) => aggregate.counts[p] ?? 0));
  const good = metric === 'csat' ? 4 : 5;
  const columns = h('div', { class: 'histogram', role: 'img' });
  columns.setAttribute('aria-label', points.map((p) => `${aggregate.counts[p] ?? 0} × ${p}`).join(', '));
  for (const point of points) {
    const count = aggregate.counts[point] ?? 0;
    const fill = h('span', { class: `histogram__fill${Number(point) >= good ? ' histogram__fill--good' : ''}` });
    fill.style.height = `${(count / max) * 100}%`;
    columns.append(
      h('div', { class: 'histogram__col', title: `${point}: ${count}` }, h('span', { class: 'histogram__count' }, count > 0 ? String(count) : ''), h('span', { class: 'histogram__track' }, fill), h('span', { class: 'histogram__label' }, point)),
    );
  }
  return h('div', { class: 'distribution', 'data-field': 'counts' }, columns);
}

function secondary(metric: Metric, aggregate: Aggregate): string | null {
  if (metric === 'csat') return aggregate.mean == null ? null : `Mean ${aggregate.mean.toFixed(2)} / 5`;
  if (metric === 'ces') return aggregate.easyShare == null ? null : `${formatPercent(aggregate.easyShare)} found it easy (5–7)`;
  if (aggregate.n === 0) return null;
  return `${formatPercent(((aggregate.counts.promoters ?? 0) / aggregate.n) * 100)} promoters`;
}

function benchmarkView(metric: Metric, reference: CardContext['reference']): HTMLElement {
  return h(
    'p',
    { class: 'benchmark', 'data-field': 'benchmark' },
    h('span', { class: 'benchmark__tag' }, 'Reference'),
    ' ',
    reference.score === null
      ? h('span', { class: 'muted' }, `No published ${metric.toUpperCase()} reference for ${reference.sector.toLowerCase()}`)
      : h('span', {}, `${reference.sector} sector average `, h('strong', { 'data-field': 'benchmark-score' }, formatScore(metric, reference.score))),
  );
}

export function renderScoreCard(card: HTMLElement, metric: Metric, aggregate: Aggregate, context: CardContext): void {
  const extra = secondary(metric, aggregate);
  card.classList.toggle('score-card--empty', aggregate.n === 0);
  card.replaceChildren(
    h('header', { class: 'score-card__head' }, h('h2', {}, metric.toUpperCase()), h('span', { class: 'muted' }, METRIC_LABELS[metric].name)),
    h(
      'div',
      { class: 'score-card__main' },
      h('span', { class: 'score-card__score', 'data-field': 'score' }, formatScore(metric, aggregate.score)),
      h('span', { class: 'score-card__scale muted' }, METRIC_LABELS[metric].scale),
    ),
    h(
      'dl',
      { class: 'score-card__facts' },
      h('div', {}, h('dt', {}, '95% interval'), h('dd', { 'data-field': 'ci' }, formatInterval(metric, aggregate.ci95))),
      h('div', {}, h('dt', {}, 'Responses'), h('dd', { 'data-field': 'n' }, formatCount(aggregate.n))),
    ),
    intervalBar(metric, aggregate.score, aggregate.ci95, context.reference.score),
    benchmarkView(metric, context.reference),
    ...(context.previousLabel === null ? [] : [comparisonView(metric, aggregate.comparison, context.previousLabel)]),
    metric === 'nps' ? npsDistribution(aggregate) : scaleDistribution(metric, aggregate),
    h('footer', { class: 'score-card__foot muted' }, h('span', {}, extra ?? (aggregate.n === 0 ? 'No answers for these filters' : ''))),
  );
}
