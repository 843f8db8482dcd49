import type { Context, MiddlewareHandler } from 'hono';

/**
 * CORS for the API. Preflights are answered for any origin (they carry no data); whether an
 * actual write is allowed is decided on the request itself, per site (`allowOrigin`), since
 * `text/plain` POSTs skip the preflight. Credentials are never allowed.
 */
export function corsPreflight(): MiddlewareHandler {
  return async function corsPreflightMiddleware(c, next) {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS') {
      if (origin) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization, If-None-Match');
        c.header('Access-Control-Max-Age', '7200');
        c.header('Vary', 'Origin');
      }
      return c.body(null, 204);
    }
    await next();
  };
}

/** Echoes the origin on a response the origin is entitled to read. */
export function allowOrigin(c: Context, origin: string | undefined): void {
  if (!origin) return;
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', 'ETag, Retry-After, X-Request-Id');
  c.header('Vary', 'Origin');
}
