import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, count, isWorkerd, post, startCollector, type TestCollector } from './collector.ts';

/**
 * Ingest rate limits as each runtime runs them in production (R15): on Node the in-memory token
 * buckets; on Workers the Rate Limiting bindings of wrangler.jsonc, which Cloudflare counts for
 * all the isolates of a location (Miniflare simulates them here). 100 answers a minute per
 * visitor of a site; the 101st gets 429 with Retry-After; other sites are not affected.
 * (abuse.test.ts covers the per-site limit and failing open on Node.)
 */
let c: TestCollector;
beforeAll(async () => {
  c = await startCollector({ rateLimits: true });
});
afterAll(() => c.close());

describe('rate limits as in production', () => {
  it('are counted where each runtime counts them in production', async () => {
    const health = await (await fetch(`${c.url}/v1/health`)).json();
    expect(health.rateLimits).toBe(isWorkerd ? 'workers-rate-limiting' : 'memory');
  });

  it('lets 100 answers a minute through for one visitor, refuses the next with 429 + Retry-After, and not on another site', async () => {
    if (isWorkerd) {
      // The binding counts in fixed windows of 60 s: start well inside one.
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 15_000) await new Promise((r) => setTimeout(r, left + 200));
    }
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 110; i++) {
      const res = await post(c, '/v1/responses', answer(c, 'post-checkout', 5));
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
      else await res.arrayBuffer();
    }
    const accepted = statuses.filter((s) => s === 202).length;
    // Token buckets refill a little while the 110 requests run (100 a minute): a request or two.
    expect(accepted).toBeGreaterThanOrEqual(100);
    expect(accepted).toBeLessThanOrEqual(isWorkerd ? 100 : 103);
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await refused!.json();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.issues[0].path).toBe('body');
    // Nothing refused was stored.
    expect(await count(c, 'responses')).toBe(accepted);
    // Another site's visitors have their own count.
    const other = { ...answer(c, 'post-checkout', 4), siteKey: c.other.siteKey };
    expect((await post(c, '/v1/responses', other, { Origin: 'https://other.example' })).status).toBe(202);
  }, 120_000);
});
