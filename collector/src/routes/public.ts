import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { DisplayPayload, LIMITS, ResponsePayload, SCALES, SiteConfig, isInScale, type Moment, type PublicSiteConfig } from '@voix/shared';
import { siteConfigOf } from '../db/sites.ts';
import { recordDisplay, recordResponse } from '../db/responses.ts';
import type { Site } from '../db/types.ts';
import { limitBody, readJson } from '../http/body.ts';
import { allowOrigin } from '../http/cors.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { dropBots, enforceRateLimit } from '../http/guard.ts';
import { countIngest } from '../http/stats.ts';
import { publishIfWatched } from './stream.ts';
import type { AppEnv } from '../app.ts';

/**
 * Public routes, called by the widget with the site key: config, displays, responses.
 * Writes are accepted only from the site's allowed origins, checked on the request itself.
 */
export const publicRoutes = new Hono<AppEnv>();

// Ingest order: accounting first (every request counted once), bots, size limit, then parsing.

export async function siteOrThrow(c: { var: AppEnv['Variables'] }, siteKey: string): Promise<Site> {
  const site = await c.var.deps.sites.get(siteKey);
  if (!site) throw new ApiError(404, 'unknown_site', `No site with key ${siteKey}`, [{ path: 'siteKey', message: 'Unknown site key' }]);
  return site;
}

export function checkOrigin(site: Site, origin: string | undefined, required: boolean): void {
  if (!origin) {
    if (!required) return;
    throw new ApiError(403, 'forbidden_origin', 'Writes must come from a browser on one of the site’s allowed origins', [
      { path: 'Origin', message: 'Missing Origin header' },
    ]);
  }
  if (!site.origins.includes(origin)) {
    throw new ApiError(403, 'forbidden_origin', `Origin ${origin.slice(0, 200)} is not allowed for this site`, [
      { path: 'Origin', message: 'Origin not in the site’s allowed origins' },
    ]);
  }
}

/** True when the site honours Do Not Track / Global Privacy Control and the browser sends it. */
export function optedOut(site: Site, header: (name: string) => string | undefined): boolean {
  return !!siteConfigOf(site)?.privacy?.respectDoNotTrack && (header('sec-gpc') === '1' || header('dnt') === '1');
}

/**
 * Contact details given to `voix('identify')` (for invitations by email or SMS) are not answer
 * attributes: they are never stored with a response.
 */
const CONTACT_KEYS = new Set(['email', 'phone', 'preferredChannel']);
function withoutContact<T extends Record<string, unknown>>(attributes: T | null | undefined): T | null {
  if (!attributes) return null;
  const kept = Object.fromEntries(Object.entries(attributes).filter(([k]) => !CONTACT_KEYS.has(k))) as T;
  return Object.keys(kept).length > 0 ? kept : null;
}

export function momentOrThrow(site: Site, momentId: string): Moment {
  const moment = siteConfigOf(site)?.moments.find((m) => m.id === momentId);
  if (!moment) throw new ApiError(400, 'unknown_moment', `No moment "${momentId}" in this site’s config`, [{ path: 'momentId', message: 'Unknown moment' }]);
  return moment;
}

publicRoutes.get('/sites/:siteKey/config', async (c) => {
  const site = await siteOrThrow(c, c.req.param('siteKey'));
  const origin = c.req.header('origin');
  checkOrigin(site, origin, false);
  allowOrigin(c, origin);
  const config = siteConfigOf(site);
  const etag = `"v${site.configVersion}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', 'no-cache');
  if (c.req.header('if-none-match')?.split(/\s*,\s*/).includes(etag)) return c.body(null, 304);
  const body: PublicSiteConfig = config
    ? { ...config, siteKey: site.siteKey, version: site.configVersion }
    : { ...SiteConfig.parse({ brand: site.name, moments: [] }), siteKey: site.siteKey, version: 0 };
  return c.json(body);
});

/**
 * The steps every public write shares (displays, responses, invitation requests): parse the raw
 * body with the shared schema, rate-limit, find the site, check the Origin, honour Do Not Track.
 * Returns the payload and its site, or the quiet 202 to answer when the customer opted out.
 */
export async function admit<T extends { siteKey: string }>(
  c: Context<AppEnv>,
  schema: z.ZodType<T>,
): Promise<{ data: T; site: Site; dropped?: undefined } | { dropped: Response }> {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw validationError(parsed.error);
  const data = parsed.data;
  await enforceRateLimit(c, data.siteKey);
  const site = await siteOrThrow(c, data.siteKey);
  const origin = c.req.header('origin');
  checkOrigin(site, origin, true);
  allowOrigin(c, origin);
  if (optedOut(site, (h) => c.req.header(h))) {
    c.set('outcome', { kind: 'dropped', reason: 'do_not_track' });
    return { dropped: c.json({ dropped: 'do_not_track' }, 202) };
  }
  return { data, site };
}

publicRoutes.post('/displays', countIngest('displays'), dropBots(), limitBody(LIMITS.ingestBodyBytes), async (c) => {
  const admitted = await admit(c, DisplayPayload);
  if (admitted.dropped) return admitted.dropped;
  const { data: d, site } = admitted;
  momentOrThrow(site, d.momentId);
  const { duplicate } = await recordDisplay(c.var.deps.db, { siteId: site.id, ...d, now: c.var.deps.clock() });
  c.set('outcome', { kind: duplicate ? 'duplicate' : 'stored' });
  return c.json({ id: d.id, duplicate }, 202);
});

publicRoutes.post('/responses', countIngest('responses'), dropBots(), limitBody(LIMITS.ingestBodyBytes), async (c) => {
  const admitted = await admit(c, ResponsePayload);
  if (admitted.dropped) return admitted.dropped;
  const { data: r, site } = admitted;
  const moment = momentOrThrow(site, r.momentId);
  if (!isInScale(moment.metric, r.score)) {
    const { min, max } = SCALES[moment.metric];
    throw new ApiError(400, 'score_out_of_scale', `Score ${r.score} is outside the ${moment.metric.toUpperCase()} scale ${min}–${max}`, [
      { path: 'score', message: `Expected an integer from ${min} to ${max}` },
    ]);
  }
  const deps = c.get('deps');
  const { duplicate } = await recordResponse(deps.db, {
    siteId: site.id,
    id: r.id,
    moment,
    score: r.score,
    comment: r.comment ?? null,
    anonymousId: r.anonymousId,
    userId: r.userId ?? null,
    locale: r.locale ?? null,
    channel: r.channel,
    attributes: withoutContact(r.attributes),
    now: deps.clock(),
  });
  c.set('outcome', { kind: duplicate ? 'duplicate' : 'stored' });
  // Live dashboards (GET /v1/stream) hear of each new answer, only when someone listens.
  if (!duplicate) await publishIfWatched(deps, site.siteKey, r.id);
  return c.json({ id: r.id, duplicate }, 202);
});
