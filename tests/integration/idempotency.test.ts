import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, count, post, read, startCollector, type TestCollector } from './collector.ts';

let c: TestCollector;
beforeAll(async () => {
  c = await startCollector();
});
afterAll(() => c.close());

describe('exactly once per client id', () => {
  it('counts the same id sent 3 times once', async () => {
    const body = answer(c, 'post-checkout', 4);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(c, '/v1/responses', body)).status);
    expect(statuses).toEqual([202, 202, 202]);
    expect(await count(c, 'responses')).toBe(1);
    expect(await read(c, '/v1/aggregates?metric=csat')).toMatchObject({ n: 1, score: 100 });
  });

  it('answers a repeat with duplicate:true and the same status', async () => {
    const body = answer(c, 'relationship-nps', 9);
    expect(await (await post(c, '/v1/responses', body)).json()).toEqual({ id: body.id, duplicate: false });
    expect(await (await post(c, '/v1/responses', body)).json()).toEqual({ id: body.id, duplicate: true });
  });

  it('keeps 1,000 responses sent 3× each, shuffled, 20 at a time, identical to a single send', async () => {
    const before = await count(c, 'responses');
    const bodies = Array.from({ length: 1000 }, (_, i) => answer(c, 'support-effort', 1 + (i % 7)));
    const sends = [...bodies, ...bodies, ...bodies].sort(() => Math.random() - 0.5);
    for (let i = 0; i < sends.length; i += 20) {
      const statuses = await Promise.all(sends.slice(i, i + 20).map(async (b) => (await post(c, '/v1/responses', b)).status));
      expect(statuses.every((s) => s === 202)).toBe(true);
    }
    expect((await count(c, 'responses')) - before).toBe(1000);
    const ces = await read(c, '/v1/aggregates?metric=ces');
    expect(ces.n).toBe(1000);
    // 1000 answers cycling 1..7: 143 each of 1..6 and 142 sevens.
    expect(ces.counts).toEqual({ '1': 143, '2': 143, '3': 143, '4': 143, '5': 143, '6': 143, '7': 142 });
  }, 120_000);

  it('adds the follow-up comment to the existing response, and never overwrites it', async () => {
    const body = answer(c, 'post-checkout', 5);
    await post(c, '/v1/responses', body);
    await post(c, '/v1/responses', { ...body, comment: 'Fast delivery' });
    await post(c, '/v1/responses', { ...body, comment: 'A later, different text' });
    await post(c, '/v1/responses', { ...body, score: 1 });
    const page = await read(c, '/v1/responses?limit=500');
    const stored = page.data.filter((r: any) => r.id === body.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 5, comment: 'Fast delivery', metric: 'csat', stage: 'purchase', channel: 'inpage' });
  });

  it('dedupes displays too', async () => {
    const d = { id: crypto.randomUUID(), siteKey: c.siteKey, momentId: 'post-checkout', anonymousId: 'a' };
    await post(c, '/v1/displays', d);
    await post(c, '/v1/displays', d);
    expect(await count(c, 'displays')).toBe(1);
  });

  it('dedupes with no time window (a resend 90 days later)', async () => {
    const body = answer(c, 'relationship-nps', 10);
    await post(c, '/v1/responses', body);
    c.setNow(Date.now() + 90 * 86_400_000);
    const again = await post(c, '/v1/responses', body);
    c.setNow(undefined);
    expect(await again.json()).toMatchObject({ duplicate: true });
  });
});

describe('contact details', () => {
  it('are never stored with a response', async () => {
    const body = answer(c, 'post-checkout', 5, { userId: 'u-contact', attributes: { plan: 'pro', email: 'ana@example.com', phone: '+33600000000', preferredChannel: 'email' } });
    expect((await post(c, '/v1/responses', body)).status).toBe(202);
    const page = await read(c, '/v1/responses?limit=500');
    const stored = page.data.find((r: any) => r.id === body.id);
    expect(stored.attributes).toEqual({ plan: 'pro' });
    const rows = await c.client.execute("select count(*) as n from responses where attributes like '%example.com%'");
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});
