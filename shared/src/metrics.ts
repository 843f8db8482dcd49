import { SCALES, type Metric } from './scales.ts';

/**
 * The metric math of DESIGN.md, as pure functions of a score histogram (score → count).
 * A histogram is what both the raw responses and any rollup reduce to, so every aggregate,
 * whatever its source, goes through these functions.
 */
export type Histogram = ReadonlyMap<number, number>;
export type Interval = [number, number];

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface Summary {
  n: number;
  /** NPS −100…100, CSAT 0…100 (top-2-box %), CES 1…7 (mean); null when n = 0. */
  score: number | null;
  ci95: Interval | null;
  /** NPS: promoters/passives/detractors. CSAT and CES: one count per scale point ("1"…"5"/"7"). */
  counts: Record<string, number>;
  /** CSAT only: the mean answer (1–5). */
  mean?: number | null;
  /** CES only: share of 5–7 answers, in %. */
  easyShare?: number | null;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function histogramOf(scores: Iterable<number>): Map<number, number> {
  const h = new Map<number, number>();
  for (const s of scores) h.set(s, (h.get(s) ?? 0) + 1);
  return h;
}

export function mergeHistograms(a: Histogram, b: Histogram): Map<number, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

function total(h: Histogram): number {
  let n = 0;
  for (const v of h.values()) n += v;
  return n;
}

function countWhere(h: Histogram, pred: (score: number) => boolean): number {
  let n = 0;
  for (const [k, v] of h) if (pred(k)) n += v;
  return n;
}

export function npsCounts(h: Histogram): NpsCounts {
  return {
    promoters: countWhere(h, (s) => s >= 9),
    passives: countWhere(h, (s) => s === 7 || s === 8),
    detractors: countWhere(h, (s) => s <= 6),
  };
}

/**
 * NPS = %promoters − %detractors. 95% interval: var = pP + pD − (pP − pD)²,
 * NPS ± 1.96·sqrt(var/n)·100, clipped to the possible range [−100, 100].
 */
export function nps(h: Histogram): Summary {
  const counts = npsCounts(h);
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return { n, score: null, ci95: null, counts: { ...counts } };
  const pP = counts.promoters / n;
  const pD = counts.detractors / n;
  const score = (pP - pD) * 100;
  const variance = Math.max(0, pP + pD - (pP - pD) ** 2);
  const half = Z95 * Math.sqrt(variance / n) * 100;
  return { n, score, ci95: [clamp(score - half, -100, 100), clamp(score + half, -100, 100)], counts: { ...counts } };
}

/** Wilson score interval for a proportion, in [0, 1]. */
export function wilson(successes: number, n: number, z = Z95): Interval {
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // The exact bounds at the edges (floating point would leave 1e-15 crumbs there).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

function scaleCounts(metric: Metric, h: Histogram): Record<string, number> {
  const { min, max } = SCALES[metric];
  const counts: Record<string, number> = {};
  for (let s = min; s <= max; s++) counts[String(s)] = h.get(s) ?? 0;
  return counts;
}

function mean(h: Histogram, n: number): number {
  let sum = 0;
  for (const [k, v] of h) sum += k * v;
  return sum / n;
}

/** CSAT = share of 4 and 5 answers ×100 (top-2-box), with the Wilson 95% interval; mean reported. */
export function csat(h: Histogram): Summary {
  const n = total(h);
  const counts = scaleCounts('csat', h);
  if (n === 0) return { n, score: null, ci95: null, counts, mean: null };
  const satisfied = countWhere(h, (s) => s >= 4);
  const [lo, hi] = wilson(satisfied, n);
  return { n, score: (satisfied / n) * 100, ci95: [lo * 100, hi * 100], counts, mean: mean(h, n) };
}

/** Two-sided 97.5% quantiles of Student's t for 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Student's t quantile for a 95% two-sided interval (table to 30 df, Cornish–Fisher beyond). */
export function t95(df: number): number {
  if (df <= 30) return T975[df - 1]!;
  const z = Z95;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/**
 * CES = mean answer on the 1–7 scale (higher = easier); the share of 5–7 answers is reported as
 * `easyShare`. 95% interval: Student's t on the mean, clipped to [1, 7]; with a single answer the
 * spread is unknown and the interval is the whole scale.
 */
export function ces(h: Histogram): Summary {
  const n = total(h);
  const counts = scaleCounts('ces', h);
  if (n === 0) return { n, score: null, ci95: null, counts, easyShare: null };
  const m = mean(h, n);
  const easyShare = (countWhere(h, (s) => s >= 5) / n) * 100;
  if (n === 1) return { n, score: m, ci95: [1, 7], counts, easyShare };
  let ss = 0;
  for (const [k, v] of h) ss += v * (k - m) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const half = t95(n - 1) * (sd / Math.sqrt(n));
  return { n, score: m, ci95: [clamp(m - half, 1, 7), clamp(m + half, 1, 7)], counts, easyShare };
}

export function summarize(metric: Metric, h: Histogram): Summary {
  switch (metric) {
    case 'nps':
      return nps(h);
    case 'csat':
      return csat(h);
    case 'ces':
      return ces(h);
  }
}
