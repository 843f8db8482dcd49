/**
 * The workerd side of the integration harness (project `integration-workerd`): the collector
 * in workerd with a local D1 and the widget assets, as `wrangler dev` runs it, no network. One
 * server per run (started by
 * `workerd-setup.ts`, shared by the test files, which run one at a time); each file starts with
 * empty tables and a fresh app (`POST /__test/reset`), then creates its sites through the admin
 * API, so it sees what it would see on Node with its own database file.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import * as schema from '../../collector/src/db/schema.ts';
import type { Db } from '../../collector/src/db/types.ts';
import type { SqlQuery, SqlResult } from './workerd-entry.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = 'tests/integration/workerd-entry.ts';
const WRANGLER = join(createRequire(import.meta.url).resolve('wrangler/package.json'), '../bin/wrangler.js');
/** Local only: no metrics, no `Request.cf` download, no prompts, no colours in the logs we keep. */
const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };

function wrangler(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: WRANGLER_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.slice(0, 4).join(' ')} exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
}

/** `wrangler d1 migrations apply DB --local`: the drizzle-kit SQL files of collector/drizzle, as generated. */
export async function applyMigrations(persistTo: string): Promise<void> {
  mkdirSync(persistTo, { recursive: true });
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], 120_000);
}

/**
 * Bundles the test Worker once, as `wrangler deploy` would (same esbuild settings; it fails on
 * any `node:` import, since wrangler.jsonc has no nodejs_compat). Bundled once, the server does
 * not reload when the sources change during a run.
 */
export async function bundleTestWorker(outdir: string): Promise<string> {
  await wrangler(['deploy', ENTRY, '--dry-run', '--outdir', outdir], 120_000);
  return join(outdir, 'workerd-entry.js');
}

export interface WorkerdServer {
  url: string;
  /** What workerd printed (uncaught exceptions, the Worker's console), last 20 kB. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the bundled test Worker in workerd through Miniflare, the engine of `wrangler dev`,
 * configured from wrangler.jsonc by wrangler itself (`unstable_getMiniflareWorkerOptions`:
 * D1 binding, assets with `run_worker_first`, vars) and persisting where `wrangler dev
 * --persist-to` would, so it opens the D1 that `applyMigrations()` wrote. Not `wrangler dev`
 * itself: its dev proxy answers the request that follows a POST whose body the Worker did not
 * read (every 413) with 503 "Your worker restarted mid-request" (wrangler 4.86; a dev-proxy bug,
 * not workerd's: cloudflare/workers-sdk#15709), which breaks R9's "next request succeeds".
 * `assets` replaces the assets directory (a snapshot of widget/dist, so a rebuild during the
 * run changes nothing).
 */
export async function startWorkerdServer(opts: { script: string; persistTo: string; assets: string }): Promise<WorkerdServer> {
  const fromWrangler = createRequire(WRANGLER);
  const { unstable_getMiniflareWorkerOptions } = fromWrangler('wrangler') as typeof import('wrangler');
  const { Miniflare, NoOpLog } = fromWrangler('miniflare') as MiniflareModule;
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.jsonc'), undefined, { overrides: { assets: { directory: opts.assets } } });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  const mf = new Miniflare({
    ...(workerOptions as Record<string, unknown>),
    name: 'voix-collector',
    modules: true,
    scriptPath: opts.script,
    bindings: { ...((workerOptions as { bindings?: Record<string, unknown> }).bindings ?? {}), VOIX_LOG: 'silent' },
    defaultPersistRoot: join(opts.persistTo, 'v3'),
    host: '127.0.0.1',
    port: 0,
    cf: false,
    log: new NoOpLog(),
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.on('data', keep);
      stderr.on('data', keep);
    },
  });
  const url = (await mf.ready).href.replace(/\/$/, '');
  return { url, output: () => output, stop: () => mf.dispose() };
}

/** The part of miniflare's API used here (resolved from wrangler's own dependency). */
interface MiniflareModule {
  Miniflare: new (opts: Record<string, unknown>) => { ready: Promise<URL>; dispose(): Promise<void> };
  NoOpLog: new () => unknown;
}

async function call(url: string, path: string, method: string, body: unknown): Promise<Response> {
  const res = await fetch(`${url}${path}`, { method, body: JSON.stringify(body) });
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res;
}

async function sql(url: string, queries: SqlQuery[]): Promise<SqlResult[]> {
  return (await (await call(url, '/__test/sql', 'POST', queries)).json()) as SqlResult[];
}

/** Rows as `@libsql/client` gives them: arrays that also carry each column by name. */
function libsqlRows(r: SqlResult): unknown[] {
  const columns = r.columns ?? [];
  return (r.rows as unknown[][]).map((values) => Object.assign([...values], Object.fromEntries(columns.map((name, i) => [name, values[i]]))));
}

/**
 * Drizzle on the server's D1 over `/__test/sql` (sqlite-proxy): for tests that seed or inspect
 * through the app's own query modules. Batches run statement by statement (not atomically).
 */
function proxyDb(url: string): Db {
  const one = (r: SqlResult, method: string) => {
    const rows = libsqlRows(r);
    return { rows: method === 'get' ? (rows[0] as any) : rows };
  };
  return drizzle(
    async (query, params, method) => one((await sql(url, [{ sql: query, params, method }]))[0]!, method),
    async (batch) => (await sql(url, batch.map((q) => ({ sql: q.sql, params: q.params, method: q.method })))).map((r, i) => one(r, batch[i]!.method)),
    { schema },
  ) as unknown as Db;
}

export interface WorkerdSite {
  siteKey: string;
  secretKey: string;
}

export interface WorkerdCollector {
  url: string;
  sites: WorkerdSite[];
  db: Db;
  /** `execute()` as in `@libsql/client` (rows by index and by name), on the server's D1. */
  client: { execute(stmt: string | { sql: string; args?: unknown[] }): Promise<{ rows: any[]; columns: string[]; rowsAffected: number }>; close(): void };
  setNow(ms: number | undefined): Promise<void>;
}

/**
 * Prepares the shared server for one test file: empty tables, a fresh app with `adminToken`,
 * then `sites` created through `POST /v1/admin/sites`. The harness needs an admin token for
 * that, so a random one stands in when the test gives none: every token a test can send is
 * refused, with the same 401 as on Node with no token.
 */
export async function connectWorkerd(
  url: string,
  opts: { adminToken: string | undefined; rateLimits?: boolean | undefined; sites: Array<{ name: string; origins: string[]; config: unknown }> },
): Promise<WorkerdCollector> {
  const adminToken = opts.adminToken ?? `harness-${crypto.randomUUID()}`;
  await call(url, '/__test/reset', 'POST', { adminToken, rateLimits: !!opts.rateLimits });
  const sites: WorkerdSite[] = [];
  for (const site of opts.sites) {
    const res = await fetch(`${url}/v1/admin/sites`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(site),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST /v1/admin/sites → ${res.status} ${text}`);
    const created = JSON.parse(text) as WorkerdSite;
    sites.push({ siteKey: created.siteKey, secretKey: created.secretKey });
  }
  return {
    url,
    sites,
    db: proxyDb(url),
    client: {
      async execute(stmt) {
        const q = typeof stmt === 'string' ? { sql: stmt, params: [] } : { sql: stmt.sql, params: stmt.args ?? [] };
        const [r] = await sql(url, [{ ...q, method: 'all' }]);
        return { rows: libsqlRows(r!), columns: r!.columns ?? [], rowsAffected: r!.rowsAffected ?? 0 };
      },
      close() {},
    },
    async setNow(ms) {
      await call(url, '/__test/clock', 'PUT', { now: ms ?? null });
    },
  };
}
