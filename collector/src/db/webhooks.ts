import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { WebhookEvent } from '@voix/shared';
import { responses, webhookDeliveries, webhookEndpoints } from './schema.ts';
import type { Db } from './types.ts';

/**
 * Webhook endpoints and their outbox (`webhook_deliveries`). Rows are queued in the response's
 * own batch (`enqueueWebhooks`), leased by the dispatcher (`leaseDue`) so two dispatchers never
 * post the same row at once, then marked delivered (final) or rescheduled.
 */
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/**
 * Queues one delivery per matching endpoint and event for each response in `sent` whose
 * `(site_id, id)` is not stored yet: one statement for a whole group. `sent` is a `with` table
 * (db/json-rows.ts) named `sent` with columns `site_id, id, metric, score, created_at`, ids
 * distinct. Batch it before the insert.
 */
export function enqueueWebhooks(db: Db, sent: SQL) {
  return db.run(sql`with ${sent}
    insert into webhook_deliveries (id, site_id, endpoint_id, event, response_id, attempts, next_attempt_at, created_at)
    select 'msg_' || lower(hex(randomblob(16))), e.site_id, e.id, ev.event, s.id, 0, s.created_at, s.created_at
    from sent s
      join webhook_endpoints e on e.site_id = s.site_id
      cross join (select 'response.created' as event union all select 'response.detractor') as ev
    where not exists (select 1 from responses where site_id = s.site_id and id = s.id)
      and ((ev.event = 'response.created' and e.on_created = 1)
        or (ev.event = 'response.detractor' and e.on_detractor = 1
            and s.score <= (case s.metric when 'nps' then e.detractor_nps when 'csat' then e.detractor_csat else e.detractor_ces end)))`);
}

const randomHex = (bytes: number) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export const newWebhookSecret = () => `whsec_${base64(crypto.getRandomValues(new Uint8Array(32)))}`;

export interface NewEndpoint {
  siteId: number;
  url: string;
  format: 'standard' | 'slack';
  events: WebhookEvent[];
  detractorThresholds: { nps: number; csat: number; ces: number };
  now: number;
}

export async function createEndpoint(db: Db, e: NewEndpoint): Promise<WebhookEndpointRow> {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id: `wh_${randomHex(12)}`,
      siteId: e.siteId,
      url: e.url,
      format: e.format,
      onCreated: e.events.includes('response.created'),
      onDetractor: e.events.includes('response.detractor'),
      detractorNps: e.detractorThresholds.nps,
      detractorCsat: e.detractorThresholds.csat,
      detractorCes: e.detractorThresholds.ces,
      secret: newWebhookSecret(),
      createdAt: e.now,
    })
    .returning();
  return row!;
}

export function listEndpoints(db: Db, siteId: number): Promise<WebhookEndpointRow[]> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.siteId, siteId)).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

/** Deletes an endpoint of the site and its pending deliveries; false when there is none. */
export async function deleteEndpoint(db: Db, siteId: number, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.siteId, siteId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

export function listDeliveries(db: Db, siteId: number, endpointId: string, limit = 100): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.siteId, siteId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

export interface DueDelivery {
  delivery: WebhookDeliveryRow;
  endpoint: WebhookEndpointRow;
  response: typeof responses.$inferSelect | undefined;
}

/**
 * Leases up to `limit` due deliveries for `leaseMs` (one UPDATE … RETURNING, so concurrent
 * dispatchers never take the same row) and loads their endpoint and response.
 */
export async function leaseDue(db: Db, now: number, limit: number, leaseMs: number): Promise<DueDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        isNull(webhookDeliveries.deliveredAt),
        isNull(webhookDeliveries.failedAt),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
  const leased = await db
    .update(webhookDeliveries)
    .set({ leaseUntil: now + leaseMs, attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(and(inArray(webhookDeliveries.id, due), isNull(webhookDeliveries.deliveredAt)))
    .returning();
  if (leased.length === 0) return [];
  const endpoints = await db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, [...new Set(leased.map((d) => d.endpointId))]));
  const out: DueDelivery[] = [];
  for (const d of leased) {
    const endpoint = endpoints.find((e) => e.id === d.endpointId);
    if (!endpoint) continue;
    const [response] = await db
      .select()
      .from(responses)
      .where(and(eq(responses.siteId, d.siteId), eq(responses.id, d.responseId)))
      .limit(1);
    out.push({ delivery: d, endpoint, response });
  }
  return out;
}

export async function markDelivered(db: Db, id: string, now: number, status: number): Promise<void> {
  await db.update(webhookDeliveries).set({ deliveredAt: now, leaseUntil: null, lastStatus: status, lastError: null }).where(eq(webhookDeliveries.id, id));
}

export async function markFailed(db: Db, id: string, o: { nextAttemptAt: number | null; now: number; status: number | null; error: string }): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      leaseUntil: null,
      lastStatus: o.status,
      lastError: o.error.slice(0, 500),
      ...(o.nextAttemptAt === null ? { failedAt: o.now } : { nextAttemptAt: o.nextAttemptAt }),
    })
    .where(and(eq(webhookDeliveries.id, id), isNull(webhookDeliveries.deliveredAt)));
}
