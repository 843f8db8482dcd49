import { Hono } from 'hono';
import { DEFAULT_DETRACTOR_THRESHOLDS, LIMITS, WebhookEndpointInput, type WebhookEndpoint, type WebhookEvent } from '@voix/shared';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, type WebhookEndpointRow } from '../db/webhooks.ts';
import { requireSecretKey } from '../http/auth.ts';
import { limitBody, readJson } from '../http/body.ts';
import { ApiError, validationError } from '../http/errors.ts';
import type { AppEnv } from '../app.ts';

/**
 * Webhook endpoints of the key's site (admin-scoped secret key). The signing secret is returned
 * once, at creation.
 */
export const webhookRoutes = new Hono<AppEnv>();
const auth = requireSecretKey('admin');

export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  const events: WebhookEvent[] = [];
  if (row.onCreated) events.push('response.created');
  if (row.onDetractor) events.push('response.detractor');
  return {
    id: row.id,
    url: row.url,
    events,
    format: row.format,
    detractorThresholds: { nps: row.detractorNps, csat: row.detractorCsat, ces: row.detractorCes },
    secretPrefix: `${row.secret.slice(0, 10)}…`,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

const notFound = (id: string) => new ApiError(404, 'not_found', `No webhook endpoint ${id.slice(0, 60)} for this site`, [{ path: 'id', message: 'Unknown webhook endpoint' }]);

webhookRoutes.post('/webhooks', auth, limitBody(LIMITS.adminBodyBytes), async (c) => {
  const parsed = WebhookEndpointInput.safeParse(await readJson(c));
  if (!parsed.success) throw validationError(parsed.error);
  const { deps, site } = c.var;
  const row = await createEndpoint(deps.db, {
    siteId: site!.id,
    url: parsed.data.url,
    format: parsed.data.format,
    events: parsed.data.events,
    detractorThresholds: { ...DEFAULT_DETRACTOR_THRESHOLDS, ...parsed.data.detractorThresholds },
    now: deps.clock(),
  });
  return c.json({ ...toWebhookEndpoint(row), secret: row.secret }, 201);
});

webhookRoutes.get('/webhooks', auth, async (c) => {
  const rows = await listEndpoints(c.var.deps.db, c.var.site!.id);
  return c.json({ data: rows.map(toWebhookEndpoint) });
});

webhookRoutes.delete('/webhooks/:id', auth, async (c) => {
  const id = c.req.param('id');
  if (!(await deleteEndpoint(c.var.deps.db, c.var.site!.id, id))) throw notFound(id);
  return c.body(null, 204);
});

webhookRoutes.get('/webhooks/:id/deliveries', auth, async (c) => {
  const id = c.req.param('id');
  const { db } = c.var.deps;
  if (!(await listEndpoints(db, c.var.site!.id)).some((e) => e.id === id)) throw notFound(id);
  const rows = await listDeliveries(db, c.var.site!.id, id);
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return c.json({
    data: rows.map((d) => ({
      id: d.id,
      event: d.event,
      responseId: d.responseId,
      attempts: d.attempts,
      status: d.deliveredAt !== null ? 'delivered' : d.failedAt !== null ? 'failed' : 'pending',
      nextAttemptAt: d.deliveredAt === null && d.failedAt === null ? iso(d.nextAttemptAt) : null,
      deliveredAt: iso(d.deliveredAt),
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      createdAt: iso(d.createdAt)!,
    })),
  });
});
