import { and, desc, eq, gte, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Channel, Metric, Moment, ResponsesQuery, StoredResponse } from '@voix/shared';
import { displays, responses } from './schema.ts';
import type { Db } from './types.ts';

export interface NewResponse {
  siteId: number;
  id: string;
  moment: Moment;
  score: number;
  comment: string | null;
  anonymousId: string;
  userId: string | null;
  locale: string | null;
  channel: Channel;
  attributes: Record<string, string | number | boolean | null> | null;
  now: number;
}

/**
 * Stores one answer exactly once per `(site, id)`. A repeat is a no-op, except that a comment
 * may be added to a response that has none (score first, follow-up text later).
 * Returns whether the id had been seen before.
 */
export async function recordResponse(db: Db, r: NewResponse): Promise<{ duplicate: boolean }> {
  const inserted = await db
    .insert(responses)
    .values({
      siteId: r.siteId,
      id: r.id,
      momentId: r.moment.id,
      metric: r.moment.metric,
      stage: r.moment.stage,
      score: r.score,
      comment: r.comment || null,
      anonymousId: r.anonymousId,
      userId: r.userId,
      locale: r.locale,
      channel: r.channel,
      attributes: r.attributes,
      createdAt: r.now,
      updatedAt: r.now,
    })
    .onConflictDoNothing()
    .returning({ id: responses.id });
  if (inserted.length > 0) return { duplicate: false };
  if (r.comment) {
    await db
      .update(responses)
      .set({ comment: r.comment, updatedAt: r.now })
      .where(and(eq(responses.siteId, r.siteId), eq(responses.id, r.id), isNull(responses.comment)));
  }
  return { duplicate: true };
}

/** Stores one display exactly once per `(site, id)`. */
export async function recordDisplay(
  db: Db,
  d: { siteId: number; id: string; momentId: string; anonymousId: string; channel: Channel; now: number },
): Promise<{ duplicate: boolean }> {
  const inserted = await db
    .insert(displays)
    .values({ siteId: d.siteId, id: d.id, momentId: d.momentId, anonymousId: d.anonymousId, channel: d.channel, createdAt: d.now })
    .onConflictDoNothing()
    .returning({ id: displays.id });
  return { duplicate: inserted.length === 0 };
}

const encodeCursor = (createdAt: number, id: string) => btoa(`${createdAt}:${id}`).replace(/=+$/, '');
function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const [t, ...rest] = atob(cursor).split(':');
    const createdAt = Number(t);
    const id = rest.join(':');
    return Number.isSafeInteger(createdAt) && id ? { createdAt, id } : null;
  } catch {
    return null;
  }
}
export const isValidCursor = (cursor: string) => decodeCursor(cursor) !== null;

type Row = typeof responses.$inferSelect;
export function toStoredResponse(row: Row): StoredResponse {
  return {
    id: row.id,
    momentId: row.momentId,
    metric: row.metric as Metric,
    stage: row.stage as StoredResponse['stage'],
    score: row.score,
    comment: row.comment,
    anonymousId: row.anonymousId,
    userId: row.userId,
    locale: row.locale,
    channel: row.channel as Channel,
    attributes: row.attributes ?? null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Newest first, keyset-paginated on `(created_at, id)` so pages never skip or repeat rows. */
export async function listResponses(db: Db, siteId: number, q: ResponsesQuery): Promise<{ data: StoredResponse[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [eq(responses.siteId, siteId)];
  if (q.moment) where.push(eq(responses.momentId, q.moment));
  if (q.metric) where.push(eq(responses.metric, q.metric));
  if (q.from !== undefined) where.push(gte(responses.createdAt, q.from));
  if (q.to !== undefined) where.push(lt(responses.createdAt, q.to));
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (cursor) {
    where.push(or(lt(responses.createdAt, cursor.createdAt), and(eq(responses.createdAt, cursor.createdAt), lt(responses.id, cursor.id))));
  }
  const rows = await db
    .select()
    .from(responses)
    .where(and(...where))
    .orderBy(desc(responses.createdAt), desc(responses.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toStoredResponse),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
