/**
 * Cloudflare Workers entry (`wrangler dev` / `wrangler deploy`, config in `wrangler.jsonc`).
 * The same Hono app as `node.ts`, on D1 (binding `DB`) or Turso (`DATABASE_URL` +
 * `DATABASE_AUTH_TOKEN`), with the widget served from the static-assets binding `ASSETS`, and
 * the webhook outbox delivered by the cron trigger. No demo site is created here: create sites
 * with `POST /v1/admin/sites` (Bearer VOIX_ADMIN_TOKEN). See docs/deploy.md.
 */
import type { Context, ExecutionContext } from 'hono';
import { errorBody } from '@voix/shared';
import { createApp, jsonLog, type AppDeps } from './app.ts';
import type { Db } from './db/types.ts';
import { assetRoutes, type AssetsBinding } from './edge/assets.ts';
import { EdgeConfigError, openEdgeDatabase, type EdgeDbEnv } from './edge/db.ts';
import { DEFAULT_RATE_LIMITS, memoryRateLimiter, type RateLimiter } from './http/rate-limit.ts';
import { bindingRateLimiter, type RateLimitBinding } from './edge/rate-limit.ts';
import { dispatchDue } from './webhooks/dispatch.ts';
import { dispatchInvitations, webhookFromEnv } from './invitations/dispatch.ts';
import { purgeExpiredResponses } from './db/users.ts';

export interface WorkerEnv extends EdgeDbEnv {
  ASSETS?: AssetsBinding;
  /** Instance admin token for the admin API; set it as a secret (`wrangler secret put`). */
  VOIX_ADMIN_TOKEN?: string;
  /** Signs invitation links; set it as a secret (else one is generated into the database). */
  VOIX_SECRET?: string;
  /** The collector's public URL, e.g. `https://voix.example.com` (as on Node). */
  PUBLIC_URL?: string;
  /** `silent` turns the request log off. */
  VOIX_LOG?: string;
  /** `1` accepts headless browsers and bots at ingest (as on Node). */
  VOIX_ACCEPT_HEADLESS?: string;
  /**
   * Ingest limits per minute, counted in the isolate's memory (approximate: each isolate counts
   * alone). Ignored for a limit whose Rate Limiting binding below exists; `0` turns a limit off.
   */
  VOIX_RATE_LIMIT_VISITOR?: string;
  VOIX_RATE_LIMIT_SITE?: string;
  /** Workers Rate Limiting bindings (`ratelimits` in wrangler.jsonc), shared by the isolates of a location. */
  RATE_LIMIT_VISITOR?: RateLimitBinding;
  RATE_LIMIT_SITE?: RateLimitBinding;
  /** SMS and link invitations go to this signed webhook (as on Node). */
  VOIX_SMS_WEBHOOK_URL?: string;
  VOIX_SMS_WEBHOOK_SECRET?: string;
  /** Email invitations go to this signed webhook (Workers cannot open SMTP connections). */
  VOIX_EMAIL_WEBHOOK_URL?: string;
  VOIX_EMAIL_WEBHOOK_SECRET?: string;
}

export interface VoixWorker {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response>;
  scheduled(controller: unknown, env: WorkerEnv, ctx: ExecutionContext): Promise<void>;
}

type App = ReturnType<typeof createApp>;

/** Cloudflare's edge sets it on every request; a client cannot forge it there. */
const clientIp = (c: Context) => c.req.header('cf-connecting-ip');

const perMinute = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Math.max(0, Number(value) || 0));

/**
 * Rate limits on Workers: the Rate Limiting bindings when wrangler.jsonc declares them (the
 * default config does), otherwise token buckets in the isolate's memory, as on Node.
 */
function edgeRateLimiter(env: WorkerEnv): RateLimiter {
  const visitorLimit = perMinute(env.VOIX_RATE_LIMIT_VISITOR, DEFAULT_RATE_LIMITS.perVisitorPerMinute);
  const siteLimit = perMinute(env.VOIX_RATE_LIMIT_SITE, DEFAULT_RATE_LIMITS.perSitePerMinute);
  const visitor = visitorLimit > 0 ? env.RATE_LIMIT_VISITOR : undefined;
  const site = siteLimit > 0 ? env.RATE_LIMIT_SITE : undefined;
  const memory = memoryRateLimiter({ perVisitorPerMinute: visitor ? 0 : visitorLimit, perSitePerMinute: site ? 0 : siteLimit });
  if (!visitor && !site) return memory;
  const bindings = bindingRateLimiter({ visitor, site });
  return {
    store: bindings.store,
    async check(siteKey, visitorKey) {
      return (await bindings.check(siteKey, visitorKey)) || (await memory.check(siteKey, visitorKey));
    },
  };
}

/**
 * Builds the Worker. `overrides` lets a test harness replace deps (e.g. a settable clock);
 * production uses the default export. One app per isolate and env, built on first request.
 */
export function createWorker(overrides: Partial<Omit<AppDeps, 'db'>> = {}): VoixWorker {
  const built = new WeakMap<WorkerEnv, { app: App; db: Db }>();

  function appFor(env: WorkerEnv): { app: App; db: Db } {
    let entry = built.get(env);
    if (!entry) {
      const db = openEdgeDatabase(env);
      const app = createApp({
        db,
        adminToken: env.VOIX_ADMIN_TOKEN || undefined,
        secret: env.VOIX_SECRET || undefined,
        log: env.VOIX_LOG === 'silent' ? () => {} : jsonLog,
        dropBots: env.VOIX_ACCEPT_HEADLESS !== '1',
        rateLimiter: edgeRateLimiter(env),
        clientIp,
        ...overrides,
      });
      if (env.ASSETS) app.route('/', assetRoutes(env.ASSETS));
      built.set(env, (entry = { app, db }));
    }
    return entry;
  }

  return {
    async fetch(request, env, ctx) {
      let app: App;
      try {
        app = appFor(env).app;
      } catch (err) {
        if (!(err instanceof EdgeConfigError)) throw err;
        jsonLog({ level: 'error', msg: 'not configured', error: err.message });
        return Response.json(errorBody('internal', `Collector is not configured: ${err.message}`), { status: 500 });
      }
      return app.fetch(request, env, ctx);
    },

    /**
     * Cron trigger (`triggers.crons` in wrangler.jsonc), as node.ts's intervals: delivers due
     * webhooks, sends due invitations through the owner's webhooks (email through the email
     * webhook: Workers cannot open SMTP connections), and applies retention.
     */
    async scheduled(_controller, env, ctx) {
      const { db } = appFor(env);
      const log = env.VOIX_LOG === 'silent' ? undefined : jsonLog;
      const clock = overrides.clock ?? Date.now;
      ctx.waitUntil(
        Promise.allSettled([
          dispatchDue({ db, clock, log }),
          dispatchInvitations({
            db,
            clock,
            publicUrl: (env.PUBLIC_URL ?? '').replace(/\/+$/, ''),
            secret: env.VOIX_SECRET || undefined,
            emailWebhook: webhookFromEnv(env.VOIX_EMAIL_WEBHOOK_URL, env.VOIX_EMAIL_WEBHOOK_SECRET),
            smsWebhook: webhookFromEnv(env.VOIX_SMS_WEBHOOK_URL, env.VOIX_SMS_WEBHOOK_SECRET),
            log,
          }),
          purgeExpiredResponses(db, clock()),
        ]),
      );
    },
  };
}

export default createWorker();
