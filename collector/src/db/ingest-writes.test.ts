import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Moment } from '@voix/shared';
import { DEMO_CONFIG } from '../demo.ts';
import { openDatabase } from '../node/db.ts';
import { groupCommitFor } from './group-commit.ts';
import { recordDisplay, recordResponse, type NewResponse } from './responses.ts';
import { rebuildRollups } from './rollups.ts';
import { createSite } from './sites.ts';
import { createEndpoint } from './webhooks.ts';

/**
 * The grouped ingest writes (db/ingest-writes.ts) on a real libSQL file: many answers in one
 * commit, ids repeated inside a group and across groups, and the rollups and webhook outbox
 * written for new ids only.
 */
let dir: string;
let opened: Awaited<ReturnType<typeof openDatabase>>;
let siteId: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voix-ingest-'));
  opened = await openDatabase({ url: `file:${join(dir, 'db')}` });
  const { site } = await createSite(opened.db, { name: 'g', origins: ['https://g.example'], now: 0 });
  siteId = site.id;
  await createEndpoint(opened.db, {
    siteId,
    url: 'https://hooks.example/voix',
    format: 'standard',
    events: ['response.created', 'response.detractor'],
    detractorThresholds: { nps: 6, csat: 2, ces: 3 },
    now: 0,
  });
});
afterAll(() => {
  opened.client.close();
  rmSync(dir, { recursive: true, force: true });
});

const MOMENTS = DEMO_CONFIG.moments as Moment[];
const HOUR = 3_600_000;
const answer = (i: number, id: string, extra: Partial<NewResponse> = {}): NewResponse => {
  const moment = MOMENTS[i % MOMENTS.length]!;
  const [lo, hi] = { nps: [0, 10], csat: [1, 5], ces: [1, 7] }[moment.metric];
  return {
    siteId,
    id,
    moment,
    score: lo! + (i % (hi! - lo! + 1)),
    comment: null,
    anonymousId: `a${i}`,
    userId: null,
    locale: [null, 'en', 'fr'][i % 3]!,
    channel: i % 4 ? 'inpage' : 'email',
    attributes: [null, { segment: 'smb' }, { segment: 3, plan: 'pro' }, { segment: true }, { segment: null }][i % 5]!,
    now: Date.UTC(2025, 0, 1) + (i % 50) * HOUR - 1,
    ...extra,
  };
};
const rollups = async () => (await opened.client.execute('select * from response_rollups order by 1,2,3,4,5,6,7,8')).rows;
const displayRollups = async () => (await opened.client.execute('select * from display_rollups order by 1,2,3,4,5')).rows;
const count = async (sql: string) => Number((await opened.client.execute(sql)).rows[0]![0]);

describe('grouped ingest writes', () => {
  it('stores concurrent answers once each, with exact rollups and one outbox row per event', async () => {
    const { db } = opened;
    const ids = Array.from({ length: 300 }, () => crypto.randomUUID());
    const g = groupCommitFor(db);
    const before = { ...g.stats };
    // Every id sent at once; a third of them twice more in the same tick, the repeat with a comment.
    const sends = ids.flatMap((id, i) => (i % 3 === 0 ? [answer(i, id), answer(i + 1, id, { comment: 'later' }), answer(i, id)] : [answer(i, id)]));
    const results = await Promise.all(sends.map((a) => recordResponse(db, a)));

    expect(g.stats.callers - before.callers).toBe(sends.length);
    expect(g.stats.commits - before.commits).toBeLessThan(10);
    const firstOfEach = new Map<string, boolean>();
    sends.forEach((a, i) => {
      expect(results[i]!.duplicate).toBe(firstOfEach.has(a.id));
      firstOfEach.set(a.id, true);
    });
    expect(await count('select count(*) from responses')).toBe(300);
    // The first send of each id is what is stored; the repeat only adds its comment.
    const stored = await opened.client.execute({ sql: 'select score, comment, locale from responses where id = ?', args: [ids[0]!] });
    expect(stored.rows[0]).toMatchObject({ score: answer(0, ids[0]!).score, comment: 'later', locale: null });

    const maintained = await rollups();
    expect(maintained.length).toBeGreaterThan(100);
    await rebuildRollups(db);
    expect(await rollups()).toEqual(maintained);

    const detractors = await count(`select count(*) from responses where score <= case metric when 'nps' then 6 when 'csat' then 2 else 3 end`);
    expect(detractors).toBeGreaterThan(0);
    expect(await count(`select count(*) from webhook_deliveries where event = 'response.created'`)).toBe(300);
    expect(await count(`select count(*) from webhook_deliveries where event = 'response.detractor'`)).toBe(detractors);
  });

  it('counts nothing again for ids stored by an earlier commit', async () => {
    const { db } = opened;
    const ids = (await opened.client.execute('select id from responses limit 50')).rows.map((r) => String(r.id));
    const maintained = await rollups();
    const deliveries = await count('select count(*) from webhook_deliveries');
    const results = await Promise.all(ids.map((id, i) => recordResponse(db, answer(i + 7, id, { now: Date.UTC(2030, 0, 1) }))));
    expect(results.every((r) => r.duplicate)).toBe(true);
    expect(await rollups()).toEqual(maintained);
    expect(await count('select count(*) from webhook_deliveries')).toBe(deliveries);
  });

  it('groups displays the same way', async () => {
    const { db } = opened;
    const ids = Array.from({ length: 100 }, () => crypto.randomUUID());
    const sends = [...ids, ...ids.slice(0, 30)].map((id, i) => ({ siteId, id, momentId: MOMENTS[i % MOMENTS.length]!.id, anonymousId: 'a', channel: 'inpage' as const, now: Date.UTC(2025, 0, 1) + i * HOUR }));
    const results = await Promise.all(sends.map((d) => recordDisplay(db, d)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(100);
    expect(await count('select count(*) from displays')).toBe(100);
    const maintained = await displayRollups();
    await rebuildRollups(db);
    expect(await displayRollups()).toEqual(maintained);
  });

  it('stores text exactly as binding it would: NUL, bidi, emoji, quotes; lone surrogates as U+FFFD', async () => {
    const { db } = opened;
    const id = crypto.randomUUID();
    const text = 'a\u0000b \u202E 😀 "q" \\ é';
    await recordResponse(db, answer(1, id, { comment: text, anonymousId: 'x\uD800y', userId: text, attributes: { segment: 'z\uDC00', plan: text } }));
    const row = (await opened.client.execute({ sql: 'select hex(comment) c, hex(anonymous_id) a, hex(user_id) u, attributes from responses where id = ?', args: [id] })).rows[0]!;
    const hex = (s: string) => Buffer.from(s).toString('hex').toUpperCase();
    expect(row.c).toBe(hex(text));
    expect(row.u).toBe(hex(text));
    expect(row.a).toBe(hex('x\uFFFDy'));
    expect(JSON.parse(String(row.attributes))).toEqual({ segment: 'z\uDC00', plan: text }); // escaped in the JSON text, as before
  });
});
