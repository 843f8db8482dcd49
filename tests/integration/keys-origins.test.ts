import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, answer, count, isWorkerd, post, startCollector, type TestCollector } from './collector.ts';

let c: TestCollector;
beforeAll(async () => {
  c = await startCollector({ adminToken: 'admin-token-for-tests-0123456789' });
});
afterAll(() => c.close());

describe('origins', () => {
  it('echoes an allowed origin on a write, with no credentials and no cookie', async () => {
    const res = await post(c, '/v1/responses', answer(c, 'post-checkout', 4));
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a foreign origin, Origin: null, or no Origin at all, with 403 and no ACAO', async () => {
    const before = await count(c, 'responses');
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example']) {
      const res = await post(c, '/v1/responses', answer(c, 'post-checkout', 4), { Origin: origin });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect((await res.json()).error).toMatchObject({ code: 'forbidden_origin', issues: [{ path: 'Origin' }] });
    }
    const noOrigin = await fetch(`${c.url}/v1/responses`, { method: 'POST', body: JSON.stringify(answer(c, 'post-checkout', 4)) });
    expect(noOrigin.status).toBe(403);
    expect(await count(c, 'responses')).toBe(before);
  });

  it('refuses a site key writing to another site’s moment from its own origin', async () => {
    const res = await post(c, '/v1/responses', { ...answer(c, 'post-checkout', 4), siteKey: c.other.siteKey });
    expect(res.status).toBe(403);
  });

  it('answers a JSON preflight with 204 and a bounded Max-Age', async () => {
    const res = await fetch(`${c.url}/v1/responses`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(Number(res.headers.get('access-control-max-age'))).toBeLessThanOrEqual(7200);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('serves the widget config with an ETag and answers 304 when unchanged', async () => {
    const first = await fetch(`${c.url}/v1/sites/${c.siteKey}/config`, { headers: { Origin: ORIGIN } });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const config = await first.json();
    expect(config).toMatchObject({ siteKey: c.siteKey, version: 1, brand: 'Demo Shop' });
    expect(config.moments.map((m: any) => m.id)).toEqual(['post-checkout', 'support-effort', 'relationship-nps', 'site-feedback']);
    const again = await fetch(`${c.url}/v1/sites/${c.siteKey}/config`, { headers: { Origin: ORIGIN, 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const foreign = await fetch(`${c.url}/v1/sites/${c.siteKey}/config`, { headers: { Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const unknown = await fetch(`${c.url}/v1/sites/pk_unknownsite00000/config`);
    expect(unknown.status).toBe(404);
  });
});

describe('read API keys', () => {
  const get = (key?: string) =>
    fetch(`${c.url}/v1/aggregates?metric=nps`, { headers: key === undefined ? {} : { Authorization: key } });

  it('refuses a missing, malformed, public, unknown or other-scheme key with 401 JSON', async () => {
    for (const header of [undefined, '', 'Bearer', `Bearer ${c.siteKey}`, 'Bearer sk_doesnotexist00000000000000', `Basic ${c.secretKey}`]) {
      const res = await get(header);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatchObject({ code: 'unauthorized', issues: [{ path: 'Authorization' }] });
    }
  });

  it('scopes reads to the key’s own site', async () => {
    await post(c, '/v1/responses', answer(c, 'relationship-nps', 10));
    const mine = await (await get(`Bearer ${c.secretKey}`)).json();
    const theirs = await (await get(`Bearer ${c.other.secretKey}`)).json();
    expect(mine.n).toBeGreaterThan(0);
    expect(theirs.n).toBe(0);
  });

  // Node only: reads the libSQL file (D1's storage is Cloudflare's; it refuses PRAGMA wal_checkpoint).
  it.skipIf(isWorkerd)('stores no plaintext secret in the database file', async () => {
    const { readFileSync } = await import('node:fs');
    await c.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(c.dbPath).toString('latin1');
    expect(bytes.includes(c.secretKey)).toBe(false);
    expect(bytes.includes(c.siteKey)).toBe(true);
  });
});

describe('admin config API', () => {
  const put = (body: unknown, token: string, siteKey = c.siteKey) =>
    fetch(`${c.url}/v1/admin/sites/${siteKey}/config`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const doc = (brand: string) => ({
    brand,
    moments: [{ id: 'nps', stage: 'recommendation', metric: 'nps', question: { en: 'Recommend us?' }, trigger: { event: 'go' } }],
  });

  it('applies a valid document as a new version with the admin token or the site’s secret key', async () => {
    const res = await put(doc('Shop v2'), 'admin-token-for-tests-0123456789');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: 2, moments: 1 });
    const res2 = await put(doc('Shop v3'), c.secretKey);
    expect(await res2.json()).toMatchObject({ version: 3 });
    const cfg = await (await fetch(`${c.url}/v1/sites/${c.siteKey}/config`)).json();
    expect(cfg).toMatchObject({ brand: 'Shop v3', version: 3 });
  });

  it('refuses an invalid document with each problem’s path, and keeps the old config', async () => {
    const res = await put({ brand: '', moments: [{ id: 'Bad Id', metric: 'stars' }], colour: 'red' }, c.secretKey);
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['brand', 'moments.0.id', 'moments.0.metric', 'colour']));
    const cfg = await (await fetch(`${c.url}/v1/sites/${c.siteKey}/config`)).json();
    expect(cfg.brand).toBe('Shop v3');
  });

  it('refuses another site’s key and a wrong token', async () => {
    expect((await put(doc('x'), c.other.secretKey)).status).toBe(401);
    expect((await put(doc('x'), 'wrong')).status).toBe(401);
  });
});

describe('admin sites API', () => {
  const create = (body: unknown, token = 'admin-token-for-tests-0123456789') =>
    fetch(`${c.url}/v1/admin/sites`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

  it('creates a site with its config, and the new keys work', async () => {
    const res = await create({ name: 'New shop', origins: ['https://new.example/'], config: { brand: 'New', moments: [] } });
    expect(res.status).toBe(201);
    const site = await res.json();
    expect(site).toMatchObject({ origins: ['https://new.example'], configVersion: 1 });
    const agg = await fetch(`${c.url}/v1/aggregates?metric=nps`, { headers: { Authorization: `Bearer ${site.secretKey}` } });
    expect(agg.status).toBe(200);
  });

  it('refuses a bad origin or config naming the field, and creates nothing', async () => {
    const before = Number((await c.client.execute('select count(*) as n from sites')).rows[0]!.n);
    const bad = await create({ name: 'x', origins: ['ftp://x'] });
    expect((await bad.json()).error.issues[0].path).toBe('origins.0');
    const badConfig = await create({ name: 'x', origins: ['https://x.example'], config: { brand: 'x', moments: [{ id: 1 }] } });
    expect((await badConfig.json()).error.issues.map((i: any) => i.path)).toContain('config.moments.0.id');
    expect((await create({ name: 'x', origins: ['https://x.example'] }, c.secretKey)).status).toBe(401);
    expect(Number((await c.client.execute('select count(*) as n from sites')).rows[0]!.n)).toBe(before);
  });
});
