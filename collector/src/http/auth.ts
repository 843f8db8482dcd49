import type { MiddlewareHandler } from 'hono';
import { findSiteBySecret } from '../db/sites.ts';
import { SECRET_KEY_PATTERN } from '../keys.ts';
import { ApiError } from './errors.ts';
import { allowOrigin } from './cors.ts';
import type { AppEnv } from '../app.ts';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, [{ path: 'Authorization', message }], { 'WWW-Authenticate': 'Bearer' });

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Read API authentication: `Authorization: Bearer sk_…`. The key decides the site; a public
 * site key, an unknown or a revoked key is a 401. Read responses are readable from any origin
 * (the key is the credential; no cookies are ever involved).
 */
export function requireSecretKey(scope: 'read' | 'admin' = 'read'): MiddlewareHandler<AppEnv> {
  return async function requireSecretKeyMiddleware(c, next) {
    allowOrigin(c, c.req.header('origin'));
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw unauthorized('Send the secret key as "Authorization: Bearer sk_…"');
    if (!SECRET_KEY_PATTERN.test(token)) throw unauthorized('Not a secret key (expected "sk_…"; the public "pk_…" key cannot read)');
    const found = await findSiteBySecret(c.var.deps.db, token);
    if (!found) throw unauthorized('Unknown or revoked secret key');
    if (scope === 'admin' && found.scope !== 'admin') {
      throw new ApiError(403, 'forbidden', 'This key is read-only', [{ path: 'Authorization', message: 'Read-only key' }]);
    }
    c.set('site', found.site);
    await next();
  };
}
