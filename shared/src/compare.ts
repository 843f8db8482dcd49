import { SCALES, type Metric } from './scales.ts';
import { Z95, npsCounts, t95, wilson, type Histogram, type Interval } from './metrics.ts';

/**
 * Is the score of one period different from another's? The difference `current − previous`
 * with a 95% interval, in the score's own unit (NPS points, CSAT percentage points, CES points):
 * - NPS: Wald. var(NPS) = (pP + pD − (pP − pD)²)/n for each period (DESIGN.md); the two periods
 *   are independent samples, so var(difference) = var₁ + var₀ and the interval is d ± 1.96·√(var₁ + var₀)·100.
 * - CSAT: difference of two proportions, Newcombe's hybrid score interval (method 10, built from
 *   the two Wilson intervals DESIGN.md uses for CSAT); it stays inside [−100, 100] and behaves at 0 % and 100 %.
 * - CES: Welch's t interval on the difference of means (unequal variances, Welch–Satterthwaite
 *   degrees of freedom, rounded down: conservative).
 * `significant` is true when the interval excludes 0. Null when either period has no answer (or,
 * for CES, fewer than 2 answers: no spread to measure).
 */
export interface Difference {
  difference: number | null;
  ci95: Interval | null;
  significant: boolean | null;
  method: 'nps-wald' | 'newcombe-wilson' | 'welch-t';
}

const METHOD: Record<Metric, Difference['method']> = { nps: 'nps-wald', csat: 'newcombe-wilson', ces: 'welch-t' };

function moments(h: Histogram): { n: number; mean: number; variance: number } {
  let n = 0, sum = 0;
  for (const [k, v] of h) {
    n += v;
    sum += k * v;
  }
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (const [k, v] of h) ss += v * (k - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : NaN };
}

const empty = (metric: Metric): Difference => ({ difference: null, ci95: null, significant: null, method: METHOD[metric] });
const verdict = (ci: Interval) => ci[0] > 0 || ci[1] < 0;

export function npsDifference(current: Histogram, previous: Histogram): Difference {
  const parts = [current, previous].map((h) => {
    const c = npsCounts(h);
    const n = c.promoters + c.passives + c.detractors;
    const pP = c.promoters / n, pD = c.detractors / n;
    return { n, score: (pP - pD) * 100, variance: Math.max(0, pP + pD - (pP - pD) ** 2) / n };
  });
  const [a, b] = parts as [(typeof parts)[0], (typeof parts)[0]];
  if (a.n === 0 || b.n === 0) return empty('nps');
  const d = a.score - b.score;
  const half = Z95 * Math.sqrt(a.variance + b.variance) * 100;
  const ci: Interval = [Math.max(-200, d - half), Math.min(200, d + half)];
  return { difference: d, ci95: ci, significant: verdict(ci), method: 'nps-wald' };
}

export function csatDifference(current: Histogram, previous: Histogram): Difference {
  const count = (h: Histogram) => {
    let n = 0, x = 0;
    for (const [k, v] of h) {
      n += v;
      if (k >= 4) x += v;
    }
    return { n, x };
  };
  const a = count(current), b = count(previous);
  if (a.n === 0 || b.n === 0) return empty('csat');
  const p1 = a.x / a.n, p2 = b.x / b.n;
  const [l1, u1] = wilson(a.x, a.n);
  const [l2, u2] = wilson(b.x, b.n);
  const d = p1 - p2;
  const lo = d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
  const hi = d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  const ci: Interval = [lo * 100, hi * 100];
  return { difference: d * 100, ci95: ci, significant: verdict(ci), method: 'newcombe-wilson' };
}

export function cesDifference(current: Histogram, previous: Histogram): Difference {
  const a = moments(current), b = moments(previous);
  if (a.n === 0 || b.n === 0) return empty('ces');
  const d = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return { difference: d, ci95: null, significant: null, method: 'welch-t' };
  const va = a.variance / a.n, vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const span = SCALES.ces.max - SCALES.ces.min;
  if (se === 0) {
    // Both periods answered with no spread at all: the difference is observed exactly.
    const ci: Interval = [d, d];
    return { difference: d, ci95: ci, significant: d !== 0, method: 'welch-t' };
  }
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const half = t95(Math.max(1, Math.floor(df))) * se;
  const ci: Interval = [Math.max(-span, d - half), Math.min(span, d + half)];
  return { difference: d, ci95: ci, significant: verdict(ci), method: 'welch-t' };
}

export function difference(metric: Metric, current: Histogram, previous: Histogram): Difference {
  switch (metric) {
    case 'nps':
      return npsDifference(current, previous);
    case 'csat':
      return csatDifference(current, previous);
    case 'ces':
      return cesDifference(current, previous);
  }
}
