import type { Metric } from '@voix/shared';

/**
 * How the dashboard prints numbers. Each metric keeps its own unit (DESIGN.md): NPS on
 * −100…+100, CSAT a top-2-box percentage, CES a mean on 1–7. A missing value (n = 0) is "—".
 */
export const DASH = '—';
const MINUS = '\u2212';

export const METRIC_LABELS: Record<Metric, { name: string; scale: string }> = {
  nps: { name: 'Net Promoter Score', scale: '−100 to +100' },
  csat: { name: 'Customer Satisfaction', scale: '% satisfied (4–5 of 5)' },
  ces: { name: 'Customer Effort Score', scale: 'mean, 1–7 (higher = easier)' },
};

const isNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

export function formatScore(metric: Metric, value: number | null | undefined): string {
  if (!isNumber(value)) return DASH;
  switch (metric) {
    case 'nps': {
      const rounded = Math.round(value);
      return rounded > 0 ? `+${rounded}` : rounded < 0 ? `${MINUS}${-rounded}` : '0';
    }
    case 'csat':
      return `${Math.round(value)}%`;
    case 'ces':
      return value.toFixed(1);
  }
}

export function formatInterval(metric: Metric, ci: readonly [number, number] | null | undefined): string {
  if (!ci || !isNumber(ci[0]) || !isNumber(ci[1])) return DASH;
  return `[${formatScore(metric, ci[0])}, ${formatScore(metric, ci[1])}]`;
}

export function formatCount(value: number | null | undefined): string {
  return isNumber(value) ? value.toLocaleString('en') : DASH;
}

/** A 0…1 share as a percentage. */
export function formatRate(value: number | null | undefined): string {
  return isNumber(value) ? `${Math.round(value * 100)}%` : DASH;
}

/** A 0…100 percentage. */
export function formatPercent(value: number | null | undefined): string {
  return isNumber(value) ? `${Math.round(value)}%` : DASH;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function formatAgo(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return iso;
  const seconds = Math.round((then - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relative.format(value, unit);
    value = Math.round(value / size);
  }
  return relative.format(value, 'year');
}
