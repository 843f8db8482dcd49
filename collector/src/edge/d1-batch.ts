import type { DrizzleD1Database } from 'drizzle-orm/d1';

/** The parts of Drizzle's D1 session and batch items this fix touches (drizzle-orm 0.45). */
interface BatchItem {
  _prepare(): { getQuery(): { sql: string; params: unknown[] }; mapResult(result: unknown, isFromBatch: boolean): unknown };
}
interface D1Like {
  prepare(sql: string): { bind(...params: unknown[]): unknown };
  batch(statements: unknown[]): Promise<unknown[]>;
}

/**
 * drizzle-orm 0.45's D1 `batch()` binds each item through its prepared `.stmt`, which a raw
 * `db.run(sql`…`)` item (a `SQLiteRaw`) does not have, so any raw statement with parameters in a
 * batch throws "Cannot read properties of undefined (reading 'bind')" (drizzle-team/drizzle-orm#2277,
 * open). The libSQL driver has no such problem and the app batches raw statements (rollups,
 * webhook outbox), so the Worker replaces the session's `batch` with the same algorithm that
 * prepares every item from its SQL: still one `D1Database.batch()` call, so still atomic.
 * Remove once the upstream fix ships.
 */
export function fixD1RawBatch<T extends DrizzleD1Database<any>>(db: T, d1: D1Like): T {
  const session = (db as unknown as { session: { batch(queries: BatchItem[]): Promise<unknown[]> } }).session;
  session.batch = async function batchPreparingRawItems(queries) {
    const prepared = queries.map((q) => q._prepare());
    const statements = prepared.map((p) => {
      const { sql, params } = p.getQuery();
      return d1.prepare(sql).bind(...params);
    });
    const results = await d1.batch(statements);
    return results.map((result, i) => prepared[i]!.mapResult(result, true));
  };
  return db;
}
