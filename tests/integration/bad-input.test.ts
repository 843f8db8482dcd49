import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, answer, count, post, startCollector, type TestCollector } from './collector.ts';

let c: TestCollector;
beforeAll(async () => {
  c = await startCollector();
});
afterAll(() => c.close());

const uuid = '6f1c2a8e-4b1d-4c2e-9a7b-1a2b3c4d5e6f';

/** [name, body (object or raw string), expected status, expected issue path] */
function cases(): Array<[string, unknown, number, string]> {
  const ok = { id: uuid, siteKey: c.siteKey, momentId: 'post-checkout', score: 4, anonymousId: 'anon-1' };
  const without = (k: keyof typeof ok) => Object.fromEntries(Object.entries(ok).filter(([key]) => key !== k));
  return [
    ['invalid JSON', '{"id": ', 400, 'body'],
    ['empty body', '', 400, 'body'],
    ['JSON null', 'null', 400, 'body'],
    ['JSON array', '[1,2]', 400, 'body'],
    ['JSON string', '"hello"', 400, 'body'],
    ['JSON number', '42', 400, 'body'],
    ['missing id', without('id'), 400, 'id'],
    ['id not a uuid', { ...ok, id: 'abc' }, 400, 'id'],
    ['id a number', { ...ok, id: 12 }, 400, 'id'],
    ['missing siteKey', without('siteKey'), 400, 'siteKey'],
    ['siteKey malformed', { ...ok, siteKey: 'sk_secret' }, 400, 'siteKey'],
    ['wrong site key', { ...ok, siteKey: 'pk_doesnotexist000' }, 404, 'siteKey'],
    ['missing momentId', without('momentId'), 400, 'momentId'],
    ['unknown moment', { ...ok, momentId: 'nope' }, 400, 'momentId'],
    ['momentId with spaces', { ...ok, momentId: 'post checkout' }, 400, 'momentId'],
    ['missing score', without('score'), 400, 'score'],
    ['score as string', { ...ok, score: '4' }, 400, 'score'],
    ['score null', { ...ok, score: null }, 400, 'score'],
    ['score fractional', { ...ok, score: 3.5 }, 400, 'score'],
    ['score above scale', { ...ok, score: 6 }, 400, 'score'],
    ['score below scale', { ...ok, score: 0 }, 400, 'score'],
    ['score negative', { ...ok, score: -1 }, 400, 'score'],
    ['score NPS range on CSAT', { ...ok, score: 10 }, 400, 'score'],
    ['score huge', { ...ok, score: 1e308 }, 400, 'score'],
    ['score boolean', { ...ok, score: true }, 400, 'score'],
    ['missing anonymousId', without('anonymousId'), 400, 'anonymousId'],
    ['anonymousId empty', { ...ok, anonymousId: '' }, 400, 'anonymousId'],
    ['anonymousId huge', { ...ok, anonymousId: 'a'.repeat(500) }, 400, 'anonymousId'],
    ['comment too long', { ...ok, comment: 'x'.repeat(2001) }, 400, 'comment'],
    ['comment an object', { ...ok, comment: { text: 'hi' } }, 400, 'comment'],
    ['channel unknown', { ...ok, channel: 'fax' }, 400, 'channel'],
    ['locale malformed', { ...ok, locale: 'english please' }, 400, 'locale'],
    ['attributes an array', { ...ok, attributes: ['a'] }, 400, 'attributes'],
    ['attribute value nested', { ...ok, attributes: { plan: { a: 1 } } }, 400, 'attributes.plan'],
    ['too many attributes', { ...ok, attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }, 400, 'attributes'],
    ['userId too long', { ...ok, userId: 'u'.repeat(201) }, 400, 'userId'],
    ['body over 16 KiB', { ...ok, comment: 'x'.repeat(17 * 1024) }, 413, 'body'],
    ['__proto__ pollution', '{"__proto__":{"polluted":true},"id":"bad"}', 400, 'id'],
  ];
}

describe('malformed bodies', () => {
  it('each gets a 4xx with the error body naming the field, never a 5xx, and nothing is stored', async () => {
    const list = cases();
    expect(list.length).toBeGreaterThanOrEqual(30);
    for (const [name, body, status, path] of list) {
      const res = await post(c, '/v1/responses', body);
      const json: any = await res.json();
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(json.error.code, name).toEqual(expect.any(String));
      expect(json.error.message, name).toEqual(expect.any(String));
      expect(json.error.issues.map((i: any) => i.path), name).toContain(path);
    }
    expect(await count(c, 'responses')).toBe(0);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('accepts a body of exactly 16 KiB and refuses one byte more, on the same connection', async () => {
    const base = JSON.stringify({ ...answer(c, 'post-checkout', 4), comment: '' });
    const pad = (size: number) => base.replace('"comment":""', `"comment":"${'x'.repeat(Math.min(2000, size))}"`).padEnd(size, ' ');
    const exact = pad(16 * 1024);
    expect(new TextEncoder().encode(exact).length).toBe(16384);
    expect((await post(c, '/v1/responses', exact)).status).toBe(202);
    const over = await post(c, '/v1/responses', pad(16 * 1024 + 1));
    expect(over.status).toBe(413);
    expect((await over.json()).error.code).toBe('payload_too_large');
    expect((await post(c, '/v1/responses', answer(c, 'post-checkout', 5))).status).toBe(202);
  });

  it('refuses compressed bodies with 415', async () => {
    const res = await post(c, '/v1/responses', answer(c, 'post-checkout', 4), { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.issues[0].path).toBe('Content-Encoding');
  });

  it('accepts application/json as well as text/plain', async () => {
    const res = await post(c, '/v1/responses', answer(c, 'post-checkout', 4), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(202);
  });

  it('checks displays the same way', async () => {
    const bad = await post(c, '/v1/displays', { id: 'x', siteKey: c.siteKey, momentId: 'post-checkout', anonymousId: 'a' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('id');
    const unknown = await post(c, '/v1/displays', { id: uuid, siteKey: c.siteKey, momentId: 'ghost', anonymousId: 'a' });
    expect(unknown.status).toBe(400);
  });

  it('answers unknown routes and bad queries with the same error body', async () => {
    const res = await fetch(`${c.url}/v1/nothing-here`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
    const q = await fetch(`${c.url}/v1/aggregates?metric=nps&groupBy=planet`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
    expect(q.status).toBe(400);
    expect((await q.json()).error.issues[0].path).toBe('groupBy');
    const range = await fetch(`${c.url}/v1/aggregates?metric=nps&from=2025-02-01&to=2025-01-01`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
    expect((await range.json()).error.issues[0].path).toBe('to');
    const cursor = await fetch(`${c.url}/v1/responses?cursor=%%%`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
    expect(cursor.status).toBe(400);
  });
});
