import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isHourAligned, isZeroOffset, offsetAt, offsetSegments } from './timezone.ts';

describe('time zone offset segments', () => {
  it('finds the 2025 DST changes of Paris at 01:00 UTC', () => {
    const s = offsetSegments('Europe/Paris', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1));
    expect(s.map((x) => [new Date(x.start).toISOString(), x.offset / 3_600_000])).toEqual([
      ['2025-01-01T00:00:00.000Z', 1],
      ['2025-03-30T01:00:00.000Z', 2],
      ['2025-10-26T01:00:00.000Z', 1],
    ]);
    expect(isHourAligned(s)).toBe(true);
    expect(isZeroOffset(s)).toBe(false);
  });

  it('flags :30 and :45 zones as not hour-aligned', () => {
    expect(isHourAligned(offsetSegments('Asia/Kolkata', Date.UTC(2025, 0, 1), Date.UTC(2025, 6, 1)))).toBe(false);
    expect(isHourAligned(offsetSegments('Asia/Kathmandu', Date.UTC(2025, 0, 1), Date.UTC(2025, 6, 1)))).toBe(false);
    expect(isZeroOffset(offsetSegments('UTC', 0, Date.UTC(2030, 0, 1)))).toBe(true);
  });

  it('agrees with Intl at every instant (random instants and zones)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.integer({ min: 1, max: 400 * 86_400_000 }), (tz, from, len) => {
        const segs = offsetSegments(tz, from, from + len);
        const t = from + Math.floor(len / 2);
        const seg = [...segs].reverse().find((s) => s.start <= t)!;
        expect(seg.offset).toBe(offsetAt(tz, t));
        // Just before each transition the previous offset still holds.
        for (let i = 1; i < segs.length; i++) expect(offsetAt(tz, segs[i]!.start - 1)).toBe(segs[i - 1]!.offset);
      }),
      { numRuns: 60 },
    );
  });
});
