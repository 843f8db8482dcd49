import { h } from './dom.ts';
import { CHANNEL_LABELS, formatCount, formatDifference, formatInterval, formatRate, formatScore, STAGE_LABELS } from './format.ts';
import type { MomentView } from './moments.ts';

/**
 * The per-moment table: one row per journey moment, in journey order, with its stage, metric,
 * n, score, 95% interval, change from the previous period (when a period is chosen), displays
 * and response rate (responses ÷ prompts shown). Rows carry `data-moment="{id}"`.
 */
function rateCell(rate: number | null | undefined): HTMLElement {
  const meter = h('span', { class: 'rate__fill' });
  meter.style.width = typeof rate === 'number' && Number.isFinite(rate) ? `${Math.min(100, Math.max(0, rate * 100))}%` : '0';
  return h('td', { class: 'num', 'data-field': 'rate' }, h('span', { class: 'rate' }, h('span', { class: 'rate__track', 'aria-hidden': 'true' }, meter), formatRate(rate)));
}

function changeCell(row: MomentView): HTMLElement {
  const comparison = row.summary?.comparison;
  const d = comparison?.difference;
  if (d === null || d === undefined) return h('td', { class: 'num muted', 'data-field': 'change' }, '—');
  const shown = formatDifference(row.metric, d);
  const direction = shown.startsWith('±') ? 'flat' : d > 0 ? 'up' : 'down';
  return h(
    'td',
    { class: `num change change--${direction}`, 'data-field': 'change', title: comparison?.significant ? 'Significant change' : 'Not significant' },
    shown,
    comparison?.significant ? h('span', { class: 'change__mark', 'aria-label': 'significant' }, ' ●') : null,
  );
}

export interface TableSummary {
  responses: number;
  displays: number;
}

/** Renders the rows and returns the totals behind the overall response rate. */
export function renderMomentsTable(table: HTMLTableElement, rows: MomentView[], options: { compare: boolean; channel: string }): TableSummary {
  const tbody = table.tBodies[0]!;
  table.classList.toggle('moments--compare', options.compare);
  const totals: TableSummary = { responses: 0, displays: 0 };
  if (rows.length === 0) {
    tbody.replaceChildren(h('tr', {}, h('td', { colspan: '9', class: 'empty' }, 'No moment matches these filters. Open the shop and walk through a purchase.')));
    return totals;
  }
  tbody.replaceChildren(
    ...rows.map((row) => {
      const s = row.summary;
      if (s && typeof s.displays === 'number') {
        totals.responses += s.n;
        totals.displays += s.displays;
      }
      return h(
        'tr',
        { 'data-moment': row.id },
        h('th', { scope: 'row' }, h('code', {}, row.id), row.question ? h('span', { class: 'moments__question muted' }, row.question) : null),
        h('td', { 'data-field': 'stage' }, row.stage ? STAGE_LABELS[row.stage] ?? row.stage : '—'),
        h('td', {}, h('span', { class: `metric-badge metric-badge--${row.metric}` }, row.metric.toUpperCase())),
        h('td', { class: 'num', 'data-field': 'n' }, formatCount(s?.n ?? 0)),
        h('td', { class: 'num strong', 'data-field': 'score' }, formatScore(row.metric, s?.score)),
        h('td', { class: 'num muted', 'data-field': 'ci' }, formatInterval(row.metric, s?.ci95)),
        changeCell(row),
        h('td', { class: 'num', 'data-field': 'displays', title: options.channel ? `Prompts shown through ${CHANNEL_LABELS[options.channel] ?? options.channel}` : undefined }, formatCount(s?.displays)),
        rateCell(s?.responseRate),
      );
    }),
  );
  return totals;
}
