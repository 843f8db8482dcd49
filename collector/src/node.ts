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
import { ensureDemoSite } from './demo.ts';
import { openDatabase } from './node/db.ts';
import { staticRoutes } from './node/static.ts';
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
});
app.route(
  '/',
  staticRoutes({
    widgetDir: fileURLToPath(new URL('../../widget/dist', import.meta.url)),
    demoDir: fileURLToPath(new URL('../../demo/dist', import.meta.url)),
    demo: demo && { siteKey: demo.site.siteKey, publicUrl },
  }),
);

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
  lines.push('', `  API docs     README.md#api · health ${publicUrl}/v1/health`, '');
  console.log(lines.join('\n'));
});

function shutdown(signal: string) {
  console.log(JSON.stringify({ level: 'info', msg: 'shutdown', signal }));
  server.close(() => {
    client.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
