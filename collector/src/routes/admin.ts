import { Hono } from 'hono';
import { LIMITS, SiteConfig } from '@voix/shared';
import { z } from 'zod';
import { applyConfig, createSite, findSiteByKey, findSiteBySecret, normalizeOrigin } from '../db/sites.ts';
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
  c.var.deps.sites.forget(site.siteKey);
  return c.json({ siteKey: site.siteKey, version: result.version, moments: result.config.moments.length });
});

const CreateSite = z.object({
  name: z.string().trim().min(1).max(100),
  origins: z
    .array(
      z.string().max(300).refine((o) => {
        try {
          normalizeOrigin(o);
          return true;
        } catch {
          return false;
        }
      }, 'Expected an http(s) origin such as https://shop.example'),
    )
    .min(1)
    .max(50),
  config: z.unknown().optional(),
});

/** Creates a site (instance admin token only); the secret key is in this response and nowhere else. */
adminRoutes.post('/sites', limitBody(LIMITS.adminBodyBytes), async (c) => {
  allowOrigin(c, c.req.header('origin'));
  const { db, adminToken, clock } = c.var.deps;
  const token = bearerToken(c.req.header('authorization'));
  if (!token || !adminToken || !timingSafeEqual(token, adminToken)) {
    throw new ApiError(401, 'unauthorized', 'Creating sites needs the instance admin token (VOIX_ADMIN_TOKEN)', [{ path: 'Authorization', message: 'Not the admin token' }]);
  }
  const parsed = CreateSite.safeParse(await readJson(c));
  if (!parsed.success) throw validationError(parsed.error);
  // Validate the config before creating anything, so a refused request leaves no half-made site.
  if (parsed.data.config !== undefined) {
    const checked = SiteConfig.safeParse(parsed.data.config);
    if (!checked.success) throw validationError(checked.error, ['config']);
  }
  const created = await createSite(db, { name: parsed.data.name, origins: parsed.data.origins, now: clock() });
  let configVersion = 0;
  if (parsed.data.config !== undefined) {
    const applied = await applyConfig(db, created.site, parsed.data.config, clock());
    if (applied.ok) configVersion = applied.version;
  }
  return c.json({ siteKey: created.siteKey, secretKey: created.secretKey, origins: created.site.origins, configVersion }, 201);
});
