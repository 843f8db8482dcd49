/**
 * Ingest benchmark (issue #6 figures): autocannon, 50 connections, BENCH_SECONDS (default 30)
 * against POST /v1/responses with durable writes, beside a bare Hono route answering 202 on the
 * same server (the ceiling). Ingest runs twice, each on a fresh database: with the write thread
 * (the default) and with commits on the main thread (`VOIX_WRITE_THREAD=0`). Reports req/s,
 * p50/p99 latency, the collector's peak RSS, and checks that every 2xx answer is a stored row.
 * Run: `npm run bench:ingest`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { createClient } from '@libsql/client';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = 50;
const SITE_KEY = 'pk_benchsite00000001';
const dir = `.tmp/bench-ingest-${Date.now()}`;

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const origin = `http://localhost:${port}`;

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

/** A collector on a fresh database file, with its peak RSS sampled from /proc. */
async function startCollector(name: string, env: Record<string, string> = {}) {
  const dbFile = `${dir}/${name}.db`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'collector/src/node.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${dbFile}`,
      VOIX_DEMO_SITE_KEY: SITE_KEY,
      VOIX_ACCEPT_HEADLESS: '1',
      VOIX_RATE_LIMIT_VISITOR: '0',
      VOIX_RATE_LIMIT_SITE: '0',
      VOIX_LOG: 'silent',
      VOIX_BENCH_CEILING: '1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/v1/ready`)).ok) break;
    } catch {}
    if (i > 300) throw new Error('collector did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
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

const threaded = await startCollector('write-thread');
const ceiling = await run('ceiling (bare Hono route → 202)', '/bench/ceiling', () => '{}');
threaded.resetRss();
const ingest = await run('POST /v1/responses (durable, write thread)', '/v1/responses', answer);
const threadedEnd = await threaded.stop();

const mainThread = await startCollector('main-thread', { VOIX_WRITE_THREAD: '0' });
const ingestMain = await run('POST /v1/responses (durable, commits on the main thread)', '/v1/responses', answer);
const mainEnd = await mainThread.stop();
rmSync(dir, { recursive: true, force: true });

const share = (r: autocannon.Result) => Math.round((100 * r.requests.average) / ceiling.requests.average);
const lost = (r: autocannon.Result, stored: number) => (stored >= r['2xx'] ? 'none lost' : `${r['2xx'] - stored} LOST`);
const row = (name: string, r: autocannon.Result, ofCeiling = true) =>
  `| ${name} | ${Math.round(r.requests.average).toLocaleString('en')} | ${ofCeiling ? `${share(r)} %` : '100 %'} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r['2xx'].toLocaleString('en')} | ${r.non2xx + r.errors + r.timeouts} |`;
const md = [
  `Ingest benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, autocannon ${CONNECTIONS} connections × ${SECONDS} s, load generator on the same machine (load average before: ${loadavg()[0]!.toFixed(2)}). Command: \`npm run bench:ingest\`.`,
  '',
  '| route | req/s (mean) | of ceiling | p50 | p99 | 2xx | errors + non-2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  row('bare Hono route → 202 (ceiling)', ceiling, false),
  row('POST /v1/responses, WAL + synchronous=FULL, write thread (default)', ingest),
  row('POST /v1/responses, WAL + synchronous=FULL, commits on the main thread (`VOIX_WRITE_THREAD=0`)', ingestMain),
  '',
  `- With the write thread, ingest reaches **${share(ingest)} %** of the ceiling (${share(ingestMain)} % with commits on the main thread).`,
  `- Collector peak RSS under ingest load: **${Math.round(threadedEnd.peakRss / 1024 / 1024)} MiB** (main thread: ${Math.round(mainEnd.peakRss / 1024 / 1024)} MiB).`,
  `- Rows stored: ${threadedEnd.stored.toLocaleString('en')} for ${ingest['2xx'].toLocaleString('en')} answers acknowledged with a 2xx, ${lost(ingest, threadedEnd.stored)}; main thread: ${mainEnd.stored.toLocaleString('en')} for ${ingestMain['2xx'].toLocaleString('en')}, ${lost(ingestMain, mainEnd.stored)} (rows may exceed 2xx by requests in flight when the clock stopped).`,
].join('\n');
console.log(`\n${md}`);
writeFileSync('tests/bench/ingest-results.md', md + '\n');
process.exit(threadedEnd.stored >= ingest['2xx'] && mainEnd.stored >= ingestMain['2xx'] ? 0 : 1);
