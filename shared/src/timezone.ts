/**
 * UTC offsets of an IANA time zone over a time range, from the runtime's `Intl` data only
 * (no tz database shipped). Used to put responses in local day/week/month buckets exactly:
 * the offset is piecewise constant, so a range is a short list of segments.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** From `start` (epoch ms, inclusive) until the next segment, local time = UTC + `offset` ms. */
export interface OffsetSegment {
  start: number;
  offset: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formats.set(tz, f);
  }
  return f;
}

export function isUtc(tz: string): boolean {
  return /^(UTC|Etc\/UTC|Etc\/GMT|GMT|Etc\/Universal|Universal|Zulu|Etc\/Zulu|Etc\/UCT|UCT|Etc\/Greenwich|Greenwich|Etc\/GMT[+-]0|GMT[+-]0|GMT0|Etc\/GMT0)$/.test(tz);
}

/** Local time minus UTC at instant `ms`, in ms (whole seconds). */
export function offsetAt(tz: string, ms: number): number {
  if (isUtc(tz)) return 0;
  const parts: Record<string, string> = {};
  for (const p of formatFor(tz).formatToParts(ms)) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return local - whole;
}

/** Sampling step when looking for transitions (zones never change offset twice within it). */
const STEP = 6 * HOUR_MS;
const YEAR_MS = 366 * DAY_MS;
const yearCache = new Map<string, OffsetSegment[]>();

/** Segments of one cache slot [k·YEAR_MS, (k+1)·YEAR_MS). */
function slot(tz: string, k: number): OffsetSegment[] {
  const key = `${tz}|${k}`;
  const hit = yearCache.get(key);
  if (hit) return hit;
  const start = k * YEAR_MS;
  const end = start + YEAR_MS;
  const out: OffsetSegment[] = [{ start, offset: offsetAt(tz, start) }];
  let prevT = start;
  let prevOff = out[0]!.offset;
  for (let t = start + STEP; t <= end; t += STEP) {
    const off = offsetAt(tz, Math.min(t, end - 1));
    if (off !== prevOff) {
      // Binary search for the first ms with the new offset.
      let lo = prevT, hi = Math.min(t, end - 1);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(tz, mid) === prevOff) lo = mid;
        else hi = mid;
      }
      out.push({ start: hi, offset: offsetAt(tz, hi) });
      prevOff = offsetAt(tz, hi);
    }
    prevT = Math.min(t, end - 1);
  }
  if (yearCache.size > 5000) yearCache.clear();
  yearCache.set(key, out);
  return out;
}

/**
 * The offset segments covering [from, to): the first starts at or before `from`, each next one
 * at a transition. Consecutive segments always have different offsets.
 */
export function offsetSegments(tz: string, from: number, to: number): OffsetSegment[] {
  if (isUtc(tz) || to <= from) return [{ start: from, offset: isUtc(tz) ? 0 : offsetAt(tz, from) }];
  const out: OffsetSegment[] = [];
  for (let k = Math.floor(from / YEAR_MS); k * YEAR_MS < to; k++) {
    for (const s of slot(tz, k)) {
      if (s.start >= to) break;
      if (s.start <= from) {
        out.length = 0;
        out.push({ start: from, offset: s.offset });
      } else if (out[out.length - 1]?.offset !== s.offset) out.push(s);
    }
  }
  return out;
}

/**
 * True when every local day/week/month boundary in [from, to) falls on a UTC hour boundary and
 * the offset is constant within each UTC hour, so hourly UTC counts map exactly to local
 * buckets (false for :30/:45 zones such as Asia/Kolkata or Asia/Kathmandu).
 */
export function isHourAligned(segments: readonly OffsetSegment[]): boolean {
  return segments.every((s, i) => s.offset % HOUR_MS === 0 && (i === 0 || s.start % HOUR_MS === 0));
}

/** True when local time equals UTC over the whole range. */
export function isZeroOffset(segments: readonly OffsetSegment[]): boolean {
  return segments.every((s) => s.offset === 0);
}
