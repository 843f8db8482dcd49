import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPragmas } from '../../collector/src/node/db.ts';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { answer, count, isWorkerd, post, startCollector, type TestCollector } from './collector.ts';

const ADMIN = 'busy-admin-token-0000000000000001';
let c: TestCollector;
beforeAll(async () => {
  c = await startCollector({ adminToken: ADMIN });
});
afterAll(() => c.close());

/** A second process that takes the write lock (BEGIN IMMEDIATE) and holds it for `ms`. */
function holdWriteLock(dbPath: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    const { createClient } = require('@libsql/client');
    const client = createClient({ url: 'file:' + process.argv[1] });
    (async () => {
      const tx = await client.transaction('write'); // BEGIN IMMEDIATE, held open
      await tx.execute("select 1");
      process.stdout.write('locked\\n');
      setTimeout(async () => { await tx.commit(); client.close(); process.stdout.write('released\\n'); }, Number(process.argv[2]));
    })();`;
  const child = spawn(process.execPath, ['-e', script, dbPath, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    let done: () => void;
    const released = new Promise<void>((r) => (done = r));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('locked\n')) resolve({ released });
      if (out.includes('released')) done();
    });
  });
}

// Node only: a second process locks the libSQL file. D1 has no file another process can lock.
describe.skipIf(isWorkerd)('busy database (R23)', () => {
  it('answers 503 with Retry-After while another process holds the write lock, never 500, and recovers', async () => {
    const { released } = await holdWriteLock(c.dbPath, 7000);
    const bodies = Array.from({ length: 3 }, () => answer(c, 'post-checkout', 5));
    const results = [];
    for (const b of bodies) {
      const res = await post(c, '/v1/responses', b);
      results.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() });
    }
    for (const r of results) {
      expect([202, 503]).toContain(r.status);
      if (r.status === 503) {
        expect(Number(r.retryAfter)).toBeGreaterThan(0);
        expect(r.body.error.code).toBe('busy');
      }
    }
    expect(results.some((r) => r.status === 503)).toBe(true);
    await released;
    // What the widget's outbox does: resend what was not acknowledged, with the same ids.
    for (const [i, b] of bodies.entries()) {
      if (results[i]!.status !== 202) expect((await post(c, '/v1/responses', b)).status).toBe(202);
    }
    expect(await count(c, 'responses')).toBe(bodies.length);
    // The client is not poisoned: later writes go through, with the durability settings intact (R22).
    expect((await post(c, '/v1/responses', answer(c, 'post-checkout', 4))).status).toBe(202);
    expect(await readPragmas(c.client)).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeout: 5000 });
  }, 40_000);
});

// Two writers inside one Node collector: ingest commits on the write thread, admin writes and
// erasures on the main connection. Every batch takes the write lock up front, so neither side
// fails a transaction it could have waited for. (On workerd the same load goes to D1.)
describe('concurrent writers in one collector (R23)', () => {
  it('ingest, config applies and erasures at once: never a 5xx, every answer stored once', async () => {
    const answers = Array.from({ length: 400 }, (_, i) => answer(c, i % 2 ? 'post-checkout' : 'relationship-nps', i % 2 ? 4 : 9, { userId: `u${i % 20}` }));
    const statuses: number[] = [];
    const ingest = (async () => {
      for (let i = 0; i < answers.length; i += 40) {
        const batch = await Promise.all(answers.slice(i, i + 40).map((b) => post(c, '/v1/responses', b)));
        statuses.push(...batch.map((r) => r.status));
      }
    })();
    const admin = (async () => {
      for (let i = 0; i < 15; i++) {
        const applied = await fetch(`${c.url}/v1/admin/sites/${c.siteKey}/config`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...DEMO_CONFIG, brand: `Shop ${i}` }),
        });
        statuses.push(applied.status);
        const erased = await fetch(`${c.url}/v1/users/gone-${i}`, { method: 'DELETE', headers: { Authorization: `Bearer ${c.secretKey}` } });
        statuses.push(erased.status);
      }
    })();
    await Promise.all([ingest, admin]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    const stored = await c.client.execute({ sql: `select count(*) as n from responses where id in (select value from json_each(?))`, args: [JSON.stringify(answers.map((a) => a.id))] });
    expect(Number(stored.rows[0]!.n)).toBe(answers.length);
  }, 60_000);
});
