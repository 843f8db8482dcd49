/**
 * Node entry: `npm start`. Opens the libSQL database (embedded file by default), applies
 * migrations, creates the demo site on first start and serves the API, the widget, the demo
 * shop and the dashboard on one port.
 */
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { createApp, jsonLog } from './app.ts';
import { dispatchDue } from './webhooks/dispatch.ts';
import { purgeExpiredResponses } from './db/users.ts';
import { ensureDemoSite } from './demo.ts';
import { openDatabase } from './node/db.ts';
import { staticRoutes } from './node/static.ts';
import { dispatchInvitations, webhookFromEnv } from './invitations/dispatch.ts';
import { instanceSecret } from './invitations/secret.ts';
import { smtpSender } from './node/mail.ts';
import { promptChunkFinder } from './node/prompt-chunk.ts';
import { DEFAULT_RATE_LIMITS, memoryRateLimiter } from './http/rate-limit.ts';

const env = process.env;
const port = Number(env.PORT ?? 8787);
const databaseUrl = env.DATABASE_URL ?? 'file:data/voix.db';
const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
const demoEnabled = env.VOIX_DEMO !== '0';
const quiet = env.VOIX_LOG === 'silent';

const { db, client } = await openDatabase({
  url: databaseUrl,
  authToken: env.DATABASE_AUTH_TOKEN,
  synchronous: env.VOIX_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL',
  writeThread: env.VOIX_WRITE_THREAD !== '0',
});

const demo = demoEnabled
  ? await ensureDemoSite(db, {
      origins: [publicUrl, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
      now: Date.now(),
      siteKey: env.VOIX_DEMO_SITE_KEY,
      secretKey: env.VOIX_DEMO_SECRET_KEY,
    })
  : undefined;

const perMinute = (name: string, fallback: number) => (env[name] === undefined ? fallback : Math.max(0, Number(env[name]) || 0));
const trustProxy = env.VOIX_TRUST_PROXY === '1';
/** The socket's address; `X-Forwarded-For` only behind a trusted reverse proxy. */
function clientIp(c: Context): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return getConnInfo(c).remote.address;
}

const app = createApp({
  db,
  adminToken: env.VOIX_ADMIN_TOKEN,
  log: quiet ? () => {} : jsonLog,
  dropBots: env.VOIX_ACCEPT_HEADLESS !== '1',
  rateLimiter: memoryRateLimiter({
    perVisitorPerMinute: perMinute('VOIX_RATE_LIMIT_VISITOR', DEFAULT_RATE_LIMITS.perVisitorPerMinute),
    perSitePerMinute: perMinute('VOIX_RATE_LIMIT_SITE', DEFAULT_RATE_LIMITS.perSitePerMinute),
  }),
  clientIp,
  secret: env.VOIX_SECRET || undefined,
  promptScript: promptChunkFinder(fileURLToPath(new URL('../../widget/dist', import.meta.url))),
});
app.route(
  '/',
  staticRoutes({
    widgetDir: fileURLToPath(new URL('../../widget/dist', import.meta.url)),
    demoDir: fileURLToPath(new URL('../../demo/dist', import.meta.url)),
    demo: demo && { siteKey: demo.site.siteKey, publicUrl },
  }),
);

// --- Background work ---------------------------------------------------------------------------
/** Runs `task` every `ms` (0 turns it off), one run at a time in this process, logging failures. */
function every(name: string, ms: number, task: () => Promise<unknown>): NodeJS.Timeout | undefined {
  if (!(ms > 0)) return undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((err) => console.error(JSON.stringify({ level: 'error', msg: `${name} failed`, error: String(err) })))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return timer;
}

// Links in invitations are signed with VOIX_SECRET, else with a secret generated into the
// database on first start (docs/channels.md).
await instanceSecret(db, env.VOIX_SECRET || undefined);
const invitationDeps = {
  db,
  clock: Date.now,
  publicUrl,
  secret: env.VOIX_SECRET || undefined,
  sendEmail: env.SMTP_URL ? smtpSender(env.SMTP_URL, env.SMTP_FROM || `Voix <voix@${new URL(publicUrl).hostname}>`) : undefined,
  emailWebhook: webhookFromEnv(env.VOIX_EMAIL_WEBHOOK_URL, env.VOIX_EMAIL_WEBHOOK_SECRET),
  smsWebhook: webhookFromEnv(env.VOIX_SMS_WEBHOOK_URL, env.VOIX_SMS_WEBHOOK_SECRET),
  log: quiet ? undefined : jsonLog,
};
// Rows are leased or claimed atomically, so several processes on one database never send the
// same webhook or invitation twice. On Workers, the cron trigger calls the same functions.
const timers = [
  // Webhook outbox (issue #5), every VOIX_WEBHOOK_INTERVAL_MS (default 5 s).
  every('webhook dispatch', Number(env.VOIX_WEBHOOK_INTERVAL_MS ?? 5000), () => dispatchDue({ db, clock: Date.now, log: quiet ? undefined : jsonLog })),
  // Due invitations by email (SMTP_URL, SMTP_FROM) or SMS webhook (issue #7), every VOIX_DISPATCH_INTERVAL_MS (default 30 s).
  every('invitation dispatch', Number(env.VOIX_DISPATCH_INTERVAL_MS ?? 30_000), () => dispatchInvitations(invitationDeps)),
  // Retention (config privacy.retentionDays), every VOIX_RETENTION_INTERVAL_MS (default 1 h).
  every('retention purge', Number(env.VOIX_RETENTION_INTERVAL_MS ?? 3_600_000), () => purgeExpiredResponses(db, Date.now())),
];
// -------------------------------------------------------------------------------------------------

// `npm run bench:ingest` measures ingest beside this bare route on the same server (the ceiling).
const ceiling = env.VOIX_BENCH_CEILING === '1' ? new Hono().post('/bench/ceiling', (c) => c.body(null, 202)) : undefined;
const fetchHandler = ceiling
  ? (req: Request) => (new URL(req.url).pathname === '/bench/ceiling' ? ceiling.fetch(req) : app.fetch(req))
  : app.fetch;

const server = serve({ fetch: fetchHandler, port }, () => {
  const lines = [
    '',
    `  Voix collector listening on ${publicUrl}  (database: ${databaseUrl.replace(/authToken=[^&]+/, 'authToken=…')})`,
  ];
  if (demo) {
    lines.push(
      '',
      `  Demo shop    ${publicUrl}/demo/`,
      `  Dashboard    ${publicUrl}/demo/dashboard.html${demo.secretKey ? `#key=${demo.secretKey}` : ''}`,
      `  Site key     ${demo.site.siteKey}`,
      demo.secretKey
        ? `  Secret key   ${demo.secretKey}   (shown once: keep it; it is stored hashed)`
        : `  Secret key   shown on first start only; get a new one with: npx voix keys rotate --site ${demo.site.siteKey}`,
    );
  }
  lines.push('', `  API docs     ${publicUrl}/docs · OpenAPI ${publicUrl}/v1/openapi.json · health ${publicUrl}/v1/health`, '');
  console.log(lines.join('\n'));
});

function shutdown(signal: string) {
  console.log(JSON.stringify({ level: 'info', msg: 'shutdown', signal }));
  for (const t of timers) if (t) clearInterval(t);
  server.close(() => {
    client.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
