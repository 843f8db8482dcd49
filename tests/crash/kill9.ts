/**
 * Crash test (reference R1, R2, R22): load the collector from this process, `kill -9` it three
 * times mid-load, restart it each time, and check that every id that got a 2xx is stored
 * exactly once and that `PRAGMA integrity_check` is ok. Run: `npm run test:crash`.
 * Clients behave like the widget's outbox: an id is resent until it is acknowledged.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { freePort, spawnNodeEntry, waitUntilReady } from '../support/node-entry.ts';

const TOTAL = Number(process.env.CRASH_TOTAL ?? 5000);
const CONCURRENCY = 50;
const KILLS = 3;
const SITE_KEY = 'pk_crashtestsite0001';
const SECRET = 'sk_crashtestsecret00000000000000001';
const dir = `.tmp/crash-${Date.now()}`;
const dbFile = `${dir}/voix.db`;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const origin = `http://localhost:${port}`;

function start(): ChildProcess {
  return spawnNodeEntry(port, {
    DATABASE_URL: `file:${dbFile}`,
    VOIX_DEMO_SITE_KEY: SITE_KEY,
    VOIX_DEMO_SECRET_KEY: SECRET,
    VOIX_ACCEPT_HEADLESS: '1',
    VOIX_RATE_LIMIT_VISITOR: '0',
    VOIX_RATE_LIMIT_SITE: '0',
    VOIX_LOG: 'silent',
  });
}

const waitReady = () => waitUntilReady(base);

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let server = start();
await waitReady();

const ids = Array.from({ length: TOTAL }, () => crypto.randomUUID());
const acked = new Set<string>();
let next = 0;
let sent = 0;
let failures = 0;
const statuses: Record<string, number> = {};

async function worker(): Promise<void> {
  while (true) {
    const i = next++;
    if (i >= ids.length) return;
    const id = ids[i]!;
    while (!acked.has(id)) {
      sent++;
      try {
        const res = await fetch(`${base}/v1/responses`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain', Origin: origin },
          body: JSON.stringify({ id, siteKey: SITE_KEY, momentId: 'relationship-nps', score: i % 11, anonymousId: `a${i}` }),
        });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        await res.arrayBuffer();
        if (res.status >= 200 && res.status < 300) acked.add(id);
        else if (res.status < 500) throw new Error(`unexpected ${res.status} for ${id}`);
      } catch (err) {
        if (String(err).includes('unexpected')) throw err;
        failures++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}

const load = Promise.all(Array.from({ length: CONCURRENCY }, worker));
for (let k = 1; k <= KILLS; k++) {
  // Let some load through, then kill at a random moment of it.
  const target = Math.floor((TOTAL * k) / (KILLS + 1)) + Math.floor(Math.random() * (TOTAL / 10));
  while (acked.size < Math.min(target, TOTAL - 1)) await new Promise((r) => setTimeout(r, 5));
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  process.stderr.write(`kill -9 #${k} at ${acked.size}/${TOTAL} acknowledged; restarting\n`);
  server = start();
  await waitReady();
}
await load;
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));

const client = createClient({ url: `file:${dbFile}` });
const integrity = String(Object.values((await client.execute('PRAGMA integrity_check')).rows[0]!)[0]);
const rows = (await client.execute('select id, count(*) as n from responses group by id')).rows;
client.close();
const stored = new Map(rows.map((r) => [String(r.id), Number(r.n)]));
const missing = [...acked].filter((id) => !stored.has(id));
const doubled = [...stored].filter(([, n]) => n !== 1);
const known = new Set<string>(ids);
const unknown = [...stored.keys()].filter((id) => !known.has(id));

const ok = integrity === 'ok' && missing.length === 0 && doubled.length === 0 && unknown.length === 0 && acked.size === TOTAL;
console.log(
  JSON.stringify({ total: TOTAL, acknowledged: acked.size, requestsSent: sent, connectionFailures: failures, statuses, storedRows: stored.size, missing: missing.length, storedTwice: doubled.length, integrity }, null, 2),
);
console.log(ok ? 'crash test: PASS — every acknowledged id stored exactly once' : 'crash test: FAIL');
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
