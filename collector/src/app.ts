import { Hono, type Context } from 'hono';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'drizzle-orm';
import { errorBody } from '@voix/shared';
import type { Db, Site } from './db/types.ts';
import { corsPreflight } from './http/cors.ts';
import { SiteCache } from './db/site-cache.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import { IngestStats, type IngestOutcome } from './http/stats.ts';
import { VisitorHasher } from './http/visitor.ts';
import { ApiError, isBusyError, renderError } from './http/errors.ts';
import { adminRoutes } from './routes/admin.ts';
import { userRoutes } from './routes/users.ts';
import { publicRoutes } from './routes/public.ts';
import { readRoutes } from './routes/read.ts';
import { createEventBus, type EventBus } from './live/bus.ts';
import { docsRoutes } from './routes/docs.ts';
import { streamRoutes } from './routes/stream.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { hostedRoutes } from './routes/hosted.ts';
import { invitationRoutes } from './routes/invitations.ts';

/** Everything the app needs from its runtime; entries (`node.ts`, later `worker.ts`) build it. */
export interface AppDeps {
  db: Db;
  /** Server clock in epoch ms; the server's time always wins over the client's. */
  clock: () => number;
  /** Instance admin token for the admin API (`VOIX_ADMIN_TOKEN`); admin API off when unset. */
  adminToken?: string;
  /** Structured log sink; one JSON object per line on Node. */
  log: (entry: Record<string, unknown>) => void;
  /** Ingest accounting, shown by `/v1/health`. */
  stats: IngestStats;
  /** Drop bots and headless browsers from ingest with a quiet 202 (entries turn this on). */
  dropBots: boolean;
  /** Rate limiter for ingest; none when undefined (entries turn it on). */
  rateLimiter?: RateLimiter;
  /** The client's IP as the runtime sees it (used only for the salted rate-limit key). */
  clientIp: (c: Context) => string | undefined;
  visitors: VisitorHasher;
  /** Short-lived cache of sites for the ingest path. */
  sites: SiteCache;
  /** Live events (`GET /v1/stream`); in-process by default (see live/bus.ts for the edge). */
  events: EventBus;
  /** Signs invitation links (`VOIX_SECRET`); when unset, a secret generated into the `meta` table. */
  secret?: string | undefined;
  /** URL path of the built prompt chunk (`/prompt-[hash].js`) for the hosted survey page; none: the page works without script. */
  promptScript?: (() => string | undefined) | undefined;
}

export type AppEnv = { Variables: RequestIdVariables & { deps: AppDeps; site?: Site; outcome?: IngestOutcome } };

export const jsonLog = (entry: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));

export type AppInput = Partial<AppDeps> & { db: Db };

export function createApp(input: AppInput) {
  const clock = input.clock ?? Date.now;
  const deps: AppDeps = {
    clock,
    log: jsonLog,
    stats: new IngestStats(),
    dropBots: false,
    clientIp: () => undefined,
    visitors: new VisitorHasher(clock),
    sites: new SiteCache(input.db, clock),
    events: createEventBus(),
    ...input,
  };
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async function injectDeps(c, next) {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    deps.log({ level: 'info', msg: 'request', requestId: c.var.requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });
  app.use(
    secureHeaders({
      // The widget and its API are loaded cross-origin by design.
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      xFrameOptions: 'DENY',
    }),
  );
  app.use('/v1/*', corsPreflight());

  app.get('/v1/health', (c) => c.json({ status: 'ok', ingest: deps.stats.snapshot(), rateLimits: deps.rateLimiter ? (deps.rateLimiter.store ?? 'custom') : 'off' }));
  app.get('/v1/ready', async (c) => {
    try {
      await deps.db.run(sql`select 1`);
    } catch (err) {
      // Not ready is an answer, not a crash: 503 so that a load balancer routes elsewhere.
      if (isBusyError(err)) throw err;
      deps.log({ level: 'error', msg: 'not ready', requestId: c.var.requestId, error: String((err as Error)?.message ?? err) });
      throw new ApiError(503, 'unavailable', 'The database cannot be reached', undefined, { 'Retry-After': '5' });
    }
    return c.json({ status: 'ready' });
  });
  app.route('/v1', publicRoutes);
  app.route('/v1', readRoutes);
  app.route('/v1/admin', adminRoutes);
  // Insights (issue #5): live stream, webhooks, OpenAPI document and the /docs reference page.
  app.route('/v1', streamRoutes);
  app.route('/v1', webhookRoutes);
  app.route('/', docsRoutes);
  // Channels (issue #7): invitations by email, SMS or link, and the hosted survey page.
  app.route('/v1', invitationRoutes);
  app.route('/v1', userRoutes);
  app.route('/', hostedRoutes);

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError(renderError);
  return app;
}

export type App = ReturnType<typeof createApp>;
