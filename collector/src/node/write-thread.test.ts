import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBusyError } from '../http/errors.ts';
import { openDatabase } from './db.ts';
import { WriteThread } from './write-thread.ts';

/** The write thread on a real libSQL file, beside a second connection as another writer. */
let dir: string;
let path: string;
let other: Client;
let thread: WriteThread;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voix-wt-'));
  path = join(dir, 'db');
  other = createClient({ url: `file:${path}` });
  await other.execute('PRAGMA journal_mode = WAL');
  await other.execute('create table t (k text primary key, v integer not null)');
  thread = new WriteThread({ path, synchronous: 'FULL', busyTimeoutMs: 300 });
  await thread.started();
});
afterAll(async () => {
  await thread.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowsOf = async (sql: string) => (await other.execute(sql)).rows.map((r) => ({ ...r }));

describe('WriteThread', () => {
  it('runs on its own connection with the durability pragmas (R22)', async () => {
    const [journal, sync, busy] = await thread.batch([
      { sql: 'PRAGMA journal_mode', args: [] },
      { sql: 'PRAGMA synchronous', args: [] },
      { sql: 'PRAGMA busy_timeout', args: [] },
    ]);
    expect(Object.values(journal!.rows[0]!)).toEqual(['wal']);
    expect(Object.values(sync!.rows[0]!)).toEqual([2]); // FULL
    expect(Object.values(busy!.rows[0]!)).toEqual([300]);
  });

  it('commits a batch as one transaction and returns rows by name and by index, as libSQL does', async () => {
    const [inserted, updated] = await thread.batch([
      { sql: 'insert into t (k, v) values (?, ?), (?, ?) returning k, v', args: ['a', 1, 'b', 2] },
      { sql: 'update t set v = v + 10 where k = ?', args: ['a'] },
    ]);
    expect(inserted!.rows.map((r) => ({ ...r }))).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ]);
    expect(Array.prototype.slice.call(inserted!.rows[1])).toEqual(['b', 2]);
    expect(updated!.rowsAffected).toBe(1);
    // Visible to another connection as soon as the batch resolved: it was committed.
    expect(await rowsOf('select k, v from t order by k')).toEqual([
      { k: 'a', v: 11 },
      { k: 'b', v: 2 },
    ]);
  });

  it('rolls the whole batch back when one statement fails', async () => {
    await expect(
      thread.batch([
        { sql: 'insert into t (k, v) values (?, ?)', args: ['c', 3] },
        { sql: 'insert into t (k, v) values (?, ?)', args: ['d', null] },
      ]),
    ).rejects.toThrow(/NOT NULL/);
    expect(await rowsOf(`select k from t where k in ('c', 'd')`)).toEqual([]);
  });

  it('fails busy (a 503 upstream) while another connection holds the write lock, then writes again', async () => {
    const tx = await other.transaction('write'); // BEGIN IMMEDIATE
    await tx.execute('select 1');
    const started = Date.now();
    const err = await thread.batch([{ sql: 'insert into t (k, v) values (?, ?)', args: ['e', 5] }]).catch((e: unknown) => e);
    expect(isBusyError(err)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250); // waited for the busy timeout first
    await tx.commit();
    // Not poisoned: the next batch goes through.
    await thread.batch([{ sql: 'insert into t (k, v) values (?, ?)', args: ['e', 5] }]);
    expect(await rowsOf(`select v from t where k = 'e'`)).toEqual([{ v: 5 }]);
  });

  it('starts a new thread for the next batch when its thread died', async () => {
    const dying = new WriteThread({ path, synchronous: 'FULL', busyTimeoutMs: 300 });
    await dying.started();
    await dying.batch([{ sql: 'select 1', args: [] }]);
    // The thread ends (as a native crash would end it); the process and the object go on.
    await (dying as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await new Promise((r) => setTimeout(r, 20));
    await dying.batch([{ sql: 'insert into t (k, v) values (?, ?)', args: ['f', 6] }]);
    expect(dying.starts).toBe(2);
    expect(await rowsOf(`select v from t where k = 'f'`)).toEqual([{ v: 6 }]);
    await dying.close();
  });

  it('on close, finishes the batch under way, then refuses new ones', async () => {
    const closing = new WriteThread({ path, synchronous: 'FULL', busyTimeoutMs: 300 });
    await closing.started();
    const underWay = closing.batch([
      { sql: 'insert into t (k, v) values (?, ?)', args: ['g', 7] },
      { sql: 'with recursive c(x) as (select 1 union all select x + 1 from c where x < 500000) select count(*) from c', args: [] },
    ]);
    await closing.close();
    await expect(underWay).resolves.toHaveLength(2);
    expect(await rowsOf(`select v from t where k = 'g'`)).toEqual([{ v: 7 }]);
    await expect(closing.batch([{ sql: 'select 1', args: [] }])).rejects.toThrow(/closed/);
  });
});

describe('the main connection beside the write thread (R23)', () => {
  it('a batch that reads before it writes waits for the thread instead of failing', async () => {
    const file = join(dir, 'two-writers.db');
    const main = await openDatabase({ url: `file:${file}`, writeThread: false });
    const writer = new WriteThread({ path: file, synchronous: 'FULL', busyTimeoutMs: 5000 });
    await writer.started();
    let slow: Promise<unknown> | undefined;
    try {
      // The thread takes the write lock and keeps it ~0.3 s (a slow query inside its transaction).
      slow = writer.batch([
        { sql: `insert into meta (key, value, updated_at) values ('thread', 'x', 1)`, args: [] },
        { sql: 'with recursive c(x) as (select 1 union all select x + 1 from c where x < 1500000) select count(*) from c', args: [] },
      ]);
      await new Promise((r) => setTimeout(r, 50));
      // Meanwhile the main connection runs a read-then-write batch. A deferred transaction would
      // read an old snapshot, then fail SQLITE_BUSY (snapshot) once the thread commits, whatever
      // the busy timeout; taking the write lock first (node/db.ts) makes it wait, then succeed.
      const [before] = await main.client.batch([
        { sql: 'select count(*) as n from meta where key in (?, ?)', args: ['thread', 'main'] },
        { sql: `insert into meta (key, value, updated_at) values ('main', 'y', 2)`, args: [] },
      ]);
      await slow;
      expect(Number(before!.rows[0]!.n)).toBe(1); // it read after the thread's commit
      expect((await main.client.execute(`select count(*) as n from meta where key in ('thread', 'main')`)).rows[0]!.n).toBe(2);
    } finally {
      await slow?.catch(() => {});
      await writer.close();
      main.client.close();
    }
  });
});
