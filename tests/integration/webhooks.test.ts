import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDue } from '../../collector/src/webhooks/dispatch.ts';
import { answer, post, read, startCollector, type TestCollector } from './collector.ts';

/** A real HTTP receiver that verifies Standard Webhooks signatures itself, with node:crypto. */
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}
let c: TestCollector;
let server: Server;
let base: string;
const received: Received[] = [];
let failuresLeft = 0;

function verify(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest();
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((s) => s.startsWith('v1,') && timingSafeEqual(Buffer.from(s.slice(3), 'base64'), expected));
}

let now = Date.UTC(2025, 4, 1, 12);
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${c.url}${path}`, { method, headers: { Authorization: `Bearer ${c.secretKey}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const dispatch = () => dispatchDue({ db: c.db, clock: () => now, baseDelayMs: 1000, maxAttempts: 4, timeoutMs: 5000 });

beforeAll(async () => {
  c = await startCollector();
  c.setNow(now);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body, json: JSON.parse(body) });
      if (req.url === '/flaky' && failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end('try later');
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await c.close();
});

describe('webhooks close the loop', () => {
  it('manages endpoints with an admin key only, validating input', async () => {
    const bad = await admin('POST', '/v1/webhooks', { url: 'ftp://x', events: ['response.deleted'] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['url', 'events.0']));
    expect((await fetch(`${c.url}/v1/webhooks`)).status).toBe(401);
    const other = await fetch(`${c.url}/v1/webhooks`, { headers: { Authorization: `Bearer ${c.other.secretKey}` } });
    expect((await other.json()).data).toEqual([]);
  });

  it('signs, delivers once, retries a failing endpoint with backoff, and never resends after a success', async () => {
    const all = await (await admin('POST', '/v1/webhooks', { url: `${base}/all` })).json();
    const flaky = await (await admin('POST', '/v1/webhooks', { url: `${base}/flaky`, events: ['response.detractor'], detractorThresholds: { csat: 3 } })).json();
    const slack = await (await admin('POST', '/v1/webhooks', { url: `${base}/slack`, events: ['response.detractor'], format: 'slack' })).json();
    expect(all).toMatchObject({ events: ['response.created', 'response.detractor'], format: 'standard', detractorThresholds: { nps: 6, csat: 2, ces: 3 } });
    expect(flaky.detractorThresholds).toEqual({ nps: 6, csat: 3, ces: 3 });
    const listed = await (await admin('GET', '/v1/webhooks')).json();
    expect(listed.data).toHaveLength(3);
    expect(JSON.stringify(listed)).not.toContain(all.secret);

    failuresLeft = 4; // both flaky deliveries fail twice
    const happy = answer(c, 'post-checkout', 5);
    const meh = answer(c, 'post-checkout', 3, { comment: '<b>late</b> & cold' }); // detractor for `flaky` only (threshold 3)
    const angry = answer(c, 'relationship-nps', 2);
    for (const b of [happy, meh, angry, happy, angry]) expect((await post(c, '/v1/responses', b)).status).toBe(202); // 2 duplicates
    await post(c, '/v1/responses', { ...meh, comment: 'added later' }); // a late comment queues nothing

    const first = await dispatch();
    // all: 3 created + 1 detractor (angry); flaky: meh + angry (both fail); slack: angry.
    expect(first).toEqual({ attempted: 7, delivered: 5, retrying: 2, failed: 0 });
    const at = (p: string) => received.filter((r) => r.path === p);
    expect(at('/all').map((r) => `${r.json.type} ${r.json.data.response.id}`).sort()).toEqual(
      [`response.created ${happy.id}`, `response.created ${meh.id}`, `response.created ${angry.id}`, `response.detractor ${angry.id}`].sort(),
    );
    for (const r of at('/all')) {
      expect(verify(all.secret, r)).toBe(true);
      expect(verify(flaky.secret, r)).toBe(false);
      expect(r.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Number(r.headers['webhook-timestamp'])).toBe(Math.floor(now / 1000));
      expect(r.json.data.siteKey).toBe(c.siteKey);
    }
    expect(at('/slack')).toHaveLength(1);
    expect(verify(slack.secret, at('/slack')[0]!)).toBe(true);
    expect(at('/slack')[0]!.json).toEqual({ text: expect.stringContaining('Detractor on *relationship-nps*') });
    expect(Object.keys(at('/slack')[0]!.json)).toEqual(['text']);

    // Nothing is due before the backoff has elapsed.
    expect((await dispatch()).attempted).toBe(0);
    now += 1000;
    expect(await dispatch()).toEqual({ attempted: 2, delivered: 0, retrying: 2, failed: 0 });
    now += 1999;
    expect((await dispatch()).attempted).toBe(0); // second retry waits 2 s
    now += 1;
    expect(await dispatch()).toEqual({ attempted: 2, delivered: 2, retrying: 0, failed: 0 });
    const flakyHits = at('/flaky');
    expect(flakyHits).toHaveLength(6);
    // The same webhook-id on every attempt of one delivery, each correctly signed.
    const ids = new Map<string, Set<string>>();
    for (const r of flakyHits) {
      expect(verify(flaky.secret, r)).toBe(true);
      const key = r.json.data.response.id;
      ids.set(key, (ids.get(key) ?? new Set()).add(String(r.headers['webhook-id'])));
    }
    expect([...ids.keys()].sort()).toEqual([meh.id, angry.id].sort());
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
    expect(flakyHits.find((r) => r.json.data.response.id === meh.id)!.json.data.response.comment).toBe('<b>late</b> & cold');

    // Never again after success, however often the dispatcher runs.
    const total = received.length;
    for (let i = 0; i < 5; i++) {
      now += 3_600_000;
      expect((await dispatch()).attempted).toBe(0);
    }
    expect(received.length).toBe(total);
    const deliveries = await (await admin('GET', `/v1/webhooks/${flaky.id}/deliveries`)).json();
    expect(deliveries.data.map((d: any) => [d.status, d.attempts, d.lastStatus])).toEqual([
      ['delivered', 3, 204],
      ['delivered', 3, 204],
    ]);
  });

  it('gives up after the last attempt, and deletes an endpoint with its pending deliveries', async () => {
    const dead = await (await admin('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/refused', events: ['response.created'] })).json();
    c.setNow(now);
    await post(c, '/v1/responses', answer(c, 'support-effort', 7));
    let failed = 0;
    for (let i = 0; i < 6; i++) {
      failed += (await dispatch()).failed;
      now += 60_000;
    }
    expect(failed).toBe(1);
    const d = (await (await admin('GET', `/v1/webhooks/${dead.id}/deliveries`)).json()).data;
    expect(d).toEqual([expect.objectContaining({ status: 'failed', attempts: 4, lastStatus: null })]);
    expect((await admin('DELETE', `/v1/webhooks/${dead.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/v1/webhooks/${dead.id}`)).status).toBe(404);
    const n = await c.client.execute({ sql: 'select count(*) as n from webhook_deliveries where endpoint_id = ?', args: [dead.id] });
    expect(Number(n.rows[0]!.n)).toBe(0);
    expect((await read(c, '/v1/aggregates?metric=ces')).n).toBe(1);
  });
});
