import { and, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { after, newestFirst, pageOf } from './cursor.ts';
import type { Channel, Metric, Moment, StoredResponse } from '@voix/shared';
import { attributeText } from './rollups.ts';
import { groupCommitFor } from './group-commit.ts';
import { displayWrites, responseWrites } from './ingest-writes.ts';
import { responses } from './schema.ts';
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
 *
 * Group commit (db/group-commit.ts): concurrent answers share one transaction and one fsync; the
 * rollup counts and webhook outbox rows are written in it only for ids not stored yet
 * (db/ingest-writes.ts), so a duplicate or a later comment never bumps a count or queues a second
 * webhook. Returns whether the id had been seen before.
 */
export async function recordResponse(db: Db, r: NewResponse): Promise<{ duplicate: boolean }> {
  const inserted = await groupCommitFor(db).write(responseWrites, {
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
    attributes: r.attributes ? JSON.stringify(r.attributes) : null,
    createdAt: r.now,
    updatedAt: r.now,
  });
  if (inserted) return { duplicate: false };
  if (r.comment) {
    await db
      .update(responses)
      .set({ comment: r.comment, updatedAt: r.now })
      .where(and(eq(responses.siteId, r.siteId), eq(responses.id, r.id), isNull(responses.comment)));
  }
  return { duplicate: true };
}

/** Stores one display exactly once per `(site, id)`, with its rollup counts in the same commit. */
export async function recordDisplay(
  db: Db,
  d: { siteId: number; id: string; momentId: string; anonymousId: string; channel: Channel; now: number },
): Promise<{ duplicate: boolean }> {
  const inserted = await groupCommitFor(db).write(displayWrites, {
    siteId: d.siteId,
    id: d.id,
    momentId: d.momentId,
    anonymousId: d.anonymousId,
    channel: d.channel,
    createdAt: d.now,
  });
  return { duplicate: !inserted };
}

/** Filters shared by listing, export and raw aggregates (`from` inclusive, `to` exclusive). */
export interface ResponseFilters {
  metric?: Metric;
  moment?: string;
  stage?: string;
  channel?: string;
  locale?: string;
  from?: number;
  to?: number;
  attr?: Record<string, string>;
}

export function responseFilters(siteId: number, f: ResponseFilters): SQL[] {
  const where: SQL[] = [eq(responses.siteId, siteId)];
  if (f.metric) where.push(eq(responses.metric, f.metric));
  if (f.moment) where.push(eq(responses.momentId, f.moment));
  if (f.stage) where.push(eq(responses.stage, f.stage));
  if (f.channel) where.push(eq(responses.channel, f.channel));
  if (f.locale) where.push(eq(responses.locale, f.locale));
  if (f.from !== undefined) where.push(gte(responses.createdAt, f.from));
  if (f.to !== undefined) where.push(lt(responses.createdAt, f.to));
  for (const [name, value] of Object.entries(f.attr ?? {})) where.push(sql`${attributeText(sql`${responses.attributes}`, name)} = ${value}`);
  return where;
}

export { isValidCursor } from './cursor.ts';

type Row = Pick<typeof responses.$inferSelect, 'id' | 'momentId' | 'metric' | 'stage' | 'score' | 'comment' | 'anonymousId' | 'userId' | 'locale' | 'channel' | 'attributes' | 'createdAt'>;
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
export async function listResponses(
  db: Db,
  siteId: number,
  q: ResponseFilters & { limit: number; cursor?: string },
): Promise<{ data: StoredResponse[]; nextCursor: string | null }> {
  const rows = await db
    .select()
    .from(responses)
    .where(and(...responseFilters(siteId, q), after(responses, q.cursor)))
    .orderBy(...newestFirst(responses))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, toStoredResponse);
}

/** Every matching response, newest first, fetched `pageSize` rows at a time (keyset pagination). */
export async function* iterateResponses(db: Db, siteId: number, f: ResponseFilters, pageSize = 1000): AsyncGenerator<StoredResponse[]> {
  let cursor: string | undefined;
  do {
    const page = await listResponses(db, siteId, { ...f, limit: pageSize, cursor });
    if (page.data.length > 0) yield page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
