import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteConfig } from '@voix/shared';
import { createApp } from '../../collector/src/app.ts';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { applyConfig, createSite } from '../../collector/src/db/sites.ts';
import { openDatabase } from '../../collector/src/node/db.ts';

/**
 * Property-based fuzzing of every public and admin endpoint (reference R7): random bytes,
 * wrong types, deep nesting, `__proto__` keys, huge numbers, lone surrogates. No input may
 * produce a 5xx, every 4xx carries the error body with a field path, and nothing invalid is
 * stored. 10,000 cases in total (FUZZ_RUNS overrides).
 */
const TOTAL = Number(process.env.FUZZ_RUNS ?? 10_000);
const ORIGIN = 'https://shop.example';
const ADMIN = 'fuzz-admin-token-000000000000';

let dir: string;
let app: ReturnType<typeof createApp>;
let siteKey: string;
let secretKey: string;
let close: () => void;
let rows: () => Promise<number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voix-fuzz-'));
  const { db, client } = await openDatabase({ url: `file:${join(dir, 'voix.db')}`, synchronous: 'NORMAL' });
  const site = await createSite(db, { name: 'Fuzz', origins: [ORIGIN], now: Date.now() });
  await applyConfig(db, site.site, DEMO_CONFIG, Date.now());
  siteKey = site.siteKey;
  secretKey = site.secretKey;
  app = createApp({ db, log: () => {}, adminToken: ADMIN });
  rows = async () => Number((await client.execute('select count(*) as n from responses')).rows[0]!.n);
  close = () => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(() => close());

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('\uD800', 'a\uDC00b', '\u0000', '\u202E', '😀', '<img src=x onerror=alert(1)>', '1e309', 'constructor', '__proto__', ''),
  fc.string({ maxLength: 3000 }),
);
const leaf = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0, 11, -1, 3.5),
  fc.boolean(),
  fc.constant(null),
);
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id', 'score')), tie('value'), { maxKeys: 5 })),
})).value;

/** Bodies close to valid, with one or more fields replaced by something hostile. */
const nearlyValid = fc
  .record({
    id: fc.oneof(fc.uuid(), leaf),
    siteKey: fc.oneof(fc.constant('SITE'), leaf),
    momentId: fc.oneof(fc.constantFrom('post-checkout', 'support-effort', 'relationship-nps', 'nope'), leaf),
    score: fc.oneof(fc.integer({ min: -2, max: 12 }), leaf),
    anonymousId: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), leaf),
    comment: fc.oneof(hostileString, leaf),
    channel: fc.oneof(fc.constantFrom('inpage', 'email', 'sms', 'link', 'fax'), leaf),
    locale: fc.oneof(fc.constantFrom('en', 'fr', 'pt-BR'), leaf),
    attributes: fc.oneof(fc.dictionary(fc.string({ maxLength: 70 }), leaf, { maxKeys: 60 }), leaf),
  }, { requiredKeys: [] })
  .map((b) => JSON.stringify(b).replaceAll('"SITE"', JSON.stringify(siteKey)));

const rawBody = fc.oneof(
  nearlyValid,
  anyJson.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('{', '[[[[[[[[', '{"a":' + '['.repeat(1000) + ']'.repeat(1000) + '}', '{"score":1e309}', '\u0000', ''),
);

async function check(res: Response, label: string) {
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    const body = await res.json();
    expect(typeof body.error?.code, label).toBe('string');
    expect(typeof body.error?.message, label).toBe('string');
    if (![404, 405].includes(res.status) || body.error.code !== 'not_found') {
      expect(body.error.issues?.length, label).toBeGreaterThan(0);
      for (const i of body.error.issues) expect(i.path, label).not.toBe('');
    }
  } else await res.arrayBuffer();
}

/** Percent-encodes like a browser would (lone surrogates become U+FFFD first). */
const pct = (s: string) => encodeURIComponent(s.toWellFormed());
const share = (n: number) => Math.max(1, Math.round(TOTAL * n));

describe('fuzzing every endpoint', () => {
  it('POST /v1/responses and /v1/displays never 5xx and store only valid answers', async () => {
    const before = await rows();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(rawBody, fc.constantFrom('/v1/responses', '/v1/displays'), fc.constantFrom('text/plain', 'application/json', 'application/x-www-form-urlencoded'), async (body, path, type) => {
        const res = await app.request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': type }, body });
        if (res.status === 202 && path === '/v1/responses') accepted++;
        await check(res, `${path} ${body.slice(0, 200)}`);
      }),
      { numRuns: share(0.5) },
    );
    expect((await rows()) - before).toBeLessThanOrEqual(accepted);
  }, 300_000);

  it('GET /v1/aggregates and /v1/responses with random query strings never 5xx', async () => {
    const param = fc.tuple(fc.constantFrom('metric', 'moment', 'stage', 'channel', 'from', 'to', 'groupBy', 'limit', 'cursor', 'locale', 'x'), fc.oneof(hostileString, fc.constantFrom('nps', 'csat', 'ces', 'day', '2025-01-01', '-1', '1e9', '%', '%E0%A4%A')));
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 6 }), fc.constantFrom('/v1/aggregates', '/v1/responses'), async (params, path) => {
        const qs = params.map(([k, v]) => `${k}=${pct(v).replace('%25', '%')}`).join('&');
        const res = await app.request(`${path}?${qs}`, { headers: { Authorization: `Bearer ${secretKey}` } });
        await check(res, `${path}?${qs}`);
      }),
      { numRuns: share(0.2) },
    );
  }, 300_000);

  it('GET config, auth headers and site keys never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (key, auth) => {
        const cfg = await app.request(`/v1/sites/${pct(key)}/config`, { headers: { Origin: ORIGIN } });
        await check(cfg, `config ${key}`);
        const safeAuth = auth.replace(/[^\x20-\x7e]/g, '');
        const read = await app.request('/v1/aggregates?metric=nps', { headers: { Authorization: safeAuth } });
        await check(read, `auth ${safeAuth}`);
      }),
      { numRuns: share(0.1) },
    );
  }, 300_000);

  it('admin endpoints never 5xx and never apply an invalid config', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(rawBody, anyJson.map((v) => JSON.stringify({ brand: 'x', moments: [v] }))), async (body) => {
        const put = await app.request(`/v1/admin/sites/${siteKey}/config`, { method: 'PUT', headers: { Authorization: `Bearer ${ADMIN}` }, body });
        await check(put, `PUT config ${body.slice(0, 200)}`);
        const create = await app.request('/v1/admin/sites', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}` }, body });
        await check(create, `POST sites ${body.slice(0, 200)}`);
      }),
      { numRuns: share(0.2) },
    );
    // Whatever was applied along the way is a valid document (an invalid one never replaced it).
    const { siteKey: _k, version, ...stored } = await (await app.request(`/v1/sites/${siteKey}/config`)).json();
    expect(version).toBeGreaterThanOrEqual(1);
    expect(SiteConfig.safeParse(stored).success).toBe(true);
  }, 300_000);
});
