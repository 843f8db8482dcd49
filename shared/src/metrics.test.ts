import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ces, csat, histogramOf, nps, summarize, t95, wilson } from './metrics.ts';

/** Naive, independent computations straight from DESIGN.md, over the raw list of scores. */
const naive = {
  nps(scores: number[]) {
    const n = scores.length;
    const pP = scores.filter((s) => s >= 9).length / n;
    const pD = scores.filter((s) => s <= 6).length / n;
    const score = 100 * (pP - pD);
    const half = 1.96 * Math.sqrt((pP + pD - (pP - pD) ** 2) / n) * 100;
    return { score, lo: Math.max(-100, score - half), hi: Math.min(100, score + half) };
  },
  csat(scores: number[]) {
    const n = scores.length;
    const p = scores.filter((s) => s >= 4).length / n;
    const z = 1.96;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
    return { score: 100 * p, lo: 100 * (centre - half), hi: 100 * (centre + half), mean: scores.reduce((a, b) => a + b, 0) / n };
  },
  ces(scores: number[]) {
    const n = scores.length;
    const mean = scores.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1));
    return { score: mean, easy: (100 * scores.filter((s) => s >= 5).length) / n, sd };
  },
};

const close = (a: number, b: number, eps = 0.05) => Math.abs(a - b) <= eps;

describe('NPS', () => {
  it('matches the naive formula on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 400 }), (scores) => {
        const s = nps(histogramOf(scores));
        const e = naive.nps(scores);
        expect(s.n).toBe(scores.length);
        expect(s.score).toBeCloseTo(e.score, 9);
        expect(close(s.ci95![0], e.lo) && close(s.ci95![1], e.hi)).toBe(true);
        expect(s.counts.promoters! + s.counts.passives! + s.counts.detractors!).toBe(scores.length);
      }),
      { numRuns: 500 },
    );
  });
  it('is null for n = 0, never 0 or NaN', () => {
    expect(nps(new Map())).toEqual({ n: 0, score: null, ci95: null, counts: { promoters: 0, passives: 0, detractors: 0 } });
  });
  it('is +100 with a zero-width interval when all are promoters, −100 when all are detractors', () => {
    expect(nps(histogramOf([9, 10, 10]))).toMatchObject({ n: 3, score: 100, ci95: [100, 100] });
    expect(nps(histogramOf([0, 6, 3, 5]))).toMatchObject({ n: 4, score: -100, ci95: [-100, -100] });
    expect(nps(histogramOf([7, 8]))).toMatchObject({ score: 0, ci95: [0, 0] });
  });
  it('keeps the interval inside the possible range', () => {
    const s = nps(histogramOf([10, 8]));
    expect(s.score).toBe(50);
    expect(s.ci95![1]).toBe(100);
  });
});

describe('CSAT', () => {
  it('matches the naive top-2-box and Wilson interval on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 400 }), (scores) => {
        const s = csat(histogramOf(scores));
        const e = naive.csat(scores);
        expect(s.score).toBeCloseTo(e.score, 9);
        expect(s.mean).toBeCloseTo(e.mean, 9);
        expect(close(s.ci95![0], e.lo) && close(s.ci95![1], e.hi)).toBe(true);
        expect(s.ci95![0]).toBeLessThanOrEqual(s.score!);
        expect(s.ci95![1]).toBeGreaterThanOrEqual(s.score!);
      }),
      { numRuns: 500 },
    );
  });
  it('handles n = 0, all satisfied and none satisfied', () => {
    expect(csat(new Map())).toMatchObject({ n: 0, score: null, ci95: null, mean: null });
    const all = csat(histogramOf([4, 5, 5, 4]));
    expect(all.score).toBe(100);
    expect(all.ci95![1]).toBe(100);
    expect(all.ci95![0]).toBeGreaterThan(0);
    expect(csat(histogramOf([1, 2, 3])).score).toBe(0);
  });
  it('Wilson interval of 1/1 matches the textbook value', () => {
    const [lo, hi] = wilson(1, 1);
    expect(lo).toBeCloseTo(0.2065, 4);
    expect(hi).toBe(1);
  });
});

describe('CES', () => {
  it('matches the naive mean, easy share and t interval on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 400 }), (scores) => {
        const s = ces(histogramOf(scores));
        const e = naive.ces(scores);
        expect(s.score).toBeCloseTo(e.score, 9);
        expect(s.easyShare).toBeCloseTo(e.easy, 9);
        const half = t95(scores.length - 1) * (e.sd / Math.sqrt(scores.length));
        expect(s.ci95![0]).toBeCloseTo(Math.max(1, e.score - half), 9);
        expect(s.ci95![1]).toBeCloseTo(Math.min(7, e.score + half), 9);
      }),
      { numRuns: 500 },
    );
  });
  it('handles n = 0 and n = 1', () => {
    expect(ces(new Map())).toMatchObject({ n: 0, score: null, ci95: null, easyShare: null });
    expect(ces(histogramOf([6]))).toMatchObject({ n: 1, score: 6, ci95: [1, 7], easyShare: 100 });
  });
  it('uses Student t for small samples, close to 1.96 for large ones', () => {
    expect(t95(1)).toBeCloseTo(12.706, 3);
    expect(t95(30)).toBeCloseTo(2.042, 3);
    expect(t95(1000)).toBeCloseTo(1.9623, 3);
  });
});

describe('summarize', () => {
  it('dispatches per metric', () => {
    expect(summarize('csat', histogramOf([4])).score).toBe(100);
    expect(summarize('nps', histogramOf([10])).score).toBe(100);
    expect(summarize('ces', histogramOf([6])).score).toBe(6);
  });
});
