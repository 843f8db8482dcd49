import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, isWorkerd, post, read, startCollector, type TestCollector } from './collector.ts';

let c: TestCollector;
beforeAll(async () => {
  c = await startCollector();
});
afterAll(() => c.close());

const call = (method: string, path: string, key = c.secretKey) => fetch(`${c.url}${path}`, { method, headers: { Authorization: `Bearer ${key}` } });

describe('GDPR: export and erase one customer', () => {
  it('exports their responses, erases them, and every score (rollups and raw) forgets them', async () => {
    for (const [user, score] of [['u-ana', 10], ['u-ana', 0], ['u-bob', 9]] as const) {
      expect((await post(c, '/v1/responses', answer(c, 'relationship-nps', score, { userId: user, attributes: { segment: 'smb' } }))).status).toBe(202);
    }
    const exported = await read(c, '/v1/users/u-ana');
    expect(exported.responses.map((r: any) => r.score).sort()).toEqual([0, 10]);

    const before = await read(c, '/v1/aggregates?metric=nps&groupBy=moment');
    expect(before.n).toBe(3);

    const erased = await call('DELETE', '/v1/users/u-ana');
    expect(erased.status).toBe(200);
    expect((await erased.json()).deleted).toMatchObject({ responses: 2 });

    expect((await read(c, '/v1/users/u-ana')).responses).toEqual([]);
    for (const q of ['', '&groupBy=moment', '&groupBy=day', '&groupBy=attr.segment']) {
      const fromRollups = await read(c, `/v1/aggregates?metric=nps${q}`);
      const fromRaw = await read(c, `/v1/aggregates?metric=nps${q}&source=raw`);
      expect(fromRollups.n).toBe(1);
      expect(fromRollups.score).toBe(100);
      expect({ ...fromRollups, source: undefined }).toEqual({ ...fromRaw, source: undefined });
    }
  });

  it('needs an admin key to erase, and refuses without a key', async () => {
    expect((await call('DELETE', '/v1/users/u-bob', c.other.secretKey)).status).toBe(200);
    expect((await read(c, '/v1/users/u-bob')).responses).toHaveLength(1);
    expect((await fetch(`${c.url}/v1/users/u-bob`, { method: 'DELETE' })).status).toBe(401);
  });
});

describe('retention (privacy.retentionDays)', () => {
  // Node only: moves the server clock and calls the purge directly (on Workers a cron runs it).
  it.skipIf(isWorkerd)('purges answers older than the retention, with their counts, and keeps the rest', async () => {
    const { purgeExpiredResponses } = await import('../../collector/src/db/users.ts');
    const { DEMO_CONFIG } = await import('../../collector/src/demo.ts');
    const put = await fetch(`${c.url}/v1/admin/sites/${c.siteKey}/config`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${c.secretKey}` },
      body: JSON.stringify({ ...DEMO_CONFIG, privacy: { retentionDays: 30 } }),
    });
    expect(put.status).toBe(200);
    const now = Date.now();
    c.setNow(now - 40 * 86_400_000);
    await post(c, '/v1/responses', answer(c, 'post-checkout', 1));
    c.setNow(now - 10 * 86_400_000);
    await post(c, '/v1/responses', answer(c, 'post-checkout', 5));
    c.setNow(undefined);
    expect((await read(c, '/v1/aggregates?metric=csat')).n).toBe(2);
    const purged = await purgeExpiredResponses(c.db, now);
    expect(purged.reduce((a, p) => a + p.responses, 0)).toBe(1);
    const after = await read(c, '/v1/aggregates?metric=csat&groupBy=day');
    expect(after).toMatchObject({ n: 1, score: 100 });
    expect((await read(c, '/v1/aggregates?metric=csat&source=raw')).n).toBe(1);
  });
});
