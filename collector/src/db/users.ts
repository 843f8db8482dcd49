import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { SiteConfig, StoredResponse } from '@voix/shared';
import { unbumpResponseRollups } from './rollups.ts';
import { toStoredResponse } from './responses.ts';
import { customerChannels, invitations, responses, sites, webhookDeliveries } from './schema.ts';
import type { Db } from './types.ts';

/**
 * A customer's data, for GDPR access and erasure requests (`voix users export|delete`, and
 * `GET|DELETE /v1/users/{userId}`): the responses given under their user id and the invitations
 * addressed to them (which hold their email or phone), and the channel they prefer.
 */
export interface UserExport {
  userId: string;
  /** The channel they chose or the site gave for them (`inpage`, `email`, `sms`); null when none. */
  preferredChannel: string | null;
  responses: StoredResponse[];
  invitations: Array<{ id: string; momentId: string; channel: string; status: string; email: string | null; phone: string | null; createdAt: string }>;
}

export async function exportUser(db: Db, siteId: number, userId: string): Promise<UserExport> {
  const rows = await db.select().from(responses).where(and(eq(responses.siteId, siteId), eq(responses.userId, userId))).orderBy(responses.createdAt);
  const invites = await db.select().from(invitations).where(and(eq(invitations.siteId, siteId), eq(invitations.userId, userId))).orderBy(invitations.createdAt);
  const [preference] = await db.select().from(customerChannels).where(and(eq(customerChannels.siteId, siteId), eq(customerChannels.userId, userId)));
  return {
    userId,
    preferredChannel: preference?.preferredChannel ?? null,
    responses: rows.map(toStoredResponse),
    invitations: invites.map((i) => ({
      id: i.id,
      momentId: i.momentId,
      channel: i.channel,
      status: i.status,
      email: i.email,
      phone: i.phone,
      createdAt: new Date(i.createdAt).toISOString(),
    })),
  };
}

/**
 * Erases a customer: their responses (and the rollup counts and pending webhook deliveries that
 * came from them), their invitations and their preferred channel, in one atomic batch. Scores computed afterwards no longer
 * include them, whether read from rollups or from raw responses.
 */
export async function deleteUser(db: Db, siteId: number, userId: string): Promise<{ responses: number; invitations: number }> {
  const mine = sql`r.site_id = ${siteId} and r.user_id = ${userId}`;
  const ids = (await db.select({ id: responses.id }).from(responses).where(and(eq(responses.siteId, siteId), eq(responses.userId, userId)))).map((r) => r.id);
  const [, , , , deleted, deletedInvites] = await db.batch([
    ...(unbumpResponseRollups(db, siteId, mine) as [ReturnType<Db['run']>, ReturnType<Db['run']>, ReturnType<Db['run']>]),
    ids.length > 0
      ? db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.siteId, siteId), inArray(webhookDeliveries.responseId, ids)))
      : db.run(sql`select 1`),
    db.delete(responses).where(and(eq(responses.siteId, siteId), eq(responses.userId, userId))).returning({ id: responses.id }),
    db.delete(invitations).where(and(eq(invitations.siteId, siteId), eq(invitations.userId, userId))).returning({ id: invitations.id }),
    db.delete(customerChannels).where(and(eq(customerChannels.siteId, siteId), eq(customerChannels.userId, userId))),
  ]);
  return { responses: deleted.length, invitations: deletedInvites.length };
}

/**
 * Retention (config `privacy.retentionDays`): deletes each site's responses older than its
 * retention, with their rollup counts, so every score is computed over retained answers only.
 * Run by the Node entry once an hour (and by a Workers cron).
 */
export async function purgeExpiredResponses(db: Db, now: number): Promise<{ siteId: number; responses: number }[]> {
  const out: { siteId: number; responses: number }[] = [];
  for (const site of await db.select({ id: sites.id, config: sites.config }).from(sites)) {
    const days = (site.config as SiteConfig | null)?.privacy?.retentionDays;
    if (!days) continue;
    const cutoff = now - days * 86_400_000;
    const old = sql`r.site_id = ${site.id} and r.created_at < ${cutoff}`;
    const ids = (await db.select({ id: responses.id }).from(responses).where(and(eq(responses.siteId, site.id), lt(responses.createdAt, cutoff)))).map((r) => r.id);
    if (ids.length === 0) continue;
    const [, , , , deleted] = await db.batch([
      ...(unbumpResponseRollups(db, site.id, old) as [ReturnType<Db['run']>, ReturnType<Db['run']>, ReturnType<Db['run']>]),
      db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.siteId, site.id), inArray(webhookDeliveries.responseId, ids))),
      db.delete(responses).where(and(eq(responses.siteId, site.id), lt(responses.createdAt, cutoff))).returning({ id: responses.id }),
    ]);
    out.push({ siteId: site.id, responses: deleted.length });
  }
  return out;
}
