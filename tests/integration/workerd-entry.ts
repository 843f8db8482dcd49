/**
 * The Worker the integration suite runs in workerd (project `integration-workerd`):
 * the real `createWorker()` of `collector/src/worker.ts` with the real wrangler.jsonc (D1
 * binding, assets, migrations), plus test-only handles for what the Node harness does in-process:
 * - `POST /__test/reset {"adminToken", "rateLimits"?}`: empties every table and starts a fresh app
 *   (fresh in-memory state, real clock) with that instance admin token (`null`: admin API off), so
 *   each test file starts as on Node, where it gets a new database and a new server; with
 *   `rateLimits`, the Worker's own rate limiter (the Rate Limiting bindings of wrangler.jsonc);
 * - `PUT /__test/clock {"now": ms | null}`: the server clock (Node: `createApp({ clock })`);
 * - `POST /__test/sql [{sql, params, method}]`: statements on the D1 binding, for `count()`,
 *   `c.client.execute()` and `c.db` in tests.
 * Never deployed: the harness bundles this file with `wrangler deploy --dry-run`, which replaces
 * only `main` of wrangler.jsonc.
 */
import { createWorker, type VoixWorker, type WorkerEnv } from '../../collector/src/worker.ts';

interface D1Meta {
  changes?: number;
  last_row_id?: number;
}
interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  all(): Promise<{ results: Record<string, unknown>[]; meta: D1Meta }>;
  raw(options: { columnNames: true }): Promise<[string[], ...unknown[][]]>;
  run(): Promise<{ meta: D1Meta }>;
}
interface TestEnv extends Omit<WorkerEnv, 'DB'> {
  DB: { prepare(sql: string): D1Statement };
}

export type SqlMethod = 'run' | 'all' | 'values' | 'get' | 'objects';
export interface SqlQuery {
  sql: string;
  params?: unknown[];
  /** `run`; `all`/`values`/`get` (rows as arrays, with `columns`; `get`: the first row only); `objects`. */
  method: SqlMethod;
}
export interface SqlResult {
  rows: unknown[];
  columns?: string[];
  rowsAffected?: number;
  lastInsertRowid?: number | null;
}

let now: number | undefined;
const clock = () => now ?? Date.now();
/** The deps of the Node harness's `createApp()`: settable clock, no bot filter, no rate limiter (unless asked). */
const asOnNode = (rateLimits = false) => createWorker({ clock, dropBots: false, ...(rateLimits ? {} : { rateLimiter: undefined }) });
let adminToken: string | undefined;
let current: { worker: VoixWorker; env?: WorkerEnv } = { worker: asOnNode() };

async function runQuery(env: TestEnv, q: SqlQuery): Promise<SqlResult> {
  const stmt = env.DB.prepare(q.sql).bind(...(q.params ?? []));
  switch (q.method) {
    case 'run': {
      const { meta } = await stmt.run();
      return { rows: [], rowsAffected: meta.changes ?? 0, lastInsertRowid: meta.last_row_id ?? null };
    }
    case 'objects': {
      const { results, meta } = await stmt.all();
      return { rows: results, rowsAffected: meta.changes ?? 0, lastInsertRowid: meta.last_row_id ?? null };
    }
    default: {
      const [columns, ...rows] = await stmt.raw({ columnNames: true });
      return { rows: q.method === 'get' ? rows.slice(0, 1) : rows, columns };
    }
  }
}

/** Deletes every row of every table but D1's own, children first (retrying on foreign keys). */
async function emptyTables(env: TestEnv): Promise<void> {
  const { results } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and substr(name, 1, 7) <> 'sqlite_' and substr(name, 1, 4) <> '_cf_' and name <> 'd1_migrations'",
  ).all();
  let left = results.map((r) => String(r.name));
  for (let pass = 0; left.length > 0 && pass < 10; pass++) {
    const failed: string[] = [];
    for (const name of left) {
      try {
        await env.DB.prepare(`delete from "${name.replaceAll('"', '""')}"`).run();
      } catch {
        failed.push(name);
      }
    }
    left = failed;
  }
  if (left.length > 0) throw new Error(`Could not empty ${left.join(', ')}`);
  await env.DB.prepare('delete from sqlite_sequence').run().catch(() => {});
}

/**
 * What `wrangler dev` wraps every Worker with (its middleware-ensure-req-body-drained): read the
 * body the app left unread, e.g. when it answers 413 from Content-Length alone. Without it, local
 * workerd closes the connection while the client is still sending, and the client sees
 * ECONNRESET instead of the 413. In production Cloudflare's edge holds the client connection.
 */
async function drainUnreadBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  try {
    const reader = request.body.getReader();
    while (!(await reader.read()).done) {
      // Discard.
    }
  } catch {
    // The client went away: nothing to protect.
  }
}

export default {
  async fetch(request: Request, env: TestEnv, ctx: Parameters<VoixWorker['fetch']>[2]): Promise<Response> {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === '/__test/reset' && request.method === 'POST') {
        const body = (await request.json()) as { adminToken: string | null; rateLimits?: boolean };
        await emptyTables(env);
        now = undefined;
        adminToken = body.adminToken ?? undefined;
        current = { worker: asOnNode(!!body.rateLimits) };
        return new Response(null, { status: 204 });
      }
      if (pathname === '/__test/clock' && request.method === 'PUT') {
        now = ((await request.json()) as { now: number | null }).now ?? undefined;
        return new Response(null, { status: 204 });
      }
      if (pathname === '/__test/sql' && request.method === 'POST') {
        // One after the other, not atomic: D1's batch() has no raw-array mode, which joins need.
        const results: SqlResult[] = [];
        for (const q of (await request.json()) as SqlQuery[]) results.push(await runQuery(env, q));
        return Response.json(results);
      }
    } catch (err) {
      return Response.json({ error: String((err as Error)?.message ?? err) }, { status: 500 });
    }
    // One env object per app, so the worker's per-env app cache builds a fresh app after a reset.
    current.env ??= { ...env, VOIX_ADMIN_TOKEN: adminToken ?? '' };
    const response = await current.worker.fetch(request, current.env, ctx);
    await drainUnreadBody(request);
    return response;
  },
};
