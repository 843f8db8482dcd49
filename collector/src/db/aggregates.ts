import { and, count, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { summarize, type AggregateQuery, type GroupBy, type Summary } from '@voix/shared';
import { displays, responses } from './schema.ts';
import type { Db } from './types.ts';

export interface AggregateGroup extends Summary {
  key: string;
  displays?: number;
  responseRate?: number | null;
}
export interface Aggregate extends Summary {
  metric: AggregateQuery['metric'];
  groups: AggregateGroup[];
}

const seconds = sql`${responses.createdAt} / 1000`;
/** SQL expression of each grouping key (time buckets in UTC; weeks start on Monday, ISO 8601). */
function groupExpr(groupBy: GroupBy): SQL {
  switch (groupBy) {
    case 'moment':
      return sql`${responses.momentId}`;
    case 'stage':
      return sql`${responses.stage}`;
    case 'channel':
      return sql`${responses.channel}`;
    case 'locale':
      return sql`coalesce(${responses.locale}, '')`;
    case 'day':
      return sql`strftime('%Y-%m-%d', ${seconds}, 'unixepoch')`;
    case 'week':
      return sql`date(${seconds}, 'unixepoch', 'weekday 0', '-6 days')`;
    case 'month':
      return sql`strftime('%Y-%m', ${seconds}, 'unixepoch')`;
  }
}

function filters(siteId: number, q: AggregateQuery): SQL {
  const where: SQL[] = [eq(responses.siteId, siteId), eq(responses.metric, q.metric)];
  if (q.moment) where.push(eq(responses.momentId, q.moment));
  if (q.stage) where.push(eq(responses.stage, q.stage));
  if (q.channel) where.push(eq(responses.channel, q.channel));
  if (q.locale) where.push(eq(responses.locale, q.locale));
  if (q.from !== undefined) where.push(gte(responses.createdAt, q.from));
  if (q.to !== undefined) where.push(lt(responses.createdAt, q.to));
  return and(...where)!;
}

/**
 * Reduces the matching responses to one score histogram per group in SQL (so the database
 * returns at most groups × scale points rows), then applies the metric math of `shared/`.
 */
export async function aggregate(db: Db, siteId: number, q: AggregateQuery): Promise<Aggregate> {
  const key = q.groupBy ? groupExpr(q.groupBy) : sql`''`;
  const rows = await db
    .select({ key: sql<string>`${key}`.as('k'), score: responses.score, n: count() })
    .from(responses)
    .where(filters(siteId, q))
    .groupBy(sql`k`, responses.score);

  const overall = new Map<number, number>();
  const byKey = new Map<string, Map<number, number>>();
  for (const row of rows) {
    overall.set(row.score, (overall.get(row.score) ?? 0) + row.n);
    let h = byKey.get(String(row.key));
    if (!h) byKey.set(String(row.key), (h = new Map()));
    h.set(row.score, (h.get(row.score) ?? 0) + row.n);
  }

  const groups: AggregateGroup[] = q.groupBy
    ? [...byKey.keys()].sort().map((k) => ({ key: k, ...summarize(q.metric, byKey.get(k)!) }))
    : [];

  if (q.groupBy === 'moment' && groups.length > 0) {
    const shown = await displaysByMoment(db, siteId, q);
    for (const g of groups) {
      g.displays = shown.get(g.key) ?? 0;
      g.responseRate = g.displays > 0 ? g.n / g.displays : null;
    }
  }
  return { metric: q.metric, ...summarize(q.metric, overall), groups };
}

async function displaysByMoment(db: Db, siteId: number, q: AggregateQuery): Promise<Map<string, number>> {
  const where: SQL[] = [eq(displays.siteId, siteId)];
  if (q.moment) where.push(eq(displays.momentId, q.moment));
  if (q.channel) where.push(eq(displays.channel, q.channel));
  if (q.from !== undefined) where.push(gte(displays.createdAt, q.from));
  if (q.to !== undefined) where.push(lt(displays.createdAt, q.to));
  const rows = await db
    .select({ momentId: displays.momentId, n: count() })
    .from(displays)
    .where(and(...where))
    .groupBy(displays.momentId);
  return new Map(rows.map((r) => [r.momentId, r.n]));
}
