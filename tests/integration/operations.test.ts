import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../collector/src/app.ts';
import { openDatabase } from '../../collector/src/node/db.ts';
import { freePort, spawnNodeEntry, waitUntilReady } from '../support/node-entry.ts';
import { answer, isWorkerd, post, startCollector, type TestCollector } from './collector.ts';

/**
 * Operations (issue #6): security headers on every collector page, structured JSON logs with a
 * request id, `/v1/health` and `/v1/ready`.
 */

/** What `secureHeaders()` in collector/src/app.ts puts on every response. */
function expectSecurityHeaders(res: Response, what: string) {
  const h = (name: string) => [what, res.headers.get(name)];
  expect(h('x-content-type-options')).toEqual([what, 'nosniff']);
  expect(h('x-frame-options')).toEqual([what, 'DENY']);
  expect(h('referrer-policy')).toEqual([what, 'no-referrer']);
  expect(h('strict-transport-security')).toEqual([what, 'max-age=15552000; includeSubDomains']);
  // The widget and its API are loaded from other origins by design.
  expect(h('cross-origin-resource-policy')).toEqual([what, 'cross-origin']);
  expect(res.headers.get('x-request-id'), what).toMatch(/^[\w-]{8,}$/);
  expect(res.headers.get('set-cookie'), what).toBeNull();
}

describe('security headers on every API page (both runtimes)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector();
  });
  afterAll(() => c.close());

  it('on successes, errors, not-found pages, docs and the OpenAPI document', async () => {
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${c.url}${path}`, { headers });
    const pages: [string, () => Promise<Response>, number][] = [
      ['GET /v1/health', () => get('/v1/health'), 200],
      ['GET /v1/ready', () => get('/v1/ready'), 200],
      ['GET config', () => get(`/v1/sites/${c.siteKey}/config`, { Origin: 'https://shop.example' }), 200],
      ['POST /v1/responses', () => post(c, '/v1/responses', answer(c, 'post-checkout', 5)), 202],
      ['POST /v1/responses, invalid', () => post(c, '/v1/responses', { score: 'x' }), 400],
      ['GET /v1/aggregates without a key', () => get('/v1/aggregates'), 401],
      ['GET /v1/aggregates', () => get('/v1/aggregates?metric=csat', { Authorization: `Bearer ${c.secretKey}` }), 200],
      ['unknown route', () => get('/no/such/page'), 404],
      ['GET /v1/openapi.json', () => get('/v1/openapi.json'), 200],
      ['GET /docs', () => get('/docs'), 200],
      ['hosted survey page, invalid link', () => get('/s/not-a-token'), 404],
      ['hosted page script', () => get('/s/hosted.js'), 200],
    ];
    for (const [what, load, status] of pages) {
      const res = await load();
      expect([what, res.status]).toEqual([what, status]);
      expectSecurityHeaders(res, what);
      await res.arrayBuffer();
    }
  });
});

// The Node entry itself (collector/src/node.ts) as `npm start` runs it: its static pages and its logs.
describe.skipIf(isWorkerd)('the Node entry: static pages and structured logs', () => {
  let server: ChildProcess;
  let dir: string;
  let base: string;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voix-ops-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawnNodeEntry(port, { DATABASE_URL: `file:${join(dir, 'voix.db')}`, VOIX_LOG: '' }, 'pipe');
    let buffered = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
    });
    await waitUntilReady(base);
  }, 60_000);
  afterAll(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts the security headers on the widget, the demo pages and the dashboard too', async () => {
    // These files exist once built (`npm test` builds first); the headers are checked either way.
    for (const path of ['/widget.js', '/demo/', '/demo/dashboard.html', '/demo/missing.html']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBeLessThan(500);
      expectSecurityHeaders(res, path);
      await res.arrayBuffer();
    }
  });

  it('logs one JSON object per request, with the request id it answered with', async () => {
    const res = await fetch(`${base}/v1/sites/pk_unknown0000/config`);
    const id = res.headers.get('x-request-id');
    expect(res.status).toBe(404);
    // The line is written once the response is; give stdout a moment.
    let entry: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !entry; i++) {
      entry = lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : undefined)).find((e) => e?.requestId === id);
      if (!entry) await new Promise((r) => setTimeout(r, 20));
    }
    expect(entry).toMatchObject({ level: 'info', msg: 'request', requestId: id, method: 'GET', path: '/v1/sites/pk_unknown0000/config', status: 404 });
    expect(typeof entry!.ms).toBe('number');
    expect(Date.parse(String(entry!.time))).not.toBeNaN();
    // Every line after the start-up banner is JSON.
    const after = lines.slice(lines.findIndex((l) => l.startsWith('{')));
    for (const l of after.filter((l) => l.trim())) expect(() => JSON.parse(l), l).not.toThrow();
  });
});

describe.skipIf(isWorkerd)('/v1/health and /v1/ready', () => {
  it('ready answers 503 (not 500) when the database cannot be reached; health still answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voix-ready-'));
    const { db, client } = await openDatabase({ url: `file:${join(dir, 'voix.db')}` });
    const logged: Record<string, unknown>[] = [];
    const app = createApp({ db, log: (e) => logged.push(e) });
    expect((await app.request('/v1/ready')).status).toBe(200);
    client.close();
    const res = await app.request('/v1/ready');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('unavailable');
    expect(logged.some((e) => e.msg === 'not ready' && typeof e.requestId === 'string')).toBe(true);
    const health = await app.request('/v1/health');
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ok');
    rmSync(dir, { recursive: true, force: true });
  });
});
