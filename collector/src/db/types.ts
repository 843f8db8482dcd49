import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.ts';

/**
 * The database the app is built on, injected and never global: Drizzle over libSQL (embedded
 * file or Turso, `drizzle-orm/libsql`) on Node, over D1 (`drizzle-orm/d1`) or Turso
 * (`drizzle-orm/libsql/web`) on Workers. Only what every driver shares: the async SQLite query
 * builder and `batch()` (atomic on libSQL and D1; interactive `transaction()` is not on D1).
 * The driver's raw result type (`db.run()`) differs, hence `unknown`.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};
export type Site = typeof schema.sites.$inferSelect;
