import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cesDifference, csatDifference, difference, npsDifference } from './compare.ts';
import { histogramOf, nps } from './metrics.ts';

const hist = (pairs: [number, number][]) => new Map(pairs);

describe('difference between two periods', () => {
  it('CSAT: Newcombe hybrid score interval matches the published example (56/70 vs 48/80)', () => {
    // Newcombe (1998), Statistics in Medicine 17:873–890, table II example (a), method 10: 0.0524 to 0.3339.
    const d = csatDifference(hist([[5, 56], [1, 14]]), hist([[4, 48], [2, 32]]));
    expect(d.difference).toBeCloseTo(20, 10);
    expect(d.ci95![0]).toBeCloseTo(5.24, 2);
    expect(d.ci95![1]).toBeCloseTo(33.39, 2);
    expect(d.significant).toBe(true);
    expect(d.method).toBe('newcombe-wilson');
  });

  it('CSAT: stays inside ±100 and is not significant for identical periods, even at 0 % and 100 %', () => {
    const all = csatDifference(hist([[5, 10]]), hist([[5, 10]]));
    expect(all.difference).toBe(0);
    expect(all.significant).toBe(false);
    const extreme = csatDifference(hist([[5, 10]]), hist([[1, 10]]));
    expect(extreme.ci95![1]).toBeLessThanOrEqual(100);
    expect(extreme.significant).toBe(true);
  });

  it('NPS: the variance of the difference is the sum of the two NPS variances (DESIGN.md)', () => {
    const a = histogramOf([10, 10, 10, 9, 8, 7, 6, 2, 10, 9]);
    const b = histogramOf([10, 6, 5, 4, 8, 7, 6, 2, 9, 9, 1, 0]);
    const d = npsDifference(a, b);
    const v = (scores: number[]) => {
      const n = scores.length;
      const pP = scores.filter((s) => s >= 9).length / n;
      const pD = scores.filter((s) => s <= 6).length / n;
      return (pP + pD - (pP - pD) ** 2) / n;
    };
    const half = 1.959963984540054 * Math.sqrt(v([10, 10, 10, 9, 8, 7, 6, 2, 10, 9]) + v([10, 6, 5, 4, 8, 7, 6, 2, 9, 9, 1, 0])) * 100;
    expect(d.difference).toBeCloseTo(nps(a).score! - nps(b).score!, 10);
    expect(d.ci95![0]).toBeCloseTo(d.difference! - half, 10);
    expect(d.ci95![1]).toBeCloseTo(d.difference! + half, 10);
    expect(d.significant).toBe(d.ci95![0] > 0 || d.ci95![1] < 0);
  });

  it('CES: Welch t interval, computed by hand', () => {
    const a = [7, 6, 6, 5, 7, 6, 5, 7];
    const b = [4, 5, 3, 6, 4, 5, 4, 3, 5, 4];
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const s2 = (x: number[]) => x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - 1);
    const va = s2(a) / a.length, vb = s2(b) / b.length;
    const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1)); // ≈ 15.9 → 15
    expect(Math.floor(df)).toBe(15);
    const half = 2.131 * Math.sqrt(va + vb); // t(0.975, 15)
    const d = cesDifference(histogramOf(a), histogramOf(b));
    expect(d.difference).toBeCloseTo(mean(a) - mean(b), 10);
    expect(d.ci95![0]).toBeCloseTo(mean(a) - mean(b) - half, 10);
    expect(d.ci95![1]).toBeCloseTo(mean(a) - mean(b) + half, 10);
    expect(d.significant).toBe(true);
  });

  it('is null, never NaN, without answers on either side', () => {
    for (const metric of ['nps', 'csat', 'ces'] as const) {
      const d = difference(metric, new Map(), hist([[5, 3]]));
      expect(d).toMatchObject({ difference: null, ci95: null, significant: null });
    }
    expect(cesDifference(hist([[5, 1]]), hist([[3, 4]]))).toMatchObject({ difference: 2, ci95: null, significant: null });
  });

  it('is antisymmetric and its interval contains the difference (random histograms)', () => {
    fc.assert(
      fc.property(fc.constantFrom('nps', 'csat', 'ces'), fc.array(fc.nat(10), { minLength: 2, maxLength: 80 }), fc.array(fc.nat(10), { minLength: 2, maxLength: 80 }), (metric, xs, ys) => {
        const fit = (s: number) => (metric === 'nps' ? s : metric === 'csat' ? 1 + (s % 5) : 1 + (s % 7));
        const a = histogramOf(xs.map(fit)), b = histogramOf(ys.map(fit));
        const ab = difference(metric, a, b), ba = difference(metric, b, a);
        expect(ab.difference! + ba.difference!).toBeCloseTo(0, 9);
        if (ab.ci95) {
          expect(ab.ci95[0]).toBeLessThanOrEqual(ab.difference! + 1e-9);
          expect(ab.ci95[1]).toBeGreaterThanOrEqual(ab.difference! - 1e-9);
          expect(ab.significant).toBe(ba.significant);
        }
      }),
    );
  });
});
