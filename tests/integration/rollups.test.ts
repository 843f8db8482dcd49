import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AggregateQuery, summarize, type Moment } from '@voix/shared';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { aggregate } from '../../collector/src/db/aggregates.ts';
import { recordDisplay, recordResponse } from '../../collector/src/db/responses.ts';
import { applyConfig, createSite } from '../../collector/src/db/sites.ts';
import { rebuildRollups } from '../../collector/src/db/rollups.ts';
import { answer, isWorkerd, post, read, startCollector, type TestCollector } from './collector.ts';

/**
 * Rollups must give the very answer raw responses give: random responses (with duplicates and
 * late comments) go through the real write path, then random queries are answered both ways
 * (`source=auto` and `source=raw`) and against a naive computation over the generated list.
 */
let c: TestCollector;
beforeAll(async () => {
  c = await startCollector();
});
afterAll(() => c.close());

const MOMENTS = DEMO_CONFIG.moments as Moment[];
const SCALE = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
const TZS = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const T0 = Date.UTC(2024, 9, 20); // spans two DST changes either side of the Atlantic
const SPAN = 200 * 86_400_000;

const arbResponse = fc.record({
  moment: fc.integer({ min: 0, max: MOMENTS.length - 1 }),
  u: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  channel: fc.constantFrom('inpage', 'inpage', 'email', 'link', 'sms'),
  locale: fc.constantFrom(null, 'en', 'fr', 'fr'),
  attributes: fc.constantFrom(null, { segment: 'smb' }, { segment: 'ent', plan: 'pro' }, { segment: '' }, { segment: 3 }, { segment: true }, { segment: null }, { plan: 'free' }, { plan: 'pro', segment: 'smb' }),
  // Times on hour and day boundaries are the edge cases of buckets.
  at: fc.oneof(fc.integer({ min: 0, max: SPAN - 1 }), fc.integer({ min: 0, max: 199 }).map((d) => d * 86_400_000), fc.integer({ min: 0, max: 4799 }).map((h) => h * 3_600_000 - 1)),
  comment: fc.constantFrom(null, null, 'ok'),
});

const arbQuery = fc.record({
  metric: fc.constantFrom('nps', 'csat', 'ces'),
  groupBy: fc.subarray(['moment', 'stage', 'channel', 'locale', 'attr.segment', 'attr.plan', 'day', 'week', 'month'], { maxLength: 3 }).filter((d) => d.filter((x) => ['day', 'week', 'month'].includes(x)).length <= 1),
  filter: fc.constantFrom({}, { channel: 'inpage' }, { locale: 'fr' }, { 'attr.segment': 'smb' }, { 'attr.segment': '3' }, { 'attr.plan': 'pro' }, { stage: 'purchase' }, { moment: 'relationship-nps' }),
  tz: fc.constantFrom(...TZS),
  range: fc.oneof(
    fc.constant({}),
    fc.record({ from: fc.integer({ min: 0, max: 100 }).map((d) => T0 + d * 86_400_000), to: fc.integer({ min: 101, max: 200 }).map((d) => T0 + d * 86_400_000) }),
    fc.record({ from: fc.integer({ min: 0, max: SPAN / 2 }).map((x) => T0 + x), to: fc.integer({ min: SPAN / 2 + 1, max: SPAN }).map((x) => T0 + x) }),
    fc.record({ from: fc.integer({ min: 0, max: 2400 }).map((h) => T0 + h * 3_600_000) }),
  ),
});

/** Local bucket label computed directly with Intl, independent of the offset segments. */
function localLabel(tz: string, ms: number, bucket: string): string {
  const p: Record<string, string> = {};
  for (const x of new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(ms)) p[x.type] = x.value;
  if (bucket === 'month') return `${p.year}-${p.month}`;
  if (bucket === 'day') return `${p.year}-${p.month}-${p.day}`;
  const back = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!);
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day) - back)).toISOString().slice(0, 10);
}
const attrText = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

const strip = ({ source, ...rest }: Record<string, unknown>) => rest;

describe('rollups answer exactly what raw responses answer', () => {
  // Node only: calls aggregate() in-process through c.db (on workerd, one HTTP round trip per statement: minutes).
  it.skipIf(isWorkerd)('on random data with duplicates, late comments and random queries', async () => {
    let rollupAnswers = 0;
    let totalStored = 0;
    let nonEmptyGroups = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbResponse, { minLength: 0, maxLength: 80, size: 'max' }), fc.array(fc.nat(), { maxLength: 20, size: 'max' }), fc.array(arbQuery, { minLength: 6, maxLength: 6 }), async (generated, dupes, queries) => {
        const { site } = await createSite(c.db, { name: 'p', origins: ['https://p.example'], now: T0 });
        await applyConfig(c.db, site, DEMO_CONFIG, T0);
        const stored = generated.map((g) => ({ ...g, id: crypto.randomUUID(), m: MOMENTS[g.moment]!, createdAt: T0 + g.at }));
        totalStored += stored.length;
        for (const s of stored) {
          const [lo, hi] = SCALE[s.m.metric];
          const score = lo + Math.floor(s.u * (hi - lo + 1));
          (s as any).score = score;
          await recordResponse(c.db, { siteId: site.id, id: s.id, moment: s.m, score, comment: null, anonymousId: 'a', userId: null, locale: s.locale, channel: s.channel as any, attributes: s.attributes as any, now: s.createdAt });
          await recordDisplay(c.db, { siteId: site.id, id: crypto.randomUUID(), momentId: s.m.id, anonymousId: 'a', channel: s.channel as any, now: s.createdAt });
        }
        // Duplicates: the same id again, later, with other fields and a comment: must change no count.
        for (const d of dupes) {
          if (stored.length === 0) break;
          const s = stored[d % stored.length]!;
          const other = MOMENTS[(s.moment + 1) % MOMENTS.length]!;
          const res = await recordResponse(c.db, { siteId: site.id, id: s.id, moment: other, score: SCALE[other.metric][0], comment: s.comment ?? 'late', anonymousId: 'b', userId: null, locale: 'en', channel: 'sms', attributes: { segment: 'dup' }, now: s.createdAt + 3_600_000 * 30 });
          expect(res.duplicate).toBe(true);
        }
        for (const gq of queries) {
          const input = { metric: gq.metric, tz: gq.tz, ...gq.filter, ...(gq.groupBy.length ? { groupBy: gq.groupBy.join(',') } : {}), ...Object.fromEntries(Object.entries(gq.range).map(([k, v]) => [k, new Date(v as number).toISOString()])) };
          const q = AggregateQuery.parse(input);
          const auto = await aggregate(c.db, site.id, q);
          const raw = await aggregate(c.db, site.id, { ...q, source: 'raw' });
          if (auto.source !== 'raw') rollupAnswers++;
          if (auto.groups.length > 1) nonEmptyGroups++;
          expect(raw.source).toBe('raw');
          expect(strip(auto as any)).toEqual(strip(raw as any));

          // Independent: the naive computation over the generated list.
          const f = gq.filter as Record<string, string>;
          const rows = stored.filter((s) => {
            const t = s.createdAt;
            const r = gq.range as { from?: number; to?: number };
            if (s.m.metric !== gq.metric) return false;
            if (r.from !== undefined && t < r.from) return false;
            if (r.to !== undefined && t >= r.to) return false;
            if (f.channel && s.channel !== f.channel) return false;
            if (f.locale && s.locale !== f.locale) return false;
            if (f.stage && s.m.stage !== f.stage) return false;
            if (f.moment && s.m.id !== f.moment) return false;
            for (const name of ['segment', 'plan']) if (f[`attr.${name}`] !== undefined && attrText((s.attributes as any)?.[name]) !== f[`attr.${name}`]) return false;
            return true;
          });
          const keyOf = (s: (typeof stored)[number]) =>
            gq.groupBy.map((d) =>
              d === 'moment' ? s.m.id : d === 'stage' ? s.m.stage : d === 'channel' ? s.channel : d === 'locale' ? (s.locale ?? '') : d.startsWith('attr.') ? attrText((s.attributes as any)?.[d.slice(5)]) : localLabel(gq.tz, s.createdAt, d),
            );
          const naive = new Map<string, number[]>();
          for (const s of rows) {
            const k = JSON.stringify(keyOf(s));
            naive.set(k, [...(naive.get(k) ?? []), (s as any).score]);
          }
          expect(auto.n).toBe(rows.length);
          const expectedOverall = summarize(gq.metric, new Map(Object.entries(rows.reduce<Record<number, number>>((h, s: any) => ((h[s.score] = (h[s.score] ?? 0) + 1), h), {})).map(([k, v]) => [Number(k), v])));
          expect(auto.counts).toEqual(expectedOverall.counts);
          if (gq.groupBy.length > 0) {
            const got = new Map(auto.groups.map((g) => [JSON.stringify(gq.groupBy.length === 1 ? [g.key] : gq.groupBy.map((d) => (g.key as any)[d])), g.n]));
            expect(got).toEqual(new Map([...naive].map(([k, v]) => [k, v.length])));
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(rollupAnswers).toBeGreaterThan(40);
    expect(totalStored).toBeGreaterThan(500);
    expect(nonEmptyGroups).toBeGreaterThan(20);
  }, 240_000);

  // Node only: rebuilds through c.db, from the rows the test above stores.
  it.skipIf(isWorkerd)('rebuilding the rollups from raw rows gives the same counts as maintaining them on ingest', async () => {
    const before = await c.client.execute('select site_id, metric, dim, grain, bucket, value, stage, score, n from response_rollups order by 1,2,3,4,5,6,7,8');
    const displaysBefore = await c.client.execute('select * from display_rollups order by 1,2,3,4,5');
    await rebuildRollups(c.db);
    const after = await c.client.execute('select site_id, metric, dim, grain, bucket, value, stage, score, n from response_rollups order by 1,2,3,4,5,6,7,8');
    const displaysAfter = await c.client.execute('select * from display_rollups order by 1,2,3,4,5');
    expect(after.rows.length).toBeGreaterThan(100);
    expect(after.rows).toEqual(before.rows);
    expect(displaysAfter.rows).toEqual(displaysBefore.rows);
  });

  it('says where an answer came from, and refuses source=rollup when rollups cannot answer', async () => {
    for (let i = 0; i < 3; i++) expect((await post(c, '/v1/responses', answer(c, 'post-checkout', 5, { attributes: { segment: 'smb', plan: 'pro' } }))).status).toBe(202);
    const get = (q: string) => fetch(`${c.url}/v1/aggregates?${q}`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
    const byWeek = await get('metric=csat&groupBy=moment,week&from=2020-01-01&to=2040-01-01');
    expect(byWeek.headers.get('voix-aggregate-source')).toBe('rollup');
    const paris = await get('metric=csat&groupBy=week&tz=Europe/Paris&source=rollup');
    expect(paris.status).toBe(200);
    const kolkata = await get('metric=csat&groupBy=week&tz=Asia/Kolkata');
    expect(kolkata.headers.get('voix-aggregate-source')).toBe('raw');
    const refused = await get('metric=csat&groupBy=attr.plan&source=rollup');
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'source' }] });
    const mixed = await get(`metric=csat&from=${new Date(Date.now() - 86_400_000 * 3 - 1234).toISOString()}`);
    expect(mixed.headers.get('voix-aggregate-source')).toBe('mixed');
    expect((await mixed.json()).n).toBe(3);
    const seg = await read(c, '/v1/aggregates?metric=csat&groupBy=attr.segment&attr.plan=pro');
    expect(seg.groups).toEqual([expect.objectContaining({ key: 'smb', n: 3, score: 100 })]);
  });
});
