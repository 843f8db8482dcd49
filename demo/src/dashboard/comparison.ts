import type { Metric } from '@voix/shared';
import type { Comparison } from './api.ts';
import { h } from './dom.ts';
import { formatDifference, formatDifferenceInterval, formatScore } from './format.ts';

/**
 * "Compared with the previous period": an arrow, the difference with its 95% interval, and
 * whether it is significant (the interval excludes 0), as `compare=previous` reports it.
 * Test hook: `data-field="comparison"` with `data-significant="true|false|unknown"`.
 */
export function comparisonView(metric: Metric, comparison: Comparison | undefined, periodLabel: string): HTMLElement {
  const box = h('div', { class: 'compare', 'data-field': 'comparison' });
  if (!comparison) {
    box.dataset.significant = 'unknown';
    box.append(h('span', { class: 'muted' }, 'No comparison available'));
    return box;
  }
  const d = comparison.difference;
  const previous = h('span', { class: 'compare__previous muted' }, `${periodLabel}: ${formatScore(metric, comparison.previous.score)} (n = ${comparison.previous.n})`);
  if (d === null || d === undefined) {
    box.dataset.significant = 'unknown';
    box.append(h('span', { class: 'compare__arrow compare__arrow--flat', 'aria-hidden': 'true' }, '–'), h('span', {}, comparison.previous.n === 0 ? 'No answers in the previous period' : 'Too few answers to compare'), previous);
    return box;
  }
  const shown = formatDifference(metric, d);
  const direction = shown.startsWith('±') ? 'flat' : d > 0 ? 'up' : 'down';
  const arrow = { up: '▲', down: '▼', flat: '▶' }[direction];
  const significant = comparison.significant;
  box.dataset.significant = significant === null ? 'unknown' : String(significant);
  box.dataset.direction = direction;
  box.append(
    h('span', { class: `compare__arrow compare__arrow--${direction}`, 'aria-hidden': 'true' }, arrow),
    h(
      'span',
      { class: 'compare__delta' },
      h('strong', { 'data-field': 'difference' }, shown),
      h('span', { class: 'visually-hidden' }, direction === 'up' ? ' (up)' : direction === 'down' ? ' (down)' : ''),
      ' ',
      h('span', { class: 'muted', title: '95% interval of the difference' }, formatDifferenceInterval(metric, comparison.ci95)),
    ),
    h(
      'span',
      { class: `pill ${significant ? 'pill--significant' : 'pill--quiet'}`, 'data-field': 'significance' },
      significant === null ? 'Too few answers' : significant ? 'Significant' : 'Not significant',
    ),
    previous,
  );
  return box;
}
