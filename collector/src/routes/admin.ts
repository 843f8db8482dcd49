import { Hono } from 'hono';
import { LIMITS } from '@voix/shared';
import { applyConfig, findSiteByKey, findSiteBySecret } from '../db/sites.ts';
import { bearerToken } from '../http/auth.ts';
import { limitBody, readJson } from '../http/body.ts';
import { allowOrigin } from '../http/cors.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { timingSafeEqual } from '../keys.ts';
import type { AppEnv } from '../app.ts';

/**
 * Admin API: config as code. Authorised by the instance admin token (`VOIX_ADMIN_TOKEN`, any
 * site) or by the site's own admin-scoped secret key.
 */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.put('/sites/:siteKey/config', limitBody(LIMITS.adminBodyBytes), async (c) => {
  allowOrigin(c, c.req.header('origin'));
  const { db, adminToken, clock } = c.var.deps;
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new ApiError(401, 'unauthorized', 'Send "Authorization: Bearer <admin token or sk_ key>"', [{ path: 'Authorization', message: 'Missing bearer token' }]);
  const site = await findSiteByKey(db, c.req.param('siteKey'));
  let allowed = !!adminToken && timingSafeEqual(token, adminToken);
  if (!allowed && site) {
    const owner = await findSiteBySecret(db, token);
    allowed = owner?.site.id === site.id && owner.scope === 'admin';
  }
  if (!allowed) throw new ApiError(401, 'unauthorized', 'Not an admin token or admin key for this site', [{ path: 'Authorization', message: 'Not authorised' }]);
  if (!site) throw new ApiError(404, 'unknown_site', 'Unknown site key', [{ path: 'siteKey', message: 'Unknown site key' }]);
  const result = await applyConfig(db, site, await readJson(c), clock());
  if (!result.ok) throw validationError(result.error);
  return c.json({ siteKey: site.siteKey, version: result.version, moments: result.config.moments.length });
});
