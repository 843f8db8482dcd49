import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisplayPayload } from '@voix/shared';
import { read, update, uuid, write } from './storage.ts';

describe('uuid', () => {
  afterEach(() => vi.restoreAllMocks());

  const accepted = (id: string) =>
    DisplayPayload.safeParse({ id, siteKey: 'pk_test12345', momentId: 'm', anonymousId: 'a', channel: 'inpage' }).success;

  it('uses crypto.randomUUID when it can', () => {
    expect(accepted(uuid())).toBe(true);
  });

  it('falls back to getRandomValues outside a secure context, with a v4 id the collector accepts', () => {
    vi.spyOn(crypto, 'randomUUID').mockImplementation(() => {
      throw new TypeError('crypto.randomUUID is not a function');
    });
    const ids = new Set(Array.from({ length: 300 }, uuid));
    expect(ids.size).toBe(300);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(accepted(id)).toBe(true);
    }
  });
});

describe('storage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps working in memory when localStorage is missing or throws', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    });
    write('voix:t:state', { n: 1 });
    expect(read('voix:t:state')).toEqual({ n: 1 });
    expect(update<{ n: number }>('voix:t:state', () => ({ n: 0 }), (s) => ({ n: s.n + 1 }))).toEqual({ n: 2 });
    expect(read('voix:t:other')).toBeUndefined();
  });

  it('prefers a value kept in memory after a failed write over the stale stored one, until a write succeeds', () => {
    const store = new Map<string, string>([['voix:t:q', '"stale"']]);
    let full = true;
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => {
        if (full) throw new DOMException('full', 'QuotaExceededError');
        store.set(k, v);
      },
    });
    write('voix:t:q', 'fresh');
    expect(read('voix:t:q')).toBe('fresh');
    full = false;
    write('voix:t:q', 'stored');
    expect(store.get('voix:t:q')).toBe('"stored"');
    expect(read('voix:t:q')).toBe('stored');
  });

  it('reads corrupted JSON as nothing', () => {
    vi.stubGlobal('localStorage', { getItem: () => '{not json', setItem: () => {} });
    expect(read('voix:t:bad')).toBeUndefined();
  });
});
