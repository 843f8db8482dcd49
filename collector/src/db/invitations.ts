import { and, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { after, isValidCursor, newestFirst, pageOf } from './cursor.ts';
import type { InvitationStatus, InvitationsQuery, StoredInvitation } from '@voix/shared';
import { invitations, responses } from './schema.ts';
import type { Db } from './types.ts';

/**
 * Invitations and their outbox (issue #7). Rows are created by the public request endpoint or the
 * owner's backend, claimed by the dispatcher in one `UPDATE … RETURNING` (so two dispatchers never
 * take the same row), then marked sent (final), rescheduled or failed; answering marks them used.
 */
export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitation = typeof invitations.$inferInsert;

/** A pending or sent invitation past its expiry is `expired`, whatever was stored. */
export function effectiveStatus(row: Pick<InvitationRow, 'status' | 'expiresAt'>, now: number): InvitationStatus {
  return (row.status === 'pending' || row.status === 'sent') && row.expiresAt <= now ? 'expired' : row.status;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toStoredInvitation(row: InvitationRow, now: number): StoredInvitation {
  return {
    id: row.id,
    momentId: row.momentId,
    channel: row.channel,
    status: effectiveStatus(row, now),
    source: row.source,
    userId: row.userId,
    anonymousId: row.anonymousId,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    attempts: row.attempts,
    lastError: row.lastError,
    sendAt: iso(row.sendAt)!,
    sentAt: iso(row.sentAt),
    answeredAt: iso(row.answeredAt),
    expiresAt: iso(row.expiresAt)!,
    responseId: row.responseId,
    createdAt: iso(row.createdAt)!,
  };
}

/** Inserts once per `(site, requestId)`; a repeat returns the stored row. */
export async function insertInvitation(db: Db, row: NewInvitation): Promise<{ row: InvitationRow; duplicate: boolean }> {
  const [inserted] = await db.insert(invitations).values(row).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, duplicate: false };
  const [existing] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.siteId, row.siteId), eq(invitations.requestId, row.requestId)));
  if (!existing) throw new Error('Invitation insert conflicted on an unknown key');
  return { row: existing, duplicate: true };
}

export async function findByRequest(db: Db, siteId: number, requestId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(and(eq(invitations.siteId, siteId), eq(invitations.requestId, requestId)));
  return row;
}

/** True when this customer (same user id, email or phone) was invited to this moment since `since`. */
export async function invitedSince(
  db: Db,
  i: { siteId: number; momentId: string; userId?: string | null; email?: string | null; phone?: string | null; since: number },
): Promise<boolean> {
  const who: SQL[] = [];
  if (i.userId) who.push(eq(invitations.userId, i.userId));
  if (i.email) who.push(eq(invitations.email, i.email));
  if (i.phone) who.push(eq(invitations.phone, i.phone));
  if (who.length === 0) return false;
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.siteId, i.siteId), eq(invitations.momentId, i.momentId), sql`${invitations.createdAt} >= ${i.since}`, or(...who)))
    .limit(1);
  return !!row;
}

export async function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  return row;
}

/** Pending invitations past their expiry are never sent: marked `expired`. */
export async function expireOverdue(db: Db, now: number): Promise<number> {
  const rows = await db
    .update(invitations)
    .set({ status: 'expired', updatedAt: now })
    .where(and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, now)))
    .returning({ id: invitations.id });
  return rows.length;
}

/**
 * A row still `sending` after its lease was interrupted mid-send (a crash): it may or may not
 * have left, so it is marked `failed` rather than sent again (nothing is ever sent twice).
 */
export async function failInterrupted(db: Db, now: number): Promise<number> {
  const rows = await db
    .update(invitations)
    .set({ status: 'failed', leaseUntil: null, lastError: 'Interrupted while sending; not retried so that it is never sent twice', updatedAt: now })
    .where(and(eq(invitations.status, 'sending'), lte(invitations.leaseUntil, now)))
    .returning({ id: invitations.id });
  return rows.length;
}

/** Claims up to `limit` due pending invitations (`sending`, leased, one attempt more), atomically. */
export async function claimDue(db: Db, now: number, limit: number, leaseMs: number): Promise<InvitationRow[]> {
  const due = db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.status, 'pending'), lte(invitations.sendAt, now)))
    .orderBy(invitations.sendAt)
    .limit(limit);
  return db
    .update(invitations)
    .set({ status: 'sending', leaseUntil: now + leaseMs, attempts: sql`${invitations.attempts} + 1`, updatedAt: now })
    .where(and(inArray(invitations.id, due), eq(invitations.status, 'pending')))
    .returning();
}

export async function markSent(db: Db, id: string, now: number): Promise<void> {
  await db
    .update(invitations)
    .set({ status: 'sent', sentAt: now, leaseUntil: null, lastError: null, updatedAt: now })
    .where(and(eq(invitations.id, id), eq(invitations.status, 'sending')));
}

/** Back to `pending` for a later attempt, or `failed` when `nextAt` is null. */
export async function markUnsent(db: Db, id: string, o: { now: number; nextAt: number | null; error: string }): Promise<void> {
  await db
    .update(invitations)
    .set({
      status: o.nextAt === null ? 'failed' : 'pending',
      ...(o.nextAt === null ? {} : { sendAt: o.nextAt }),
      leaseUntil: null,
      lastError: o.error.slice(0, 500),
      updatedAt: o.now,
    })
    .where(and(eq(invitations.id, id), eq(invitations.status, 'sending')));
}

/** Marks the invitation used by its first answer; false when another request got there first. */
export async function markAnswered(db: Db, id: string, now: number, responseId: string): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ status: 'answered', answeredAt: now, responseId, leaseUntil: null, updatedAt: now })
    .where(and(eq(invitations.id, id), isNull(invitations.answeredAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** The answer stored through an invitation (score and follow-up), if any. */
export async function storedAnswer(db: Db, siteId: number, responseId: string): Promise<{ score: number; comment: string | null } | undefined> {
  const [row] = await db
    .select({ score: responses.score, comment: responses.comment })
    .from(responses)
    .where(and(eq(responses.siteId, siteId), eq(responses.id, responseId)));
  return row;
}

export const isValidInvitationCursor = isValidCursor;

function statusFilter(status: InvitationStatus, now: number): SQL {
  const live = sql`${invitations.expiresAt} > ${now}`;
  switch (status) {
    case 'expired':
      return sql`(${invitations.status} = 'expired' or (${invitations.status} in ('pending', 'sent') and ${invitations.expiresAt} <= ${now}))`;
    case 'pending':
    case 'sent':
      return and(eq(invitations.status, status), live)!;
    default:
      return eq(invitations.status, status);
  }
}

/** Newest first, keyset-paginated on `(created_at, id)`. */
export async function listInvitations(
  db: Db,
  siteId: number,
  q: InvitationsQuery,
  now: number,
): Promise<{ data: StoredInvitation[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [eq(invitations.siteId, siteId)];
  if (q.status) where.push(statusFilter(q.status, now));
  if (q.channel) where.push(eq(invitations.channel, q.channel));
  if (q.moment) where.push(eq(invitations.momentId, q.moment));
  if (q.userId) where.push(eq(invitations.userId, q.userId));
  const rows = await db
    .select()
    .from(invitations)
    .where(and(...where, after(invitations, q.cursor)))
    .orderBy(...newestFirst(invitations))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (row) => toStoredInvitation(row, now));
}
