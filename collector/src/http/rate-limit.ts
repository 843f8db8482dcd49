/**
 * Token buckets per visitor (site + salted IP hash) and per site (reference R15). In memory on
 * Node; the Workers entry can pass its own store. Fails open: a limiter error never blocks an
 * answer.
 */
export interface RateLimitOptions {
  /** Requests per minute for one visitor on one site (burst = the same number). 0 disables. */
  perVisitorPerMinute: number;
  /** Requests per minute for a whole site. 0 disables. */
  perSitePerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = { perVisitorPerMinute: 100, perSitePerMinute: 6000 };

interface Bucket {
  tokens: number;
  updated: number;
  capacity: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly clock: () => number = Date.now, private readonly maxKeys = 100_000) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(key: string, perMinute: number): number {
    if (perMinute <= 0) return 0;
    const now = this.clock();
    const rate = perMinute / 60_000; // tokens per ms
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      b = { tokens: perMinute, updated: now, capacity: perMinute };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(b.capacity, b.tokens + (now - b.updated) * rate);
    b.updated = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Forgets buckets that have refilled (they behave exactly like absent ones). */
  private sweep(now: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.updated) * b.capacity) / 60_000 >= b.capacity) this.buckets.delete(k);
    }
    // Under a flood of distinct keys, fail open rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

export interface RateLimiter {
  /** Where the counts live, shown by `/v1/health`: `memory` (this process or isolate) or `workers-rate-limiting`. */
  readonly store?: string;
  /**
   * 0 when allowed, else seconds to wait. `visitor` gives the request's pseudonymous visitor key
   * (an HMAC, http/visitor.ts): call it only when a per-visitor limit applies.
   */
  check(siteKey: string, visitor: () => Promise<string>): number | Promise<number>;
}

export function memoryRateLimiter(opts: RateLimitOptions, clock: () => number = Date.now): RateLimiter {
  const buckets = new TokenBuckets(clock);
  return {
    store: 'memory',
    async check(siteKey, visitor) {
      if (opts.perVisitorPerMinute > 0) {
        const wait = buckets.take(`v:${siteKey}:${await visitor()}`, opts.perVisitorPerMinute);
        if (wait > 0) return wait;
      }
      return buckets.take(`s:${siteKey}`, opts.perSitePerMinute);
    },
  };
}
