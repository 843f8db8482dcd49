import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { GroupedWrite } from './group-commit.ts';
import { jsonTable } from './json-rows.ts';
import { bumpDisplayRollups, bumpResponseRollups } from './rollups.ts';
import type { displays, responses } from './schema.ts';
import type { Db } from './types.ts';
import { enqueueWebhooks } from './webhooks.ts';

/**
 * How ingest writes a group of answers or displays (db/group-commit.ts): the rows of the whole
 * group go in one JSON parameter per statement (db/json-rows.ts), and a few statements run, in
 * this order, in one atomic batch:
 * 1. guards: rollup counts and (for answers) webhook outbox rows, each guarded by `NOT EXISTS`
 *    on the row's primary key, so only ids not stored yet count or notify;
 * 2. the rows themselves, `INSERT … ON CONFLICT DO NOTHING RETURNING` the keys actually inserted.
 * An id sent twice in one group is written once, by its first write; the later one is a
 * duplicate, exactly as if it had come after the commit.
 */

type Key = { siteId: number; id: string };
const keyOf = (r: Key) => `${r.siteId}\u0000${r.id}`;

/** The first write of each `(site, id)` in a group. */
function firstOfEach<T extends Key>(rows: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const r of rows) if (!first.has(keyOf(r))) first.set(keyOf(r), r);
  return [...first.values()];
}

/** Whether each write inserted its row: the first write of each key the insert returned. */
function insertedFlags(rows: readonly Key[], returned: unknown): boolean[] {
  const inserted = new Set((returned as { site_id: number; id: string }[]).map((r) => keyOf({ siteId: Number(r.site_id), id: r.id })));
  return rows.map((r) => inserted.delete(keyOf(r)));
}

/**
 * A write kind storing each row once per `(site_id, id)` in `table`, after `guards`: statements
 * over the `with` table `sent` (the group's rows, by column) that must only count new rows.
 */
function insertOnce<T extends Key>(table: string, columns: Record<string, keyof T & string>, guards: (db: Db, sent: SQL) => BatchItem<'sqlite'>[]): GroupedWrite<T, boolean> {
  const sentRows = jsonTable('sent', columns);
  const names = sql.raw(Object.keys(columns).join(', '));
  return {
    statements(db, writes) {
      const sent = sentRows(firstOfEach(writes));
      return [
        ...guards(db, sent),
        db.all(sql`with ${sent} insert into ${sql.raw(table)} (${names}) select ${names} from sent where true on conflict do nothing returning site_id, id`),
      ];
    },
    outcomes: (writes, results) => insertedFlags(writes, results.at(-1)),
  };
}

/** A new answer as stored, its attributes as JSON text. */
export type ResponseWrite = Omit<typeof responses.$inferInsert, 'attributes'> & { attributes: string | null };

export const responseWrites = insertOnce<ResponseWrite>(
  'responses',
  {
    site_id: 'siteId',
    id: 'id',
    moment_id: 'momentId',
    metric: 'metric',
    stage: 'stage',
    score: 'score',
    comment: 'comment',
    anonymous_id: 'anonymousId',
    user_id: 'userId',
    locale: 'locale',
    channel: 'channel',
    attributes: 'attributes',
    created_at: 'createdAt',
    updated_at: 'updatedAt',
  },
  (db, sent) => [bumpResponseRollups(db, sent), enqueueWebhooks(db, sent)],
);

export type DisplayWrite = typeof displays.$inferInsert;

export const displayWrites = insertOnce<DisplayWrite>(
  'displays',
  { site_id: 'siteId', id: 'id', moment_id: 'momentId', anonymous_id: 'anonymousId', channel: 'channel', created_at: 'createdAt' },
  (db, sent) => [bumpDisplayRollups(db, sent)],
);
