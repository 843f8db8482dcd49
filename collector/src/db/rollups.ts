import { eq, sql, type SQL } from 'drizzle-orm';
import { DAY_MS, HOUR_MS } from '@voix/shared';
import { meta } from './schema.ts';
import type { Db } from './types.ts';

/**
 * Rollups: counts of responses per (site, metric, dimension value, UTC hour or UTC day, score),
 * and of displays per (site, moment, channel, UTC hour or day). They are written in the same
 * `batch()` as the row they count, by statements guarded with `NOT EXISTS` on the row's primary
 * key and placed BEFORE its `INSERT … ON CONFLICT DO NOTHING`: a duplicate id finds its row and
 * adds nothing, a new id adds exactly one to each rollup row, atomically with the insert.
 *
 * Every response counts once in each dimension: `all` (no split), `moment` (with its stage),
 * `channel`, `locale` and `segment` (the `segment` attribute). A query touching at most one of
 * these dimensions (plus time) is answered from rollups; others read raw responses.
 */
export const GRAINS = [DAY_MS, HOUR_MS] as const;
export type Grain = (typeof GRAINS)[number];
export const ROLLUP_DIMS = ['all', 'moment', 'channel', 'locale', 'segment'] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

/** Bumped whenever the rollup encoding changes: a mismatch rebuilds them from raw rows. */
const ROLLUPS_VERSION = '1';
const META_KEY = 'rollups_version';

/** JSON path of an attribute name (names are restricted to `[A-Za-z0-9_:-]`, so quoting is safe). */
export const attributePath = (name: string) => `$."${name}"`;

/**
 * The text form of one attribute of a JSON object (a column or a bound JSON string): strings as
 * they are, numbers and booleans as JSON writes them (`3`, `0.5`, `true`), NULL when the
 * attribute is missing or null. Used by the raw path and the rollups alike, so both agree.
 */
export function attributeText(json: SQL, name: string): SQL {
  const path = attributePath(name);
  return sql`(case json_type(${json}, ${path}) when 'text' then json_extract(${json}, ${path}) when 'null' then null else (${json} -> ${path}) end)`;
}

/** Rollup encoding of the segment: `''` when missing or null, `'.' || text` otherwise. */
export const segmentValue = (json: SQL) => sql`coalesce('.' || ${attributeText(json, 'segment')}, '')`;

const grainRows = sql.raw(GRAINS.map((g, i) => (i === 0 ? `select ${g} as grain` : ` union all select ${g}`)).join(''));

/**
 * Each row of `source` (`responses r where …`, or the rows being written, as `r`) expanded to
 * one row per rollup dimension: `(site_id, metric, dim, value, stage, created_at, score)`.
 */
function expandByDimension(source: SQL): SQL {
  const attributes = sql`r.attributes`;
  return sql`select r.site_id, r.metric, 'all' as dim, '' as value, '' as stage, r.created_at, r.score from ${source}
    union all select r.site_id, r.metric, 'moment', r.moment_id, r.stage, r.created_at, r.score from ${source}
    union all select r.site_id, r.metric, 'channel', r.channel, '', r.created_at, r.score from ${source}
    union all select r.site_id, r.metric, 'locale', coalesce(r.locale, ''), '', r.created_at, r.score from ${source}
    union all select r.site_id, r.metric, 'segment', ${segmentValue(attributes)}, '', r.created_at, r.score from ${source}`;
}

/** Each stored response matching `where` (over `responses r`) expanded per rollup dimension, exactly as on ingest. */
export const expandedResponses = (where: SQL): SQL => expandByDimension(sql`responses r where ${where}`);

/**
 * +1 in every rollup row of each response in `sent` whose `(site_id, id)` is not stored yet: one
 * statement for a whole group, counts added up per rollup row. `sent` is a `with` table
 * (db/json-rows.ts) named `sent` with columns `site_id, id, metric, moment_id, stage, channel,
 * locale, attributes, created_at, score`, ids distinct. Batch it before the insert.
 */
export function bumpResponseRollups(db: Db, sent: SQL) {
  return db.run(sql`with ${sent},
    -- Materialized: read once, not once per dimension.
    incoming as materialized (select * from sent s where not exists (select 1 from responses where site_id = s.site_id and id = s.id))
    insert into response_rollups (site_id, metric, dim, grain, bucket, value, stage, score, n)
    select site_id, metric, dim, g.grain, created_at / g.grain as bucket, value, stage, score, count(*)
    from (${expandByDimension(sql`incoming r`)}) as x, (${grainRows}) as g
    where true
    group by site_id, metric, dim, g.grain, bucket, value, stage, score
    on conflict (site_id, metric, dim, grain, bucket, value, stage, score) do update set n = n + excluded.n`);
}

/**
 * +1 in the display rollups for each display in `sent` whose `(site_id, id)` is not stored yet:
 * one statement for a whole group. `sent` is a `with` table named `sent` with columns `site_id,
 * id, moment_id, channel, created_at`, ids distinct. Batch it before the insert.
 */
export function bumpDisplayRollups(db: Db, sent: SQL) {
  return db.run(sql`with ${sent}
    insert into display_rollups (site_id, grain, bucket, moment_id, channel, n)
    select s.site_id, g.grain, s.created_at / g.grain as bucket, s.moment_id, s.channel, count(*)
    from sent s, (${grainRows}) as g
    where not exists (select 1 from displays where site_id = s.site_id and id = s.id)
    group by s.site_id, g.grain, bucket, s.moment_id, s.channel
    on conflict (site_id, grain, bucket, moment_id, channel) do update set n = n + excluded.n`);
}

/**
 * −1 in every rollup row of each stored response matching `where` (over `responses r`), for
 * deleting responses (GDPR erasure). Batch it BEFORE the delete of those rows; empty rollup rows go.
 */
export function unbumpResponseRollups(db: Db, siteId: number, where: SQL) {
  const expanded = expandedResponses(where);
  return [
    ...GRAINS.map((g) =>
      db.run(sql`update response_rollups as rr set n = rr.n - x.c
        from (select site_id, metric, dim, created_at / ${sql.raw(String(g))} as bucket, value, stage, score, count(*) as c
              from (${expanded}) group by site_id, metric, dim, bucket, value, stage, score) as x
        where rr.site_id = x.site_id and rr.metric = x.metric and rr.dim = x.dim and rr.grain = ${sql.raw(String(g))}
          and rr.bucket = x.bucket and rr.value = x.value and rr.stage = x.stage and rr.score = x.score`),
    ),
    db.run(sql`delete from response_rollups where site_id = ${siteId} and n <= 0`),
  ];
}

/**
 * Recomputes every rollup from the raw rows, atomically (one batch). Run once on a database whose
 * rollups predate this version (e.g. responses stored before rollups existed), and by the bench
 * after bulk-loading rows.
 */
export async function rebuildRollups(db: Db, now = Date.now()): Promise<void> {
  const expanded = expandedResponses(sql`true`);
  await db.batch([
    db.run(sql`delete from response_rollups`),
    db.run(sql`delete from display_rollups`),
    ...GRAINS.map((g) =>
      db.run(sql`insert into response_rollups (site_id, metric, dim, grain, bucket, value, stage, score, n)
        select site_id, metric, dim, ${sql.raw(String(g))}, created_at / ${sql.raw(String(g))} as bucket, value, stage, score, count(*)
        from (${expanded}) as x
        where true
        group by site_id, metric, dim, bucket, value, stage, score`),
    ),
    ...GRAINS.map((g) =>
      db.run(sql`insert into display_rollups (site_id, grain, bucket, moment_id, channel, n)
        select site_id, ${sql.raw(String(g))}, created_at / ${sql.raw(String(g))} as bucket, moment_id, channel, count(*)
        from displays where true
        group by site_id, bucket, moment_id, channel`),
    ),
    db
      .insert(meta)
      .values({ key: META_KEY, value: ROLLUPS_VERSION, updatedAt: now })
      .onConflictDoUpdate({ target: meta.key, set: { value: ROLLUPS_VERSION, updatedAt: now } }),
  ]);
}

const ready = new WeakMap<Db, Promise<void>>();

/** Rollups are usable once built for this version; builds them on first use (once per process and database). */
export function ensureRollups(db: Db): Promise<void> {
  let p = ready.get(db);
  if (!p) {
    p = (async () => {
      const [row] = await db.select().from(meta).where(eq(meta.key, META_KEY));
      if (row?.value !== ROLLUPS_VERSION) await rebuildRollups(db);
    })();
    p.catch(() => ready.delete(db));
    ready.set(db, p);
  }
  return p;
}
