import type { Metric } from '@voix/shared';
import type { Aggregate, AggregateGroup } from './api.ts';
import { h } from './dom.ts';
import { formatCount, formatInterval, formatRate, formatScore } from './format.ts';

/**
 * The per-moment table: one row per journey moment with its metric, n, score, 95% interval,
 * displays and response rate (from `groupBy=moment`). Rows carry `data-moment="{id}"`.
 */
interface MomentRow extends AggregateGroup {
  metric: Metric;
}

/** A moment has one metric; if the API lists it under several, keep the one with data. */
function rowsOf(aggregates: Record<Metric, Aggregate>): MomentRow[] {
  const rows = new Map<string, MomentRow>();
  for (const [metric, aggregate] of Object.entries(aggregates) as [Metric, Aggregate][]) {
    for (const group of aggregate.groups ?? []) {
      const current = rows.get(group.key);
      const weight = (row: AggregateGroup) => row.n * 1e6 + (row.displays ?? 0);
      if (!current || weight(group) > weight(current)) rows.set(group.key, { ...group, metric });
    }
  }
  return [...rows.values()].sort((a, b) => b.n - a.n || (b.displays ?? 0) - (a.displays ?? 0) || a.key.localeCompare(b.key));
}

function rateCell(rate: number | null | undefined): HTMLElement {
  const meter = h('span', { class: 'rate__fill' });
  meter.style.width = typeof rate === 'number' && Number.isFinite(rate) ? `${Math.min(100, Math.max(0, rate * 100))}%` : '0';
  return h('td', { class: 'num' }, h('span', { class: 'rate' }, h('span', { class: 'rate__track' }, meter), formatRate(rate)));
}

export function renderMomentsTable(tbody: HTMLTableSectionElement, aggregates: Record<Metric, Aggregate>): void {
  const rows = rowsOf(aggregates);
  if (rows.length === 0) {
    tbody.replaceChildren(h('tr', {}, h('td', { colspan: '7', class: 'empty' }, 'No moment has been shown yet. Open the shop and walk through a purchase.')));
    return;
  }
  tbody.replaceChildren(
    ...rows.map((row) =>
      h(
        'tr',
        { 'data-moment': row.key },
        h('th', { scope: 'row' }, h('code', {}, row.key)),
        h('td', {}, h('span', { class: `metric-badge metric-badge--${row.metric}` }, row.metric.toUpperCase())),
        h('td', { class: 'num', 'data-field': 'n' }, formatCount(row.n)),
        h('td', { class: 'num strong', 'data-field': 'score' }, formatScore(row.metric, row.score)),
        h('td', { class: 'num muted', 'data-field': 'ci' }, formatInterval(row.metric, row.ci95)),
        h('td', { class: 'num', 'data-field': 'displays' }, formatCount(row.displays)),
        rateCell(row.responseRate),
      ),
    ),
  );
}
