import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../node/db.ts';
import { meta } from './schema.ts';
import { GroupCommit, type GroupedWrite } from './group-commit.ts';

let dir: string;
let opened: Awaited<ReturnType<typeof openDatabase>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voix-gc-'));
  opened = await openDatabase({ url: `file:${join(dir, 'db')}` });
});
afterAll(() => {
  opened.client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Plain statement lists as a write kind: each caller gets the results of its own statements. */
const statementLists: GroupedWrite<BatchItem<'sqlite'>[], unknown[]> = {
  statements: (_db, lists) => lists.flat(),
  outcomes(lists, results) {
    let offset = 0;
    return lists.map((items) => results.slice(offset, (offset += items.length)));
  },
};
const batch = (g: GroupCommit, items: BatchItem<'sqlite'>[]) => g.write(statementLists, items);

describe('GroupCommit', () => {
  it('runs concurrent callers in few commits and gives each its own results', async () => {
    const { db } = opened;
    const g = new GroupCommit(db);
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const results = await Promise.all(
      keys.map((key) =>
        batch(g, [
          db.insert(meta).values({ key, value: 'v', updatedAt: 1 }).onConflictDoNothing().returning({ key: meta.key }),
          db.insert(meta).values({ key, value: 'again', updatedAt: 2 }).onConflictDoNothing().returning({ key: meta.key }),
        ]),
      ),
    );
    results.forEach(([first, second], i) => {
      expect(first).toEqual([{ key: keys[i] }]);
      expect(second).toEqual([]);
    });
    expect(g.stats.callers).toBe(200);
    expect(g.stats.commits).toBeLessThan(20);
    const n = await db.select({ n: sql<number>`count(*)` }).from(meta).where(sql`${meta.key} like 'k%'`);
    expect(n[0]!.n).toBe(200);
  });

  it('isolates a failing caller: the others still commit', async () => {
    const { db } = opened;
    const g = new GroupCommit(db);
    const ok = batch(g, [db.insert(meta).values({ key: 'good-1', value: 'v', updatedAt: 1 })]);
    const bad = batch(g, [db.run(sql`insert into no_such_table values (1)`)]);
    const ok2 = batch(g, [db.insert(meta).values({ key: 'good-2', value: 'v', updatedAt: 1 })]);
    await expect(ok).resolves.toBeDefined();
    await expect(bad).rejects.toThrow();
    await expect(ok2).resolves.toBeDefined();
    const rows = await db.select().from(meta).where(sql`${meta.key} like 'good-%'`);
    expect(rows.map((r) => r.key).sort()).toEqual(['good-1', 'good-2']);
  });

  it('writes each kind of a group with one statement for all its writes, and answers each caller', async () => {
    const { db } = opened;
    const g = new GroupCommit(db);
    let statements = 0;
    // One multi-row insert for the whole group; the caller learns whether its key was new.
    const metaWrites: GroupedWrite<string, boolean> = {
      statements(db, keys) {
        statements++;
        return [db.insert(meta).values(keys.map((key) => ({ key, value: 'w', updatedAt: 1 }))).onConflictDoNothing().returning({ key: meta.key })];
      },
      outcomes: (keys, [inserted]) => keys.map((k) => (inserted as { key: string }[]).some((r) => r.key === k)),
    };
    const [a, b, listed, c] = await Promise.all([
      g.write(metaWrites, 'w-1'),
      g.write(metaWrites, 'w-2'),
      batch(g, [db.insert(meta).values({ key: 'w-3', value: 'b', updatedAt: 1 }).returning({ key: meta.key })]),
      g.write(metaWrites, 'good-1'), // stored by the test above
    ]);
    expect([a, b, c]).toEqual([true, true, false]);
    expect(listed).toEqual([[{ key: 'w-3' }]]);
    expect(statements).toBe(1);
    expect(g.stats).toEqual({ commits: 1, callers: 4 });
  });
});
