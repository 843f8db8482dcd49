import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csatDifference, histogramOf, type Moment } from '@voix/shared';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { recordResponse } from '../../collector/src/db/responses.ts';
import { findSiteByKey } from '../../collector/src/db/sites.ts';
import { createVoixClient, VoixApiError } from '../../collector/src/client.ts';
import { ORIGIN, answer, post, read, startCollector, type TestCollector } from './collector.ts';

let c: TestCollector;
let siteId: number;
const moment = (id: string) => (DEMO_CONFIG.moments as Moment[]).find((m) => m.id === id)!;

async function store(momentId: string, score: number, now: number, extra: Partial<Parameters<typeof recordResponse>[1]> = {}) {
  await recordResponse(c.db, { siteId, id: crypto.randomUUID(), moment: moment(momentId), score, comment: null, anonymousId: 'a', userId: null, locale: 'en', channel: 'inpage', attributes: null, now, ...extra });
}

beforeAll(async () => {
  c = await startCollector();
  siteId = (await findSiteByKey(c.db, c.siteKey))!.id;
});
afterAll(() => c.close());

describe('aggregates: dimensions, time zones, comparison, benchmark', () => {
  it('groups by several dimensions with an object key, by attribute, in a time zone', async () => {
    // Sunday 2025-03-30 23:30 UTC is Monday 01:30 in Paris (after the DST change): another week.
    await store('post-checkout', 5, Date.UTC(2025, 2, 30, 23, 30), { attributes: { segment: 'smb', plan: 'pro' } });
    await store('post-checkout', 1, Date.UTC(2025, 2, 30, 12), { attributes: { segment: 'ent', plan: 'pro' } });
    await store('post-checkout', 4, Date.UTC(2025, 2, 31, 9), { attributes: { plan: 'free' } });
    const q = 'metric=csat&from=2025-03-24&to=2025-04-07';
    const utc = await read(c, `/v1/aggregates?${q}&groupBy=stage,week`);
    expect(utc.groups.map((g: any) => [g.key, g.n])).toEqual([
      [{ stage: 'purchase', week: '2025-03-24' }, 2],
      [{ stage: 'purchase', week: '2025-03-31' }, 1],
    ]);
    const paris = await read(c, `/v1/aggregates?${q}&groupBy=week&tz=Europe/Paris`);
    expect(paris.groups.map((g: any) => [g.key, g.n])).toEqual([['2025-03-24', 1], ['2025-03-31', 2]]);
    const bySegment = await read(c, `/v1/aggregates?${q}&groupBy=attr.segment`);
    expect(bySegment.groups.map((g: any) => [g.key, g.n, g.score])).toEqual([[null, 1, 100], ['ent', 1, 0], ['smb', 1, 100]]);
    const pro = await read(c, `/v1/aggregates?${q}&attr.plan=pro&groupBy=moment`);
    expect(pro).toMatchObject({ n: 2, score: 50, groups: [{ key: 'post-checkout', n: 2 }] });
    // Displays carry no attributes: with an attribute filter, no response rate is claimed.
    expect(pro.groups[0].displays).toBeUndefined();
    const all = await read(c, `/v1/aggregates?${q}&groupBy=moment`);
    expect(all.groups[0]).toMatchObject({ key: 'post-checkout', n: 3, displays: 0, responseRate: null });
  });

  it('rejects bad dimensions, zones and comparisons with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['metric=nps&groupBy=week,month', 'groupBy'],
      ['metric=nps&groupBy=colour', 'groupBy'],
      ['metric=nps&tz=Mars/Olympus', 'tz'],
      ['metric=nps&compare=previous&from=2025-01-01', 'compare'],
      ['metric=nps&benchmark=banking', 'benchmark'],
      ['metric=nps&attr.a%20b=1', 'attr.a b'],
    ];
    for (const [qs, path] of cases) {
      const res = await fetch(`${c.url}/v1/aggregates?${qs}`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
      expect(res.status, qs).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.issues.map((i: any) => i.path)).toContain(path);
    }
  });

  it('compares with the previous period of equal length, and shows the benchmark beside the score', async () => {
    const day = 86_400_000;
    const from = Date.UTC(2024, 5, 10), to = from + 7 * day;
    // Current week: 56 of 70 satisfied; previous week: 48 of 80 (Newcombe's example).
    for (let i = 0; i < 70; i++) await store('post-checkout', i < 56 ? 5 : 2, from + i * 3_600_000);
    for (let i = 0; i < 80; i++) await store('post-checkout', i < 48 ? 4 : 1, from - 7 * day + i * 3_600_000);
    await store('post-checkout', 1, to); // exactly at `to`: excluded
    const a = await read(c, `/v1/aggregates?metric=csat&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&compare=previous&benchmark=ecommerce&groupBy=moment`);
    expect(a).toMatchObject({ n: 70, score: 80, benchmark: { sector: 'ecommerce', score: 78 } });
    expect(a.comparison.previous).toMatchObject({ n: 80, score: 60, from: new Date(from - 7 * day).toISOString(), to: new Date(from).toISOString() });
    const expected = csatDifference(histogramOf([...Array(56).fill(5), ...Array(14).fill(2)]), histogramOf([...Array(48).fill(4), ...Array(32).fill(1)]));
    expect(a.comparison).toMatchObject({ difference: expected.difference, ci95: expected.ci95, significant: true, method: 'newcombe-wilson' });
    expect(a.comparison.ci95[0]).toBeCloseTo(5.24, 2);
    expect(a.groups[0].comparison).toMatchObject({ difference: expected.difference });
    const ces = await read(c, '/v1/aggregates?metric=ces&benchmark=telecoms');
    expect(ces.benchmark).toMatchObject({ sector: 'telecoms', score: null });
    const nps = await read(c, '/v1/aggregates?metric=nps&benchmark=hospitality');
    expect(nps.benchmark.score).toBe(40);
    expect(nps.score).toBeNull(); // never mixed into the score
  });
});

/** RFC 4180 parser for the test (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  return rows;
}

/**
 * GET with one retry on a reset socket: after a long pause the server may close an idle
 * keep-alive connection (Node's 5 s keepAliveTimeout) just as fetch reuses it.
 */
async function getAuthed(path: string): Promise<Response> {
  const go = () => fetch(`${c.url}${path}`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
  try {
    return await go();
  } catch {
    return go();
  }
}

describe('export', () => {
  it('streams every matching response as CSV and NDJSON, with formulas neutralised', async () => {
    const t0 = Date.UTC(2023, 0, 1);
    for (let i = 0; i < 2300; i++) {
      await store('relationship-nps', i % 11, t0 + i * 60_000, { comment: i === 7 ? '=HYPERLINK("http://evil","x")' : i === 8 ? '-2+3' : null, attributes: { plan: i % 2 ? 'pro' : 'free' }, userId: i === 9 ? '@admin' : null });
    }
    const res = await getAuthed('/v1/responses?format=csv&metric=nps&from=2023-01-01&to=2023-02-01');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="voix-responses-.*\.csv"/);
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks.length).toBeGreaterThanOrEqual(3); // header, then one chunk per page of 1000
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['id', 'createdAt', 'momentId', 'metric', 'stage', 'score', 'comment', 'anonymousId', 'userId', 'locale', 'channel', 'attributes']);
    expect(rows.length - 1).toBe(2300);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(2300);
    const comments = rows.map((r) => r[6]);
    expect(comments).toContain(`'=HYPERLINK("http://evil","x")`);
    expect(comments).toContain(`'-2+3`);
    expect(rows.map((r) => r[8])).toContain(`'@admin`);
    expect(rows.slice(1).every((r) => /^\d+$/.test(r[5]!))).toBe(true);

    const nd = await getAuthed('/v1/responses?format=ndjson&metric=nps&attr.plan=pro&from=2023-01-01&to=2023-02-01');
    expect(nd.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1150);
    expect(lines.every((r) => r.attributes.plan === 'pro')).toBe(true);
    const times = lines.map((r) => Date.parse(r.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('needs a secret key and valid filters', async () => {
    expect((await fetch(`${c.url}/v1/responses?format=csv`)).status).toBe(401);
    const bad = await fetch(`${c.url}/v1/responses?format=xlsx`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('format');
  });
});

describe('typed client, OpenAPI document and /docs', () => {
  it('calls the API through the typed client', async () => {
    const voix = createVoixClient({ baseUrl: c.url, secretKey: c.secretKey });
    const ack = await voix.ingest.response(answer(c, 'support-effort', 6) as any, ORIGIN);
    expect(ack.duplicate).toBe(false);
    const agg = await voix.aggregates({ metric: 'ces', groupBy: 'moment' });
    expect(agg.groups[0]).toMatchObject({ key: 'support-effort', n: 1, score: 6 });
    const page = await voix.responses({ metric: 'ces', limit: 5 });
    expect(page.data[0]!.id).toBe(ack.id);
    const all: string[] = [];
    for await (const r of voix.exportAll({ metric: 'ces' })) all.push(r.id);
    expect(all).toEqual([ack.id]);
    const hook = await voix.webhooks.create({ url: 'http://127.0.0.1:9/hook', format: 'slack' });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await voix.webhooks.list()).data.map((h) => h.id)).toContain(hook.id);
    await voix.webhooks.delete(hook.id);
    const err = await voix.webhooks.delete(hook.id).catch((e) => e);
    expect(err).toBeInstanceOf(VoixApiError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    const bad = await createVoixClient({ baseUrl: c.url, secretKey: 'sk_wrongwrongwrongwrong' }).aggregates({ metric: 'nps' }).catch((e) => e);
    expect(bad).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('documents every route of the app in /v1/openapi.json', async () => {
    const doc = await (await fetch(`${c.url}/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const { createApp } = await import('../../collector/src/app.ts');
    const app = createApp({ db: c.db, log: () => {} });
    const routes = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/docs/'))
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
    for (const r of routes) expect(documented, r).toContain(r);
    expect(Object.keys(doc.webhooks)).toEqual(['response.created', 'response.detractor']);
    const agg = doc.paths['/v1/aggregates'].get;
    expect(agg.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['metric', 'groupBy', 'tz', 'compare', 'benchmark', 'from', 'to', 'attr.{name}']));
  });

  it('serves a self-contained reference page under a strict CSP', async () => {
    const page = await fetch(`${c.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    const js = await (await fetch(`${c.url}/docs/app.js`)).text();
    expect(js).toContain('/v1/openapi.json');
    expect(js).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|import\(|src=/);
    expect((await fetch(`${c.url}/docs/style.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });
});

describe('live stream', () => {
  it('pushes each new response with the updated scores, once', async () => {
    const res = await fetch(`${c.url}/v1/stream?key=${c.secretKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (): Promise<{ event: string; data: any }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    expect((await nextEvent()).event).toBe('ready');
    const before = await read(c, '/v1/aggregates?metric=nps&groupBy=moment');
    const body = answer(c, 'relationship-nps', 0, { comment: 'Too slow' });
    expect((await post(c, '/v1/responses', body)).status).toBe(202);
    expect((await post(c, '/v1/responses', body)).status).toBe(202); // duplicate: no event
    const other = answer(c, 'relationship-nps', 10);
    await post(c, '/v1/responses', other);
    const first = await nextEvent();
    expect(first.event).toBe('response');
    expect(first.data.response).toMatchObject({ id: body.id, score: 0, comment: 'Too slow', momentId: 'relationship-nps' });
    expect(first.data.scores).toMatchObject({ metric: 'nps', n: before.n + 1, moment: { id: 'relationship-nps', n: before.n + 1 } });
    const second = await nextEvent();
    expect(second.data.response.id).toBe(other.id);
    expect(second.data.scores.n).toBe(before.n + 2);
    await reader.cancel();
  });

  it('refuses a missing or public key', async () => {
    expect((await fetch(`${c.url}/v1/stream`)).status).toBe(401);
    const pk = await fetch(`${c.url}/v1/stream?key=${c.siteKey}`);
    expect(pk.status).toBe(401);
    expect((await pk.json()).error.code).toBe('unauthorized');
  });
});
