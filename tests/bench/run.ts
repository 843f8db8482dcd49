/**
 * Aggregate benchmark (issue #5): `npm run bench`.
 *
 * Seeds BENCH_ROWS (default 1,000,000) responses spread over one year, plus half as many displays,
 * into a fresh libSQL file with multi-row INSERTs (batches of 5,000 rows), builds the rollups, then
 * times the common aggregate queries through the app (`app.request`: auth, validation, query,
 * JSON), three ways: from rollups (the default path), from raw responses (`source=raw`), and on an
 * empty database. Prints a Markdown table and writes it to tests/bench/results.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SiteConfigInput } from '@voix/shared';
import { createApp } from '../../collector/src/app.ts';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { rebuildRollups } from '../../collector/src/db/rollups.ts';
import { applyConfig, createSite } from '../../collector/src/db/sites.ts';
import { openDatabase } from '../../collector/src/node/db.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 10);
const dir = fileURLToPath(new URL(`../../.tmp/bench-aggregates-${Date.now()}`, import.meta.url));
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_END = Date.UTC(2026, 0, 1);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** The demo moments, twice each at another stage: 6 moments, 2 per metric. */
const base = DEMO_CONFIG.moments!;
const CONFIG: SiteConfigInput = {
  ...DEMO_CONFIG,
  moments: [...base, ...base.map((m, i) => ({ ...m, id: `${m.id}-2`, stage: (['discovery', 'usage', 'evaluation'] as const)[i]! }))],
};
const MOMENTS = CONFIG.moments!.map((m) => ({ id: m.id, metric: m.metric, stage: m.stage }));

/** Deterministic PRNG (mulberry32), so every run seeds the same data. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, weighted: [T, number][]): T => {
  let x = r();
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
};
const SCORE_WEIGHTS: Record<string, [number, number][]> = {
  nps: [[10, 0.25], [9, 0.2], [8, 0.15], [7, 0.1], [6, 0.08], [5, 0.07], [4, 0.04], [3, 0.03], [2, 0.03], [1, 0.02], [0, 0.03]],
  csat: [[5, 0.45], [4, 0.3], [3, 0.12], [2, 0.08], [1, 0.05]],
  ces: [[7, 0.25], [6, 0.25], [5, 0.2], [4, 0.12], [3, 0.08], [2, 0.05], [1, 0.05]],
};

async function open(name: string) {
  const { db, client } = await openDatabase({ url: `file:${dir}/${name}.db`, synchronous: 'NORMAL' });
  const site = await createSite(db, { name: 'Bench', origins: ['https://shop.example'], now: YEAR_START });
  const applied = await applyConfig(db, site.site, CONFIG, YEAR_START);
  if (!applied.ok) throw applied.error;
  return { db, client, site };
}

async function seed(client: Awaited<ReturnType<typeof open>>['client'], siteId: number) {
  const r = rng(42);
  const PER_STATEMENT = 500;
  const PER_BATCH = 10;
  const started = performance.now();
  const cols = 14;
  const placeholders = (n: number, k: number) => Array.from({ length: n }, () => `(${Array(k).fill('?').join(',')})`).join(',');
  const responseSql = `insert into responses (site_id, id, moment_id, metric, stage, score, comment, anonymous_id, user_id, locale, channel, attributes, created_at, updated_at) values ${placeholders(PER_STATEMENT, cols)}`;
  let done = 0;
  while (done < ROWS) {
    const stmts = [];
    for (let s = 0; s < PER_BATCH && done < ROWS; s++) {
      const n = Math.min(PER_STATEMENT, ROWS - done);
      const args: (string | number | null)[] = [];
      for (let i = 0; i < n; i++) {
        const m = MOMENTS[Math.floor(r() * MOMENTS.length)]!;
        // Increasing times (as real traffic arrives): the time indexes grow at their end.
        const t = YEAR_START + Math.floor(((done + i + r()) / ROWS) * (YEAR_END - YEAR_START));
        const score = pick(r, SCORE_WEIGHTS[m.metric]!);
        const segment = pick(r, [['smb', 0.6], ['mid', 0.3], ['ent', 0.1]]);
        args.push(siteId, `r${(done + i).toString(36).padStart(8, '0')}`, m.id, m.metric, m.stage, score, r() < 0.2 ? 'Livraison rapide, merci' : null, `a${Math.floor(r() * 400_000)}`, r() < 0.5 ? `u${Math.floor(r() * 200_000)}` : null, pick(r, [['en', 0.6], ['fr', 0.35], [null, 0.05]]), pick(r, [['inpage', 0.85], ['email', 0.08], ['link', 0.05], ['sms', 0.02]]), JSON.stringify({ segment, plan: r() < 0.3 ? 'pro' : 'free' }), t, t);
      }
      stmts.push({ sql: n === PER_STATEMENT ? responseSql : `insert into responses (site_id, id, moment_id, metric, stage, score, comment, anonymous_id, user_id, locale, channel, attributes, created_at, updated_at) values ${placeholders(n, cols)}`, args });
      done += n;
    }
    await client.batch(stmts, 'write');
    if (done % 100_000 === 0 || done === ROWS) log(`  seeded ${done.toLocaleString('en')} responses (${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString('en')} rows/s)`);
  }
  const displays = Math.floor(ROWS / 2);
  for (let d = 0; d < displays; ) {
    const n = Math.min(PER_STATEMENT, displays - d);
    const args: (string | number)[] = [];
    for (let i = 0; i < n; i++) {
      const m = MOMENTS[Math.floor(r() * MOMENTS.length)]!;
      args.push(siteId, `d${(d + i).toString(36)}`, m.id, `a${i}`, 'inpage', YEAR_START + Math.floor(((d + i + r()) / displays) * (YEAR_END - YEAR_START)));
    }
    await client.execute({ sql: `insert into displays (site_id, id, moment_id, anonymous_id, channel, created_at) values ${placeholders(n, 6)}`, args });
    d += n;
  }
  log(`  seeded ${displays.toLocaleString('en')} displays`);
  return (performance.now() - started) / 1000;
}

const QUERIES: [string, string][] = [
  ['One year, by week, by moment (NPS)', 'metric=nps&groupBy=moment,week&from=2025-01-01&to=2026-01-01'],
  ['Last 30 days, by day (CSAT)', 'metric=csat&groupBy=day&from=2025-12-02&to=2026-01-01'],
  ['Overall, all time (NPS)', 'metric=nps'],
  ['Overall, all time (CSAT)', 'metric=csat'],
  ['Overall, all time (CES)', 'metric=ces'],
  ['One year, by week, Europe/Paris (NPS, hourly rollups)', 'metric=nps&groupBy=week&tz=Europe/Paris&from=2025-01-01&to=2026-01-01'],
  ['Rolling 30 days from 10:17:42, by day (CSAT, mixed)', 'metric=csat&groupBy=day&from=2025-12-02T10:17:42Z&to=2026-01-01'],
  ['One year, by attr.plan (NPS, raw only)', 'metric=nps&groupBy=attr.plan&from=2025-01-01&to=2026-01-01'],
];

async function time(app: ReturnType<typeof createApp>, key: string, qs: string, runs: number) {
  const once = async () => {
    const t = performance.now();
    const res = await app.request(`/v1/aggregates?${qs}`, { headers: { Authorization: `Bearer ${key}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${qs} → ${res.status} ${body}`);
    return { ms: performance.now() - t, source: res.headers.get('voix-aggregate-source') ?? '?', n: (JSON.parse(body) as { n: number }).n };
  };
  for (let i = 0; i < Math.min(5, runs); i++) await once();
  const out: number[] = [];
  let last = { source: '', n: 0 };
  for (let i = 0; i < runs; i++) {
    const r = await once();
    out.push(r.ms);
    last = r;
  }
  out.sort((a, b) => a - b);
  const q = (p: number) => out[Math.min(out.length - 1, Math.ceil(p * out.length) - 1)]!;
  return { p50: q(0.5), p99: q(0.99), ...last };
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
log(`Seeding ${ROWS.toLocaleString('en')} responses into ${dir}/full.db …`);
const full = await open('full');
const seedSeconds = await seed(full.client, full.site.site.id);
let t = performance.now();
await rebuildRollups(full.db);
const rollupSeconds = (performance.now() - t) / 1000;
const rollupRows = Number((await full.client.execute('select count(*) as n from response_rollups')).rows[0]!.n);
log(`  rollups built in ${rollupSeconds.toFixed(1)} s (${rollupRows.toLocaleString('en')} rows)`);
await full.client.execute('analyze');
const empty = await open('empty');
await rebuildRollups(empty.db);

const fullApp = createApp({ db: full.db, log: () => {} });
const emptyApp = createApp({ db: empty.db, log: () => {} });
const rows: string[] = [];
const f = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);
for (const [name, qs] of QUERIES) {
  log(`Timing: ${name}`);
  // A query only raw rows can answer is timed like the raw column (it IS the raw path).
  const auto = await time(fullApp, full.site.secretKey, qs, name.includes('raw only') ? RAW_RUNS : RUNS);
  const raw = await time(fullApp, full.site.secretKey, `${qs}&source=raw`, RAW_RUNS);
  const none = await time(emptyApp, empty.site.secretKey, qs, RUNS);
  if (raw.n !== auto.n) throw new Error(`${name}: rollups n=${auto.n} but raw n=${raw.n}`);
  rows.push(`| ${name} | ${auto.n.toLocaleString('en')} | ${auto.source} | ${f(auto.p50)} | **${f(auto.p99)}** | ${f(raw.p50)} | ${f(raw.p99)} | ${f(none.p50)} | ${f(none.p99)} | ${(auto.p99 / none.p99).toFixed(1)}× |`);
}

const md = [
  '# Aggregate benchmark',
  '',
  `\`npm run bench\` — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, libSQL file (WAL, synchronous=NORMAL for seeding).`,
  '',
  `- Data: ${ROWS.toLocaleString('en')} responses over 2025 (6 moments, 2 per metric; 4 channels; en/fr; segment and plan attributes) and ${Math.floor(ROWS / 2).toLocaleString('en')} displays, seeded in ${seedSeconds.toFixed(1)} s with multi-row INSERTs.`,
  `- Rollups rebuilt from raw rows in ${rollupSeconds.toFixed(1)} s: ${rollupRows.toLocaleString('en')} rows (${(rollupRows / ROWS).toFixed(3)} per response). On ingest they are maintained incrementally in the response's own batch.`,
  `- Latency: \`app.request('/v1/aggregates?…')\` in process (secret-key lookup, zod, SQL, metric math, JSON), ${RUNS} runs after 5 warm-ups (raw and raw-only rows: ${RAW_RUNS} runs); milliseconds.`,
  '- "Empty" is the same query on a database with the same site and no responses; the ratio is rollups p99 ÷ empty p99.',
  `- Machine load average when timing ended: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) on ${cpus().length} cores; other processes inflate every column alike.`,
  '',
  '| Query | n | source | rollups p50 | rollups p99 | raw p50 | raw p99 | empty p50 | empty p99 | p99 vs empty |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
].join('\n');
console.log(md);
writeFileSync(fileURLToPath(new URL('./results.md', import.meta.url)), md);
full.client.close();
empty.client.close();
rmSync(dir, { recursive: true, force: true });
