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

/** A difference of two scores in the metric's unit, always signed ("+4", "−12", "+0.3"). */
export function formatDifference(metric: Metric, value: number | null | undefined): string {
  if (!isNumber(value)) return DASH;
  const text = metric === 'ces' ? Math.abs(value).toFixed(1) : String(Math.round(Math.abs(value)));
  const zero = Number(text) === 0;
  return zero ? `±${text}` : value > 0 ? `+${text}` : `${MINUS}${text}`;
}

/** `[−3, +27]` for a difference's interval. */
export function formatDifferenceInterval(metric: Metric, ci: readonly [number, number] | null | undefined): string {
  if (!ci || !isNumber(ci[0]) || !isNumber(ci[1])) return DASH;
  return `[${formatDifference(metric, ci[0])}, ${formatDifference(metric, ci[1])}]`;
}

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "3 May – 9 May 2025" for two local `YYYY-MM-DD` days (both inclusive). */
export function formatDays(first: string, last: string): string {
  const a = new Date(`${first}T12:00:00`);
  const b = new Date(`${last}T12:00:00`);
  if (first === last) return longDate.format(a);
  return `${a.getFullYear() === b.getFullYear() ? shortDate.format(a) : longDate.format(a)} – ${longDate.format(b)}`;
}

/** Date and time of an answer, in the owner's locale conventions (24 h). */
export const formatDateTime = (iso: string) => {
  const date = new Date(iso);
  return Number.isFinite(date.getTime()) ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date) : iso;
};

export const STAGE_LABELS: Record<string, string> = {
  discovery: 'Discovery',
  research: 'Research',
  evaluation: 'Evaluation',
  purchase: 'Purchase',
  usage: 'Usage',
  service: 'Service',
  recommendation: 'Recommendation',
};

export const CHANNEL_LABELS: Record<string, string> = { inpage: 'In page', link: 'Link', email: 'Email', sms: 'SMS' };

/**
 * What one answer says on its own scale: NPS detractor 0–6 / passive 7–8 / promoter 9–10,
 * CSAT 1–2 / 3 / 4–5, CES 1–3 / 4 / 5–7 (DESIGN.md's "satisfied" and "easy" shares).
 */
export type Band = 'negative' | 'neutral' | 'positive';
export function bandOf(metric: Metric, score: number): Band {
  if (metric === 'nps') return score >= 9 ? 'positive' : score >= 7 ? 'neutral' : 'negative';
  if (metric === 'csat') return score >= 4 ? 'positive' : score === 3 ? 'neutral' : 'negative';
  return score >= 5 ? 'positive' : score === 4 ? 'neutral' : 'negative';
}

export const BAND_LABELS: Record<Band, string> = {
  negative: 'Negative — detractors, CSAT 1–2, CES 1–3',
  neutral: 'Neutral — passives, CSAT 3, CES 4',
  positive: 'Positive — promoters, CSAT 4–5, CES 5–7',
};

/**
 * How a score reads at a glance, for the journey view: NPS and CSAT against the sector reference
 * (at or above it: good; more than 10 points below: poor), CES on its scale (5 or more: easy;
 * under 4: hard). Null when there is no score.
 */
export type Health = 'good' | 'fair' | 'poor';
export function healthOf(metric: Metric, score: number | null | undefined, reference: number | null | undefined): Health | null {
  if (!isNumber(score)) return null;
  if (metric === 'ces' || !isNumber(reference)) {
    if (metric === 'ces') return score >= 5 ? 'good' : score < 4 ? 'poor' : 'fair';
    const [good, poor] = metric === 'nps' ? [30, 0] : [85, 70];
    return score >= good ? 'good' : score < poor ? 'poor' : 'fair';
  }
  return score >= reference ? 'good' : score < reference - 10 ? 'poor' : 'fair';
}

export const HEALTH_LABELS: Record<Health, string> = { good: 'Doing well', fair: 'Watch', poor: 'Hurts' };
