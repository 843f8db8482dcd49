import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema.ts';

/** The database the app is built on: Drizzle over libSQL (file, Turso) — injected, never global. */
export type Db = LibSQLDatabase<typeof schema>;
export type Site = typeof schema.sites.$inferSelect;
