import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppInput } from '../../collector/src/app.ts';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { applyConfig, createSite } from '../../collector/src/db/sites.ts';
import { openDatabase } from '../../collector/src/node/db.ts';
import { memoryRateLimiter } from '../../collector/src/http/rate-limit.ts';
import { VisitorHasher } from '../../collector/src/http/visitor.ts';

/** A collector with the production protections on (bots dropped, rate limits), on a real port. */
async function guarded(extra: Partial<AppInput> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'voix-abuse-'));
  const { db, client } = await openDatabase({ url: `file:${join(dir, 'voix.db')}` });
  const a = await createSite(db, { name: 'A', origins: ['https://a.example'], now: Date.now() });
  const b = await createSite(db, { name: 'B', origins: ['https://b.example'], now: Date.now() });
  for (const s of [a, b]) await applyConfig(db, s.site, DEMO_CONFIG, Date.now());
  let now = Date.now();
  const clock = () => now;
  const app = createApp({
    db,
    clock,
    log: () => {},
    dropBots: true,
    rateLimiter: memoryRateLimiter({ perVisitorPerMinute: 100, perSitePerMinute: 1000 }, clock),
    clientIp: (c) => c.req.header('x-test-ip') ?? '127.0.0.1',
    ...extra,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows = async () => Number((await client.execute('select count(*) as n from responses')).rows[0]!.n);
  return {
    url, a, b, rows, client, dir,
    advance: (ms: number) => (now += ms),
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function send(g: Awaited<ReturnType<typeof guarded>>, site: { siteKey: string }, origin: string, headers: Record<string, string> = {}, score = 4) {
  return fetch(`${g.url}/v1/responses`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: origin, 'User-Agent': CHROME, ...headers },
    body: JSON.stringify({ id: crypto.randomUUID(), siteKey: site.siteKey, momentId: 'post-checkout', score, anonymousId: 'x' }),
  });
}

let g: Awaited<ReturnType<typeof guarded>>;
beforeAll(async () => {
  g = await guarded();
});
afterAll(() => g.close());

describe('bots and headless browsers', () => {
  it('are answered 202 {dropped:"bot"}, nothing is written, and the drop is counted', async () => {
    const agents = [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'curl/8.5.0',
      'python-requests/2.31.0',
      '',
    ];
    const before = await g.rows();
    for (const ua of agents) {
      const res = await send(g, g.a, 'https://a.example', { 'User-Agent': ua });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ dropped: 'bot' });
    }
    expect(await g.rows()).toBe(before);
    const health = await (await fetch(`${g.url}/v1/health`)).json();
    expect(health.ingest.responses.dropped.bot).toBe(agents.length);
  });

  it('let real browsers through', async () => {
    expect((await send(g, g.a, 'https://a.example')).status).toBe(202);
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After past 100/min for one visitor; another site is unaffected; the bucket refills', async () => {
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 300; i++) {
      const res = await send(g, g.a, 'https://a.example', { 'x-test-ip': '203.0.113.7' });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after') ?? '';
        const body = await res.json();
        expect(body.error.code).toBe('rate_limited');
        expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
      } else await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await send(g, g.b, 'https://b.example', { 'x-test-ip': '203.0.113.7' })).status).toBe(202);
    expect((await send(g, g.a, 'https://a.example', { 'x-test-ip': '198.51.100.1' })).status).toBe(202);
    g.advance(Number(retryAfter) * 1000);
    expect((await send(g, g.a, 'https://a.example', { 'x-test-ip': '203.0.113.7' })).status).toBe(202);
  });

  it('fail open when the limiter throws', async () => {
    const broken = await guarded({ rateLimiter: { check: () => { throw new Error('store down'); } } });
    try {
      expect((await send(broken, broken.a, 'https://a.example')).status).toBe(202);
    } finally {
      await broken.close();
    }
  });
});

describe('accounting', () => {
  it('received = stored + duplicate + rejected + dropped after a mixed run', async () => {
    const h = await guarded();
    try {
      const body = JSON.stringify({ id: crypto.randomUUID(), siteKey: h.a.siteKey, momentId: 'post-checkout', score: 5, anonymousId: 'x' });
      const post = (b: string, headers: Record<string, string> = {}) =>
        fetch(`${h.url}/v1/responses`, { method: 'POST', headers: { Origin: 'https://a.example', 'User-Agent': CHROME, ...headers }, body: b });
      await post(body);
      await post(body);
      await post('{bad json');
      await post(body, { 'User-Agent': 'Googlebot/2.1' });
      await post(body, { Origin: 'https://evil.example' });
      await post('x'.repeat(20_000));
      const c = (await (await fetch(`${h.url}/v1/health`)).json()).ingest.responses;
      const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
      expect(c).toMatchObject({ received: 6, stored: 1, duplicate: 1, dropped: { bot: 1 } });
      expect(c.rejected).toEqual({ invalid_json: 1, forbidden_origin: 1, payload_too_large: 1 });
      expect(c.stored + c.duplicate + sum(c.rejected) + sum(c.dropped)).toBe(c.received);
    } finally {
      await h.close();
    }
  });
});

describe('privacy', () => {
  it('never writes the client IP to the database', async () => {
    const h = await guarded();
    try {
      await send(h, h.a, 'https://a.example', { 'x-test-ip': '192.0.2.123' });
      await h.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      const { readFileSync, readdirSync } = await import('node:fs');
      for (const f of readdirSync(h.dir)) expect(readFileSync(join(h.dir, f)).toString('latin1')).not.toContain('192.0.2.123');
    } finally {
      await h.close();
    }
  });

  it('rotates the visitor salt daily and deletes it after 48 h', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const v = new VisitorHasher(() => now);
    const day1 = await v.hash('pk_x', '192.0.2.1', 'UA');
    expect(await v.hash('pk_x', '192.0.2.1', 'UA')).toBe(day1);
    now += 86_400_000;
    const day2 = await v.hash('pk_x', '192.0.2.1', 'UA');
    expect(day2).not.toBe(day1);
    expect(v.saltDays()).toHaveLength(2);
    now += 49 * 3_600_000;
    await v.hash('pk_x', '192.0.2.1', 'UA');
    expect(v.saltDays()).toEqual([Math.floor(now / 86_400_000)]);
  });
});
