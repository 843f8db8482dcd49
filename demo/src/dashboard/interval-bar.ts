import type { Metric } from '@voix/shared';
import { h } from './dom.ts';
import { formatInterval, formatScore } from './format.ts';

/**
 * A score on its metric's whole scale: the 95% interval as a band, the score as a dot and,
 * when given, the sector reference as a dashed tick. Positions are set through the CSSOM
 * (`element.style`), which the dashboard's CSP allows (it only forbids style attributes in markup).
 */
export const SCALE_RANGE: Record<Metric, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };

const position = (metric: Metric, value: number) => {
  const [lo, hi] = SCALE_RANGE[metric];
  return `${Math.min(100, Math.max(0, ((value - lo) / (hi - lo)) * 100))}%`;
};

export function intervalBar(
  metric: Metric,
  score: number | null,
  ci: readonly [number, number] | null,
  reference: number | null = null,
  size: 'large' | 'small' = 'large',
): HTMLElement {
  const track = h('span', { class: 'ibar__track' });
  const labels: string[] = [];
  if (ci) {
    const band = h('span', { class: 'ibar__band' });
    band.style.left = position(metric, ci[0]);
    band.style.width = `calc(${position(metric, ci[1])} - ${position(metric, ci[0])})`;
    track.append(band);
  }
  if (reference !== null) {
    const tick = h('span', { class: 'ibar__reference' });
    tick.style.left = position(metric, reference);
    track.append(tick);
  }
  if (score !== null) {
    const dot = h('span', { class: 'ibar__dot' });
    dot.style.left = position(metric, score);
    track.append(dot);
    labels.push(`Score ${formatScore(metric, score)}`);
    if (ci) labels.push(`95% interval ${formatInterval(metric, ci)}`);
  } else labels.push('No score yet');
  if (reference !== null) labels.push(`reference ${formatScore(metric, reference)}`);
  const [lo, hi] = SCALE_RANGE[metric];
  const bar = h(
    'div',
    { class: `ibar ibar--${size} ibar--${metric}`, role: 'img', 'aria-label': labels.join(', ') },
    track,
    size === 'large' ? h('span', { class: 'ibar__scale', 'aria-hidden': 'true' }, h('span', {}, formatScore(metric, lo)), h('span', {}, formatScore(metric, hi))) : null,
  );
  return bar;
}
