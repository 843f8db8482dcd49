import type { Context, MiddlewareHandler } from 'hono';
import { isbot } from 'isbot';
import type { AppEnv } from '../app.ts';
import { ApiError } from './errors.ts';
import { allowOrigin } from './cors.ts';

/**
 * Quietly drops bots and headless browsers from ingest (reference R16): they get the same 202
 * a browser gets, with `dropped: "bot"`, and nothing is written. Counted in /v1/health.
 */
export function dropBots(): MiddlewareHandler<AppEnv> {
  return async function dropBotsMiddleware(c, next) {
    if (!c.get('deps').dropBots) return next();
    const ua = c.req.header('user-agent') ?? '';
    if (ua === '' || isbot(ua) || /Headless|Lighthouse|PhantomJS|Puppeteer|Playwright/i.test(ua)) {
      c.set('outcome', { kind: 'dropped', reason: 'bot' });
      allowOrigin(c, c.req.header('origin'));
      c.header('X-Voix-Dropped', 'bot');
      return c.json({ dropped: 'bot' }, 202);
    }
    return next();
  };
}

/**
 * Applies the rate limiter to one ingest request once its site key is known.
 * Throws 429 with `Retry-After`; a failing limiter lets the request through (fails open).
 */
export async function enforceRateLimit(c: Context<AppEnv>, siteKey: string): Promise<void> {
  const { rateLimiter, visitors, clientIp, log } = c.get('deps');
  if (!rateLimiter) return;
  let wait = 0;
  try {
    wait = await rateLimiter.check(siteKey, () => visitors.hash(siteKey, clientIp(c) ?? 'unknown', c.req.header('user-agent') ?? ''));
  } catch (err) {
    log({ level: 'warn', msg: 'rate limiter failed; letting the request through', error: String(err) });
    return;
  }
  if (wait > 0) {
    allowOrigin(c, c.req.header('origin'));
    throw new ApiError(429, 'rate_limited', `Too many requests; retry in ${wait} s`, [{ path: 'body', message: 'Rate limit exceeded' }], {
      'Retry-After': String(wait),
    });
  }
}
