import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../collector/src/app.ts';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { applyConfig, createSite } from '../../collector/src/db/sites.ts';
import { openDatabase } from '../../collector/src/node/db.ts';
import type { SiteConfigInput } from '@voix/shared';

export const ORIGIN = 'https://shop.example';

export interface TestCollector {
  url: string;
  siteKey: string;
  secretKey: string;
  /** A second site, to check that keys never cross sites. */
  other: { siteKey: string; secretKey: string };
  db: Awaited<ReturnType<typeof openDatabase>>['db'];
  client: Awaited<ReturnType<typeof openDatabase>>['client'];
  dbPath: string;
  /** Sets the server clock (epoch ms); `undefined` returns to real time. */
  setNow(ms: number | undefined): void;
  close(): Promise<void>;
}

/**
 * A real collector: a fresh libSQL file (one per test file), migrations applied, a real HTTP
 * server on a random port, and two sites with the demo config.
 */
export async function startCollector(opts: { config?: SiteConfigInput; adminToken?: string } = {}): Promise<TestCollector> {
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
  const app = createApp({ db, clock, log: () => {}, adminToken: opts.adminToken });
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
export function post(c: TestCollector, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${c.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function read<T = any>(c: TestCollector, pathAndQuery: string, key = c.secretKey): Promise<T> {
  const res = await fetch(`${c.url}${pathAndQuery}`, { headers: { Authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`${pathAndQuery} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function count(c: TestCollector, table: 'responses' | 'displays'): Promise<number> {
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
