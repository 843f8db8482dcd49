/**
 * Ingest benchmark (issue #6 figures): autocannon, 50 connections, BENCH_SECONDS (default 30)
 * against POST /v1/responses with durable writes, beside a bare Hono route answering 202 on the
 * same server (the ceiling). Ingest runs with the write thread (the default) and with commits on
 * the main thread (`VOIX_WRITE_THREAD=0`), each run on a fresh database, the two modes alternated
 * for BENCH_ROUNDS rounds (default 1). Reports req/s,
 * p50/p99 latency, the collector's peak RSS, and checks that every 2xx answer is a stored row.
 * Run: `npm run bench:ingest`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';
import { freePort, spawnNodeEntry, waitUntilReady } from '../support/node-entry.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = 50;
const SITE_KEY = 'pk_benchsite00000001';
const dir = `.tmp/bench-ingest-${Date.now()}`;
const loadAtStart = loadavg()[0]!;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const origin = `http://localhost:${port}`;

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

/** A collector on a fresh database file, with its peak RSS sampled from /proc. */
async function startCollector(name: string, env: Record<string, string> = {}) {
  const dbFile = `${dir}/${name}.db`;
  const server = spawnNodeEntry(port, {
    DATABASE_URL: `file:${dbFile}`,
    VOIX_DEMO_SITE_KEY: SITE_KEY,
    VOIX_ACCEPT_HEADLESS: '1',
    VOIX_RATE_LIMIT_VISITOR: '0',
    VOIX_RATE_LIMIT_SITE: '0',
    VOIX_LOG: 'silent',
    VOIX_BENCH_CEILING: '1',
    ...env,
  });
  await waitUntilReady(base);
  let peakRss = 0;
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
      peakRss = Math.max(peakRss, kb * 1024);
    } catch {}
  }, 250);
  return {
    resetRss: () => (peakRss = 0),
    /** Stops the collector; returns its peak RSS and the number of rows stored. */
    async stop(): Promise<{ peakRss: number; stored: number }> {
      clearInterval(sampler);
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      const client = createClient({ url: `file:${dbFile}` });
      const stored = Number((await client.execute('select count(*) as n from responses')).rows[0]!.n);
      client.close();
      return { peakRss, stored };
    },
  };
}

function run(title: string, path: string, body: () => string): Promise<autocannon.Result> {
  process.stderr.write(`\n${title}: ${CONNECTIONS} connections, ${SECONDS} s…\n`);
  const instance = autocannon({
    url: `${base}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin },
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }),
      },
    ],
  });
  autocannon.track(instance, { renderProgressBar: process.stderr.isTTY, renderResultsTable: false, renderLatencyTable: false });
  return new Promise((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
}

// Bodies are cheap to make (the load generator shares the 2 cores with the collector): a random
// UUID prefix once, then a counter in the last group, so every answer still has a fresh id.
const idPrefix = crypto.randomUUID().slice(0, 24);
let i = 0;
const answer = () => {
  i++;
  const id = idPrefix + i.toString(16).padStart(12, '0');
  const comment = i % 5 ? '' : ',"comment":"Great service, fast delivery"';
  return `{"id":"${id}","siteKey":"${SITE_KEY}","momentId":"relationship-nps","score":${i % 11},"anonymousId":"a${i}"${comment}}`;
};

// Ingest in both modes, alternated (BENCH_ROUNDS rounds, default 1), so that a noisy machine
// weighs on both alike; the ceiling once, on the first collector.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
type Mode = 'write thread' | 'main thread';
const runs: { mode: Mode; round: number; result: autocannon.Result; peakRss: number; stored: number }[] = [];
let ceiling: autocannon.Result | undefined;
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of ['write thread', 'main thread'] as const) {
    const collector = await startCollector(`${mode.replace(' ', '-')}-${round}`, mode === 'main thread' ? { VOIX_WRITE_THREAD: '0' } : {});
    if (!ceiling) {
      ceiling = await run('ceiling (bare Hono route → 202)', '/bench/ceiling', () => '{}');
      collector.resetRss();
    }
    const result = await run(`POST /v1/responses (durable, ${mode}, round ${round}/${ROUNDS})`, '/v1/responses', answer);
    runs.push({ mode, round, result, ...(await collector.stop()) });
  }
}
rmSync(dir, { recursive: true, force: true });

const top = ceiling!;
const share = (reqs: number) => Math.round((100 * reqs) / top.requests.average);
const synchronous = process.env.VOIX_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';
const label: Record<Mode, string> = {
  'write thread': `POST /v1/responses, WAL + synchronous=${synchronous}, write thread (default)`,
  'main thread': `POST /v1/responses, WAL + synchronous=${synchronous}, commits on the main thread (\`VOIX_WRITE_THREAD=0\`)`,
};
const row = (name: string, r: autocannon.Result, ofCeiling: string) =>
  `| ${name} | ${Math.round(r.requests.average).toLocaleString('en')} | ${ofCeiling} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r['2xx'].toLocaleString('en')} | ${r.non2xx + r.errors + r.timeouts} |`;
const mean = (mode: Mode) => runs.filter((r) => r.mode === mode).reduce((sum, r) => sum + r.result.requests.average, 0) / ROUNDS;
const unacknowledgedLoss = runs.filter((r) => r.stored < r.result['2xx']);
const md = [
  `Ingest benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, autocannon ${CONNECTIONS} connections × ${SECONDS} s per run, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''} alternating the two modes, load generator on the same machine (load average before: ${loadAtStart.toFixed(2)}). Command: \`${synchronous === 'NORMAL' ? 'VOIX_SYNCHRONOUS=NORMAL ' : ''}${ROUNDS > 1 || SECONDS !== 30 ? `BENCH_ROUNDS=${ROUNDS} BENCH_SECONDS=${SECONDS} ` : ''}npm run bench:ingest\`.`,
  '',
  '| route | req/s (mean) | of ceiling | p50 | p99 | 2xx | errors + non-2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  row('bare Hono route → 202 (ceiling)', top, '100 %'),
  ...runs.map((r) => row(`${label[r.mode]}${ROUNDS > 1 ? `, round ${r.round}` : ''}`, r.result, `${share(r.result.requests.average)} %`)),
  '',
  `- With the write thread, ingest reaches **${share(mean('write thread'))} %** of the ceiling (${Math.round(mean('write thread')).toLocaleString('en')} req/s${ROUNDS > 1 ? ', mean of the rounds' : ''}); with commits on the main thread ${share(mean('main thread'))} % (${Math.round(mean('main thread')).toLocaleString('en')} req/s).`,
  `- Collector peak RSS under ingest load: **${Math.round(Math.max(...runs.filter((r) => r.mode === 'write thread').map((r) => r.peakRss)) / 1024 / 1024)} MiB** with the write thread (main thread: ${Math.round(Math.max(...runs.filter((r) => r.mode === 'main thread').map((r) => r.peakRss)) / 1024 / 1024)} MiB).`,
  `- Rows stored: ${runs.map((r) => `${r.stored.toLocaleString('en')} for ${r.result['2xx'].toLocaleString('en')} acknowledged`).join('; ')}: ${unacknowledgedLoss.length === 0 ? 'none lost' : 'SOME LOST'} (rows may exceed 2xx by requests in flight when the clock stopped).`,
].join('\n');
console.log(`\n${md}`);
writeFileSync('tests/bench/ingest-results.md', md + '\n');
process.exit(unacknowledgedLoss.length === 0 ? 0 : 1);
