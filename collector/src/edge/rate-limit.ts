import type { RateLimiter } from '../http/rate-limit.ts';

/**
 * Cloudflare's Workers Rate Limiting binding (`ratelimits` in wrangler.jsonc): a counter per key
 * kept by Cloudflare for each of its locations and shared by every isolate there — unlike the
 * in-memory buckets, which each isolate counts alone. Its limit and period (10 or 60 s) are set
 * on the binding, not here.
 */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export interface BindingRateLimits {
  /** Per visitor of a site (key: site key + the salted visitor hash). */
  visitor?: RateLimitBinding;
  /** Per site (key: the site key). */
  site?: RateLimitBinding;
}

/**
 * `Retry-After` when refused. The API does not say when its window ends; 60 s is the longest
 * period a binding can have, so the count has started over by then.
 */
const RETRY_AFTER_SECONDS = 60;

/** The ingest rate limiter (http/guard.ts) on Workers Rate Limiting bindings. */
export function bindingRateLimiter(limits: BindingRateLimits): RateLimiter {
  const wait = RETRY_AFTER_SECONDS;
  return {
    store: 'workers-rate-limiting',
    async check(siteKey, visitor) {
      if (limits.visitor && !(await limits.visitor.limit({ key: `${siteKey}:${await visitor()}` })).success) return wait;
      if (limits.site && !(await limits.site.limit({ key: siteKey })).success) return wait;
      return 0;
    },
  };
}
