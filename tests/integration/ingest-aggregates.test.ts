import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, count, post, read, startCollector, type TestCollector } from './collector.ts';

let c: TestCollector;
beforeAll(async () => {
  c = await startCollector();
});
afterAll(() => c.close());

async function send(momentId: string, scores: number[], extra: Record<string, unknown> = {}) {
  for (const score of scores) {
    const res = await post(c, '/v1/responses', answer(c, momentId, score, extra));
    expect(res.status).toBe(202);
  }
}

describe('ingest then aggregates', () => {
  it('scores NPS, CSAT and CES exactly as DESIGN.md defines them', async () => {
    // NPS: 3 promoters, 2 passives, 2 detractors out of 7.
    await send('relationship-nps', [10, 9, 9, 8, 7, 6, 0]);
    // CSAT: 3 of 5 are 4 or 5; mean 3.4.
    await send('post-checkout', [5, 4, 4, 2, 2]);
    // CES: mean 5, 3 of 4 are 5–7.
    await send('support-effort', [7, 5, 5, 3]);

    const n = await read(c, '/v1/aggregates?metric=nps');
    expect(n).toMatchObject({ metric: 'nps', n: 7, counts: { promoters: 3, passives: 2, detractors: 2 }, groups: [] });
    expect(n.score).toBeCloseTo(100 * (3 / 7 - 2 / 7), 10);
    const pP = 3 / 7, pD = 2 / 7;
    const half = 1.96 * Math.sqrt((pP + pD - (pP - pD) ** 2) / 7) * 100;
    expect(n.ci95[0]).toBeCloseTo(n.score - half, 1);
    expect(n.ci95[1]).toBeCloseTo(n.score + half, 1);

    const s = await read(c, '/v1/aggregates?metric=csat');
    expect(s).toMatchObject({ metric: 'csat', n: 5, score: 60, mean: 3.4, counts: { '1': 0, '2': 2, '3': 0, '4': 2, '5': 1 } });
    expect(s.ci95[0]).toBeLessThan(60);
    expect(s.ci95[1]).toBeGreaterThan(60);

    const e = await read(c, '/v1/aggregates?metric=ces');
    expect(e).toMatchObject({ metric: 'ces', n: 4, score: 5, easyShare: 75 });
  });

  it('returns null scores, never 0 or NaN, when nothing matches', async () => {
    const empty = await read(c, '/v1/aggregates?metric=nps&from=2001-01-01&to=2001-02-01');
    expect(empty).toMatchObject({ n: 0, score: null, ci95: null, groups: [] });
  });

  it('groups by moment with displays and response rate', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await post(c, '/v1/displays', { id: crypto.randomUUID(), siteKey: c.siteKey, momentId: 'post-checkout', anonymousId: `d${i}`, channel: 'inpage' });
      expect(res.status).toBe(202);
    }
    const g = await read(c, '/v1/aggregates?metric=csat&groupBy=moment');
    expect(g.groups).toHaveLength(1);
    expect(g.groups[0]).toMatchObject({ key: 'post-checkout', n: 5, score: 60, displays: 10, responseRate: 0.5 });
  });

  it('groups by day, week and month in UTC, with from inclusive and to exclusive', async () => {
    const day = Date.UTC(2025, 0, 6, 12); // Monday 6 January 2025
    c.setNow(day);
    await send('relationship-nps', [10]);
    c.setNow(day + 24 * 3600_000); // Tuesday
    await send('relationship-nps', [0, 10]);
    c.setNow(Date.UTC(2025, 1, 1, 0, 0, 0)); // exactly at `to` below: excluded
    await send('relationship-nps', [0]);
    c.setNow(undefined);

    const byDay = await read(c, '/v1/aggregates?metric=nps&from=2025-01-01&to=2025-02-01&groupBy=day');
    expect(byDay.n).toBe(3);
    expect(byDay.groups.map((g: any) => [g.key, g.n, g.score])).toEqual([
      ['2025-01-06', 1, 100],
      ['2025-01-07', 2, 0],
    ]);
    const byWeek = await read(c, '/v1/aggregates?metric=nps&from=2025-01-01&to=2025-02-01&groupBy=week');
    expect(byWeek.groups.map((g: any) => [g.key, g.n])).toEqual([['2025-01-06', 3]]);
    const byMonth = await read(c, '/v1/aggregates?metric=nps&from=2025-01-01T00:00:00Z&to=2025-03-01&groupBy=month');
    expect(byMonth.groups.map((g: any) => [g.key, g.n])).toEqual([['2025-01', 3], ['2025-02', 1]]);
  });

  it('filters and groups by stage and channel', async () => {
    await send('post-checkout', [5], { channel: 'email' });
    const byChannel = await read(c, '/v1/aggregates?metric=csat&groupBy=channel');
    expect(byChannel.groups.map((g: any) => [g.key, g.n])).toEqual([['email', 1], ['inpage', 5]]);
    const emailOnly = await read(c, '/v1/aggregates?metric=csat&channel=email');
    expect(emailOnly).toMatchObject({ n: 1, score: 100 });
    const byStage = await read(c, '/v1/aggregates?metric=csat&stage=purchase&groupBy=stage');
    expect(byStage.groups).toEqual([expect.objectContaining({ key: 'purchase', n: 6 })]);
  });

  it('pages through responses newest first without skipping or repeating', async () => {
    const total = await count(c, 'responses');
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    let last = Infinity;
    do {
      const page: any = await read(c, `/v1/responses?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      for (const r of page.data) {
        expect(seen.has(r.id)).toBe(false);
        seen.add(r.id);
        const t = Date.parse(r.createdAt);
        expect(t).toBeLessThanOrEqual(last);
        last = t;
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen.size).toBe(total);
  });
});
