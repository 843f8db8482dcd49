import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../node/db.ts';
import { meta } from './schema.ts';
import { WriteThread } from '../node/write-thread.ts';
import { GroupCommit, type GroupCommitOptions, type GroupedWrite } from './group-commit.ts';

let dir: string;
let opened: Awaited<ReturnType<typeof openDatabase>>;
let thread: WriteThread;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voix-gc-'));
  opened = await openDatabase({ url: `file:${join(dir, 'db')}`, writeThread: false });
  thread = new WriteThread({ path: join(dir, 'db'), synchronous: 'FULL', busyTimeoutMs: 5000 });
  await thread.started();
});
afterAll(async () => {
  await thread.close();
  opened.client.close();
  rmSync(dir, { recursive: true, force: true });
});

// Every case twice: batches on the database object's own connection, and on the write thread
// (node/write-thread.ts, what a Node collector on a local file uses).
const where: [string, () => GroupCommitOptions][] = [
  ['main connection', () => ({})],
  ['write thread', () => ({ writer: thread })],
];

/** Plain statement lists as a write kind: each caller gets the results of its own statements. */
const statementLists: GroupedWrite<BatchItem<'sqlite'>[], unknown[]> = {
  statements: (_db, lists) => lists.flat(),
  outcomes(lists, results) {
    let offset = 0;
    return lists.map((items) => results.slice(offset, (offset += items.length)));
  },
};
const batch = (g: GroupCommit, items: BatchItem<'sqlite'>[]) => g.write(statementLists, items);

describe.each(where)('GroupCommit on the %s', (name, options) => {
  const key = (k: string) => `${name}:${k}`;
  it('runs concurrent callers in few commits and gives each its own results', async () => {
    const { db } = opened;
    const g = new GroupCommit(db, options());
    const keys = Array.from({ length: 200 }, (_, i) => key(`k${i}`));
    const results = await Promise.all(
      keys.map((k) =>
        batch(g, [
          db.insert(meta).values({ key: k, value: 'v', updatedAt: 1 }).onConflictDoNothing().returning({ key: meta.key }),
          db.insert(meta).values({ key: k, value: 'again', updatedAt: 2 }).onConflictDoNothing().returning({ key: meta.key }),
        ]),
      ),
    );
    results.forEach(([first, second], i) => {
      expect(first).toEqual([{ key: keys[i] }]);
      expect(second).toEqual([]);
    });
    expect(g.stats.callers).toBe(200);
    expect(g.stats.commits).toBeLessThan(20);
    const n = await db.select({ n: sql<number>`count(*)` }).from(meta).where(sql`${meta.key} like ${key('k%')}`);
    expect(n[0]!.n).toBe(200);
  });

  it('isolates a failing caller: the others still commit', async () => {
    const { db } = opened;
    const g = new GroupCommit(db, options());
    const ok = batch(g, [db.insert(meta).values({ key: key('good-1'), value: 'v', updatedAt: 1 })]);
    const bad = batch(g, [db.run(sql`insert into no_such_table values (1)`)]);
    const ok2 = batch(g, [db.insert(meta).values({ key: key('good-2'), value: 'v', updatedAt: 1 })]);
    await expect(ok).resolves.toBeDefined();
    await expect(bad).rejects.toThrow();
    await expect(ok2).resolves.toBeDefined();
    const rows = await db.select().from(meta).where(sql`${meta.key} like ${key('good-%')}`);
    expect(rows.map((r) => r.key).sort()).toEqual([key('good-1'), key('good-2')]);
  });

  it('writes each kind of a group with one statement for all its writes, and answers each caller', async () => {
    const { db } = opened;
    const g = new GroupCommit(db, options());
    let statements = 0;
    // One multi-row insert for the whole group; the caller learns whether its key was new.
    const metaWrites: GroupedWrite<string, boolean> = {
      statements(db, keys) {
        statements++;
        return [db.insert(meta).values(keys.map((k) => ({ key: k, value: 'w', updatedAt: 1 }))).onConflictDoNothing().returning({ key: meta.key })];
      },
      outcomes: (keys, [inserted]) => keys.map((k) => (inserted as { key: string }[]).some((r) => r.key === k)),
    };
    const [a, b, listed, c] = await Promise.all([
      g.write(metaWrites, key('w-1')),
      g.write(metaWrites, key('w-2')),
      batch(g, [db.insert(meta).values({ key: key('w-3'), value: 'b', updatedAt: 1 }).returning({ key: meta.key })]),
      g.write(metaWrites, key('good-1')), // stored by the test above
    ]);
    expect([a, b, c]).toEqual([true, true, false]);
    expect(listed).toEqual([[{ key: key('w-3') }]]);
    expect(statements).toBe(1);
    expect(g.stats).toEqual({ commits: 1, callers: 4 });
  });
});
