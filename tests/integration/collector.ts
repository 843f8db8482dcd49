import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../collector/src/app.ts';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { applyConfig, createSite } from '../../collector/src/db/sites.ts';
import { openDatabase } from '../../collector/src/node/db.ts';
import { DEFAULT_RATE_LIMITS, memoryRateLimiter } from '../../collector/src/http/rate-limit.ts';
import type { SiteConfigInput } from '@voix/shared';
import type { WorkerdSite } from './workerd.ts';
import { inject } from 'vitest';

export const ORIGIN = 'https://shop.example';

/**
 * Where the collector under test runs: `node` (default: in-process server, libSQL file) or
 * `workerd` (`VOIX_TARGET=workerd`: workerd with a local D1 as under `wrangler dev`; vitest
 * project `integration-workerd`).
 * Tests that need a Node-only handle use `it.skipIf(isWorkerd)`.
 */
export const TARGET: 'node' | 'workerd' = process.env.VOIX_TARGET === 'workerd' ? 'workerd' : 'node';
export const isWorkerd = TARGET === 'workerd';

export interface TestCollector {
  url: string;
  siteKey: string;
  secretKey: string;
  /** A second site, to check that keys never cross sites. */
  other: { siteKey: string; secretKey: string };
  /** Drizzle on the collector's database (workerd: sqlite-proxy on the server's D1, batches not atomic). */
  db: Awaited<ReturnType<typeof openDatabase>>['db'];
  /** The libSQL client (workerd: `execute()` only, on the server's D1). */
  client: Awaited<ReturnType<typeof openDatabase>>['client'];
  /** The database file (Node only: reading it throws on workerd). */
  dbPath: string;
  /**
   * Sets the server clock (epoch ms); `undefined` returns to real time. On workerd the change
   * reaches the server before the next `post()`, `read()` or `count()` of this harness.
   */
  setNow(ms: number | undefined): void;
  close(): Promise<void>;
}

/** Resolves once the last `setNow()` reached the server (workerd only). */
const clockSynced = new WeakMap<TestCollector, Promise<void>>();
const synced = (c: TestCollector) => clockSynced.get(c);

/**
 * A real collector: a fresh database (one per test file), migrations applied, a real HTTP
 * server on a random port, and two sites with the demo config. On Node: a libSQL file and an
 * in-process server; on workerd: the run's workerd server (local D1) with its tables emptied
 * and a fresh app, sites made by the admin API.
 */
export interface CollectorOptions {
  config?: SiteConfigInput;
  adminToken?: string;
  /**
   * Ingest rate limits as in production (default: none, as many tests send hundreds of answers):
   * on Node the in-memory buckets with the default limits, on workerd the Workers Rate Limiting
   * bindings of wrangler.jsonc.
   */
  rateLimits?: boolean;
}

export async function startCollector(opts: CollectorOptions = {}): Promise<TestCollector> {
  return isWorkerd ? startOnWorkerd(opts) : startOnNode(opts);
}

async function startOnWorkerd(opts: CollectorOptions): Promise<TestCollector> {
  const url = inject('voixWorkerdUrl');
  if (!url) throw new Error('VOIX_TARGET=workerd needs the workerd server of the vitest project integration-workerd (npx vitest run --project integration-workerd)');
  const { connectWorkerd } = await import('./workerd.ts');
  const config = opts.config ?? DEMO_CONFIG;
  const w = await connectWorkerd(url, {
    adminToken: opts.adminToken,
    rateLimits: opts.rateLimits,
    sites: [
      { name: 'Shop', origins: [ORIGIN], config },
      { name: 'Other', origins: ['https://other.example'], config },
    ],
  });
  const [site, other] = w.sites as [WorkerdSite, WorkerdSite];
  const c: TestCollector = {
    url: w.url,
    siteKey: site.siteKey,
    secretKey: site.secretKey,
    other,
    db: w.db,
    client: w.client as unknown as TestCollector['client'],
    get dbPath(): string {
      throw new Error('c.dbPath is Node-only (the database file); on workerd the database is D1: mark the test it.skipIf(isWorkerd)');
    },
    setNow: (ms) => {
      const previous = clockSynced.get(c) ?? Promise.resolve();
      clockSynced.set(c, previous.then(() => w.setNow(ms)));
    },
    // The server is the run's; the next file's startCollector() empties the tables.
    close: async () => {
      await clockSynced.get(c);
    },
  };
  return c;
}

async function startOnNode(opts: CollectorOptions): Promise<TestCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'voix-it-'));
  const dbPath = join(dir, 'voix.db');
  const { db, client } = await openDatabase({ url: `file:${dbPath}` });
  let now: number | undefined;
  const clock = () => now ?? Date.now();
  const site = await createSite(db, { name: 'Shop', origins: [ORIGIN], now: clock() });
  const other = await createSite(db, { name: 'Other', origins: ['https://other.example'], now: clock() });
  for (const s of [site, other]) {
    const applied = await applyConfig(db, s.site, opts.config ?? DEMO_CONFIG, clock());
    if (!applied.ok) throw applied.error;
  }
  const app = createApp({ db, clock, log: () => {}, adminToken: opts.adminToken, rateLimiter: opts.rateLimits ? memoryRateLimiter(DEFAULT_RATE_LIMITS, clock) : undefined });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    siteKey: site.siteKey,
    secretKey: site.secretKey,
    other: { siteKey: other.siteKey, secretKey: other.secretKey },
    db,
    client,
    dbPath,
    setNow: (ms) => (now = ms),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a public payload the way the widget does: text/plain JSON from an allowed origin. */
export async function post(c: TestCollector, path: string, body: unknown, headers: Record<string, string> = {}) {
  await synced(c);
  return fetch(`${c.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function read<T = any>(c: TestCollector, pathAndQuery: string, key = c.secretKey): Promise<T> {
  await synced(c);
  const res = await fetch(`${c.url}${pathAndQuery}`, { headers: { Authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`${pathAndQuery} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function count(c: TestCollector, table: 'responses' | 'displays'): Promise<number> {
  await synced(c);
  const rs = await c.client.execute(`select count(*) as n from ${table}`);
  return Number(rs.rows[0]!.n);
}

export function answer(c: TestCollector, momentId: string, score: number, extra: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    siteKey: c.siteKey,
    momentId,
    score,
    anonymousId: `anon-${Math.random().toString(36).slice(2)}`,
    ...extra,
  };
}
