import { sql, type SQL } from 'drizzle-orm';
import {
  TIME_BUCKETS,
  benchmarkFor,
  difference,
  isHourAligned,
  isUtc,
  isZeroOffset,
  offsetSegments,
  summarize,
  type AggregateQuery,
  type Benchmark,
  type Difference,
  type Dimension,
  type Histogram,
  type OffsetSegment,
  type Summary,
  type TimeBucket,
} from '@voix/shared';
import { GRAINS, attributeText, ensureRollups, type Grain, type RollupDim } from './rollups.ts';
import { responseFilters } from './responses.ts';
import type { Db } from './types.ts';

/**
 * Exact aggregates. A query is split along time into pieces, each answered from the rollups
 * (UTC days, then UTC hours) when it can be, and from raw rows otherwise (sub-hour edges of
 * `from`/`to`, several rollup dimensions at once, attributes other than `segment`, time zones
 * whose offset is not a whole hour). Each piece reduces to (group key, score, count) rows with the
 * SAME key expressions, so the pieces merge into one histogram per group and every score goes
 * through `summarize()`; reading rollups or raw rows gives identical answers.
 */

/** A group's key: a string for one dimension; an object by dimension name for several. */
export type GroupKey = string | null | Record<string, string | null>;
export interface AggregateGroup extends Summary {
  key: GroupKey;
  /** Prompts shown, for groups by moment (when the filters apply to displays too). */
  displays?: number;
  /** n ÷ displays; null without displays. */
  responseRate?: number | null;
  comparison?: Comparison;
}
export interface Comparison extends Difference {
  previous: Summary & { from: string; to: string };
}
export interface Aggregate extends Summary {
  metric: AggregateQuery['metric'];
  groups: AggregateGroup[];
  comparison?: Comparison;
  benchmark?: Benchmark;
}
export type AggregateSource = 'rollup' | 'raw' | 'mixed';

/** Thrown for `source=rollup` when some piece of the query needs raw rows. */
export class RollupUnavailable extends Error {}

const isTime = (d: Dimension): d is TimeBucket => (TIME_BUCKETS as readonly string[]).includes(d);

/** The one rollup dimension a query touches (`all` when none), or null when it needs more. */
function rollupDimOf(q: AggregateQuery): RollupDim | null {
  const used = new Set<RollupDim | null>();
  for (const d of q.groupBy ?? []) if (!isTime(d)) used.add(dimOf(d));
  if (q.moment || q.stage) used.add('moment');
  if (q.channel) used.add('channel');
  if (q.locale) used.add('locale');
  for (const name of Object.keys(q.attr ?? {})) used.add(name === 'segment' ? 'segment' : null);
  if (used.has(null) || used.size > 1) return null;
  return (used.values().next().value as RollupDim | undefined) ?? 'all';
}
function dimOf(d: Dimension): RollupDim | null {
  if (d === 'moment' || d === 'stage') return 'moment';
  if (d === 'channel' || d === 'locale') return d;
  if (d === 'attr.segment') return 'segment';
  return null;
}

/** One piece of the time range, answered from one source. */
type Piece = { from?: number; to?: number } & ({ kind: 'raw' } | { kind: 'rollup'; grain: Grain });

/** Largest aligned middle from the coarsest grain, edges recursively from finer grains, then raw. */
function plan(from: number | undefined, to: number | undefined, grains: readonly Grain[]): Piece[] {
  const [g, ...rest] = grains;
  if (g === undefined) return [{ kind: 'raw', from, to }];
  const a = from === undefined ? undefined : Math.ceil(from / g) * g;
  const b = to === undefined ? undefined : Math.floor(to / g) * g;
  if (a !== undefined && b !== undefined && a >= b) return plan(from, to, rest);
  const out: Piece[] = [];
  if (from !== undefined && a! > from) out.push(...plan(from, a, rest));
  out.push({ kind: 'rollup', grain: g, from: a, to: b });
  if (to !== undefined && b! < to) out.push(...plan(b, to, rest));
  return out;
}

/** Local epoch ms of a UTC instant expression, per the time zone's offset segments. */
function localMs(t: SQL, segments: readonly OffsetSegment[]): SQL {
  if (segments.length <= 1) {
    const off = segments[0]?.offset ?? 0;
    return off === 0 ? t : sql`(${t} + ${sql.raw(String(off))})`;
  }
  const parts: SQL[] = [sql`(${t} + case`];
  for (let i = 1; i < segments.length; i++) {
    parts.push(sql` when ${t} < ${sql.raw(String(segments[i]!.start))} then ${sql.raw(String(segments[i - 1]!.offset))}`);
  }
  parts.push(sql` else ${sql.raw(String(segments[segments.length - 1]!.offset))} end)`);
  return sql.join(parts, sql``);
}

/**
 * Integer key of a time bucket from a local-time ms expression (cheap integer arithmetic instead of
 * SQLite date functions on every row): day → local day number D (days since 1970-01-01), week → D
 * of its Monday (ISO 8601; 1970-01-01 was a Thursday), month → D, turned into `YYYY-MM` by the outer
 * query once rows are reduced. Day and week keys become `YYYY-MM-DD` labels in `keyValues`.
 */
function timeKey(bucket: TimeBucket, local: SQL): SQL {
  const day = sql`((${local}) / 86400000)`;
  return bucket === 'week' ? sql`(${day} - ((${day} + 3) % 7))` : day;
}
const isoDay = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

interface Ctx {
  siteId: number;
  q: AggregateQuery;
  segments: readonly OffsetSegment[];
}

/** (keys…, score, n) rows of the responses in one piece. */
function responseQuery(ctx: Ctx, piece: Piece, rollupDim: RollupDim | null): SQL {
  const { q, siteId, segments } = ctx;
  const dims = q.groupBy ?? [];
  const keys: SQL[] = [];
  const where: SQL[] = [];
  let table: SQL;
  let n: SQL;
  if (piece.kind === 'raw') {
    table = sql`responses`;
    n = sql`count(*)`;
    const time = sql`created_at`;
    for (const d of dims) {
      if (isTime(d)) keys.push(timeKey(d, localMs(time, segments)));
      else if (d === 'moment') keys.push(sql`moment_id`);
      else if (d === 'stage') keys.push(sql`stage`);
      else if (d === 'channel') keys.push(sql`channel`);
      else if (d === 'locale') keys.push(sql`coalesce(locale, '')`);
      else keys.push(attributeText(sql`attributes`, d.slice(5)));
    }
    where.push(...responseFilters(siteId, { ...q, from: piece.from, to: piece.to }));
  } else {
    const g = piece.grain;
    table = sql`response_rollups`;
    n = sql`sum(n)`;
    const time = sql`(bucket * ${sql.raw(String(g))})`;
    for (const d of dims) {
      if (isTime(d)) keys.push(timeKey(d, localMs(time, segments)));
      else if (d === 'stage') keys.push(sql`stage`);
      else if (d === 'attr.segment') keys.push(sql`(case when value = '' then null else substr(value, 2) end)`);
      else keys.push(sql`value`);
    }
    where.push(sql`site_id = ${siteId}`, sql`metric = ${q.metric}`, sql`dim = ${rollupDim}`, sql`grain = ${g}`);
    if (piece.from !== undefined) where.push(sql`bucket >= ${piece.from / g}`);
    if (piece.to !== undefined) where.push(sql`bucket < ${piece.to / g}`);
    if (q.moment) where.push(sql`value = ${q.moment}`);
    if (q.stage) where.push(sql`stage = ${q.stage}`);
    if (q.channel) where.push(sql`value = ${q.channel}`);
    if (q.locale) where.push(sql`value = ${q.locale}`);
    if (q.attr?.segment !== undefined) where.push(sql`value = ${'.' + q.attr.segment}`);
  }
  return selectGrouped(dims, keys, true, n, table, where);
}

/**
 * Inner query: (k0…, score, n) grouped; outer query: one row per group with its histogram as
 * `score:n,score:n…` (`h`), month keys turned into `YYYY-MM`. Few rows cross into JavaScript.
 */
function selectGrouped(dims: readonly Dimension[], keys: SQL[], withScore: boolean, n: SQL, table: SQL, where: SQL[]): SQL {
  const cols = keys.map((k, i) => sql`${k} as ${sql.raw(`k${i}`)}`);
  if (withScore) cols.push(sql`score`);
  cols.push(sql`${n} as n`);
  const groupCols = keys.map((_, i) => sql.raw(`k${i}`));
  if (withScore) groupCols.push(sql.raw('score'));
  const groupBy = groupCols.length > 0 ? sql` group by ${sql.join(groupCols, sql`, `)}` : sql``;
  const inner = sql`select ${sql.join(cols, sql`, `)} from ${table} where ${sql.join(where, sql` and `)}${groupBy}`;
  const outerKeys = keys.map((_, i) => (dims[i] === 'month' ? sql.raw(`strftime('%Y-%m', k${i} * 86400, 'unixepoch')`) : sql.raw(`k${i}`)));
  const outerCols = outerKeys.map((k, i) => sql`${k} as ${sql.raw(`k${i}`)}`);
  outerCols.push(withScore ? sql`group_concat(score || ':' || n) as h` : sql`sum(n) as n`);
  const outerGroup = withScore ? [...outerKeys] : outerKeys;
  const outerGroupBy = outerGroup.length > 0 ? sql` group by ${sql.join(outerGroup, sql`, `)}` : sql``;
  return sql`select ${sql.join(outerCols, sql`, `)} from (${inner})${outerGroupBy}`;
}

/** Dimensions displays can be grouped by; filters other than these (and stage) don't apply to displays. */
const DISPLAY_DIMS = new Set<Dimension>(['moment', 'channel', 'day', 'week', 'month']);
function displaysApply(q: AggregateQuery): boolean {
  const dims = q.groupBy ?? [];
  return dims.includes('moment') && dims.every((d) => DISPLAY_DIMS.has(d)) && !q.locale && Object.keys(q.attr ?? {}).length === 0;
}

function displayQuery(ctx: Ctx, piece: Piece): SQL {
  const { q, siteId, segments } = ctx;
  const dims = q.groupBy ?? [];
  const keys: SQL[] = [];
  const where: SQL[] = [sql`site_id = ${siteId}`];
  if (q.moment) where.push(sql`moment_id = ${q.moment}`);
  if (q.channel) where.push(sql`channel = ${q.channel}`);
  let table: SQL;
  let n: SQL;
  let time: SQL;
  if (piece.kind === 'raw') {
    table = sql`displays`;
    n = sql`count(*)`;
    time = sql`created_at`;
    if (piece.from !== undefined) where.push(sql`created_at >= ${piece.from}`);
    if (piece.to !== undefined) where.push(sql`created_at < ${piece.to}`);
  } else {
    const g = piece.grain;
    table = sql`display_rollups`;
    n = sql`sum(n)`;
    time = sql`(bucket * ${sql.raw(String(g))})`;
    where.push(sql`grain = ${g}`);
    if (piece.from !== undefined) where.push(sql`bucket >= ${piece.from / g}`);
    if (piece.to !== undefined) where.push(sql`bucket < ${piece.to / g}`);
  }
  for (const d of dims) {
    if (isTime(d)) keys.push(timeKey(d, localMs(time, segments)));
    else if (d === 'moment') keys.push(sql`moment_id`);
    else keys.push(sql`channel`);
  }
  return selectGrouped(dims, keys, false, n, table, where);
}

type Row = Record<string, unknown>;
interface Collected {
  groups: Map<string, { values: (string | null)[]; hist: Map<number, number> }>;
  overall: Map<number, number>;
  displays: Map<string, number> | null;
  pieces: Piece[];
}

function keyValues(row: Row, dims: readonly Dimension[]): (string | null)[] {
  return dims.map((d, i) => {
    const v = row[`k${i}`];
    if (v == null) return null;
    return d === 'day' || d === 'week' ? isoDay(Number(v)) : String(v);
  });
}

async function collect(db: Db, siteId: number, q: AggregateQuery): Promise<Collected> {
  const dims = q.groupBy ?? [];
  const timeDim = dims.some(isTime);
  const withDisplays = displaysApply(q);
  const rollupDim = q.source === 'raw' ? null : rollupDimOf(q);

  // Time-zone offsets over the range the data can cover (only needed for local time buckets).
  let segments: OffsetSegment[] = [{ start: 0, offset: 0 }];
  if (timeDim && !isUtc(q.tz)) {
    let lo = q.from, hi = q.to;
    if (lo === undefined || hi === undefined) {
      const [b] = await db.all<{ lo: number | null; hi: number | null }>(sql`select min(lo) as lo, max(hi) as hi from (
        select min(created_at) as lo, max(created_at) as hi from responses where site_id = ${siteId} and metric = ${q.metric}
        ${withDisplays ? sql`union all select min(created_at), max(created_at) from displays where site_id = ${siteId}` : sql``})`);
      if (b?.lo == null || b.hi == null) {
        const none: Piece = rollupDim === null ? { kind: 'raw' } : { kind: 'rollup', grain: GRAINS[0] };
        return { groups: new Map(), overall: new Map(), displays: withDisplays ? new Map() : null, pieces: [none] };
      }
      lo ??= Number(b.lo);
      hi ??= Number(b.hi) + 1;
    }
    segments = offsetSegments(q.tz, lo, hi);
  }
  const grains = GRAINS.filter((g) => !timeDim || (g === GRAINS[0] ? isZeroOffset(segments) : isHourAligned(segments)));
  const pieces = rollupDim === null ? plan(q.from, q.to, []) : plan(q.from, q.to, grains);
  const displayPieces = withDisplays ? (q.source === 'raw' ? plan(q.from, q.to, []) : plan(q.from, q.to, grains)) : [];
  if (q.source === 'rollup' && [...pieces, ...displayPieces].some((p) => p.kind === 'raw')) {
    throw new RollupUnavailable(
      rollupDim === null
        ? 'This combination of dimensions and filters is answered from raw responses only'
        : 'Part of this time range (or this time zone) cannot be answered from hourly or daily rollups',
    );
  }
  if ([...pieces, ...displayPieces].some((p) => p.kind === 'rollup')) await ensureRollups(db);

  const ctx: Ctx = { siteId, q, segments };
  const groups: Collected['groups'] = new Map();
  const overall = new Map<number, number>();
  for (const piece of pieces) {
    const rows = await db.all<Row>(responseQuery(ctx, piece, rollupDim));
    for (const row of rows) {
      if (row.h == null) continue; // no row matched (an ungrouped aggregate over nothing)
      const values = keyValues(row, dims);
      const k = JSON.stringify(values);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { values, hist: new Map() }));
      for (const pair of String(row.h).split(',')) {
        const colon = pair.indexOf(':');
        const score = Number(pair.slice(0, colon)), n = Number(pair.slice(colon + 1));
        g.hist.set(score, (g.hist.get(score) ?? 0) + n);
        overall.set(score, (overall.get(score) ?? 0) + n);
      }
    }
  }
  let displays: Map<string, number> | null = null;
  if (withDisplays && groups.size > 0) {
    displays = new Map();
    for (const piece of displayPieces) {
      for (const row of await db.all<Row>(displayQuery(ctx, piece))) {
        const k = JSON.stringify(keyValues(row, dims));
        displays.set(k, (displays.get(k) ?? 0) + Number(row.n));
      }
    }
  }
  return { groups, overall, displays, pieces };
}

function compareKeys(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function sourceOf(pieces: Piece[]): AggregateSource {
  const kinds = new Set(pieces.map((p) => p.kind));
  return kinds.size === 0 ? 'rollup' : kinds.size > 1 ? 'mixed' : kinds.has('raw') ? 'raw' : 'rollup';
}

/**
 * The aggregate of one metric for a site: overall summary, one summary per group, displays and
 * response rate for groups by moment, an optional comparison with the previous period and an
 * optional sector benchmark.
 */
export async function aggregate(db: Db, siteId: number, q: AggregateQuery): Promise<Aggregate & { source: AggregateSource }> {
  const dims = q.groupBy ?? [];
  const current = await collect(db, siteId, q);
  const sorted = [...current.groups.entries()].sort((a, b) => compareKeys(a[1].values, b[1].values));
  const groups: AggregateGroup[] = dims.length === 0 ? [] : sorted.map(([k, g]) => {
    const key: GroupKey = dims.length === 1 ? g.values[0]! : Object.fromEntries(dims.map((d, i) => [d, g.values[i]!]));
    const out: AggregateGroup = { key, ...summarize(q.metric, g.hist) };
    if (current.displays) {
      out.displays = current.displays.get(k) ?? 0;
      out.responseRate = out.displays > 0 ? out.n / out.displays : null;
    }
    return out;
  });
  const result: Aggregate & { source: AggregateSource } = { metric: q.metric, ...summarize(q.metric, current.overall), groups, source: sourceOf(current.pieces) };

  if (q.compare === 'previous' && q.from !== undefined && q.to !== undefined) {
    const from = q.from - (q.to - q.from);
    const previous = await collect(db, siteId, { ...q, from, to: q.from, compare: undefined });
    const period = { from: new Date(from).toISOString(), to: new Date(q.from).toISOString() };
    const compareHists = (cur: Histogram, prev: Histogram): Comparison => ({
      previous: { ...period, ...summarize(q.metric, prev) },
      ...difference(q.metric, cur, prev),
    });
    result.comparison = compareHists(current.overall, previous.overall);
    // Groups are compared key by key, except time buckets (which never recur in another period).
    if (groups.length > 0 && !dims.some(isTime)) {
      sorted.forEach(([k, g], i) => {
        groups[i]!.comparison = compareHists(g.hist, previous.groups.get(k)?.hist ?? new Map());
      });
    }
    if (previous.pieces.length > 0) result.source = sourceOf([...current.pieces, ...previous.pieces]);
  }
  if (q.benchmark) result.benchmark = benchmarkFor(q.benchmark, q.metric);
  return result;
}
