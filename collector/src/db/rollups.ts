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

export interface RollupSource {
  siteId: SQL;
  metric: SQL;
  momentId: SQL;
  stage: SQL;
  channel: SQL;
  locale: SQL;
  attributes: SQL;
  createdAt: SQL;
  score: SQL;
}

/** (dim, value, stage) of each dimension, from column refs or bound values alike. */
function dimRows(r: RollupSource): SQL {
  return sql`select 'all' as dim, '' as value, '' as stage
    union all select 'moment', ${r.momentId}, ${r.stage}
    union all select 'channel', ${r.channel}, ''
    union all select 'locale', coalesce(${r.locale}, ''), ''
    union all select 'segment', ${segmentValue(r.attributes)}, ''`;
}
const grainRows = sql.raw(GRAINS.map((g, i) => (i === 0 ? `select ${g} as grain` : ` union all select ${g}`)).join(''));

export interface RollupRow {
  siteId: number;
  id: string;
  metric: string;
  momentId: string;
  stage: string;
  channel: string;
  locale: string | null;
  /** The JSON text stored in `responses.attributes` (or null). */
  attributesJson: string | null;
  createdAt: number;
  score: number;
}

/** +1 in every rollup row of a response, unless `(site_id, id)` is already stored. Batch it before the insert. */
export function bumpResponseRollups(db: Db, r: RollupRow) {
  const src: RollupSource = {
    siteId: sql`${r.siteId}`,
    metric: sql`${r.metric}`,
    momentId: sql`${r.momentId}`,
    stage: sql`${r.stage}`,
    channel: sql`${r.channel}`,
    locale: sql`${r.locale}`,
    attributes: sql`${r.attributesJson}`,
    createdAt: sql`${r.createdAt}`,
    score: sql`${r.score}`,
  };
  return db.run(sql`insert into response_rollups (site_id, metric, dim, grain, bucket, value, stage, score, n)
    select ${r.siteId}, ${r.metric}, d.dim, g.grain, cast(${r.createdAt} as integer) / g.grain, d.value, d.stage, ${r.score}, 1
    from (${dimRows(src)}) as d, (${grainRows}) as g
    where not exists (select 1 from responses where site_id = ${r.siteId} and id = ${r.id})
    on conflict (site_id, metric, dim, grain, bucket, value, stage, score) do update set n = n + 1`);
}

/** +1 in the display rollups, unless the display `(site_id, id)` is already stored. Batch it before the insert. */
export function bumpDisplayRollups(db: Db, d: { siteId: number; id: string; momentId: string; channel: string; createdAt: number }) {
  return db.run(sql`insert into display_rollups (site_id, grain, bucket, moment_id, channel, n)
    select ${d.siteId}, g.grain, cast(${d.createdAt} as integer) / g.grain, ${d.momentId}, ${d.channel}, 1
    from (${grainRows}) as g
    where not exists (select 1 from displays where site_id = ${d.siteId} and id = ${d.id})
    on conflict (site_id, grain, bucket, moment_id, channel) do update set n = n + 1`);
}

/**
 * Each stored response matching `where` (over `responses r`) expanded to one row per rollup
 * dimension, exactly as on ingest: `(site_id, metric, dim, value, stage, created_at, score)`.
 */
export function expandedResponses(where: SQL): SQL {
  const attributes = sql`r.attributes`;
  return sql`select r.site_id, r.metric, 'all' as dim, '' as value, '' as stage, r.created_at, r.score from responses r where ${where}
    union all select r.site_id, r.metric, 'moment', r.moment_id, r.stage, r.created_at, r.score from responses r where ${where}
    union all select r.site_id, r.metric, 'channel', r.channel, '', r.created_at, r.score from responses r where ${where}
    union all select r.site_id, r.metric, 'locale', coalesce(r.locale, ''), '', r.created_at, r.score from responses r where ${where}
    union all select r.site_id, r.metric, 'segment', ${segmentValue(attributes)}, '', r.created_at, r.score from responses r where ${where}`;
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
