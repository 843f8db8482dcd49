import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../db/schema.ts';
import type { Db } from '../db/types.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenOptions {
  /** `file:data/voix.db` (default), `:memory:`, or `libsql://…` (Turso) with `authToken`. */
  url: string;
  authToken?: string;
  /** `FULL` (default: fsync on every commit) or `NORMAL` (survives a process crash, not a power loss). */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Opens the database, asserts the durability settings and applies pending migrations.
 * Local files run in WAL mode with `synchronous=FULL` and a 5 s busy timeout. Writes go through
 * `batch()` (never `transaction()`, which hands the connection away and loses these pragmas).
 */
export async function openDatabase(opts: OpenOptions): Promise<{ db: Db; client: Client }> {
  const isFile = opts.url.startsWith('file:');
  if (isFile) {
    const path = opts.url.slice('file:'.length).split('?')[0]!;
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({ url: opts.url, authToken: opts.authToken });
  if (isFile) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(`PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}`);
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, client };
}

/** Reads back the pragmas the write path relies on. */
export async function readPragmas(client: Client): Promise<{ journalMode: string; synchronous: number; busyTimeout: number }> {
  const one = async (name: string) => Object.values((await client.execute(`PRAGMA ${name}`)).rows[0] ?? {})[0];
  return {
    journalMode: String(await one('journal_mode')),
    synchronous: Number(await one('synchronous')),
    busyTimeout: Number(await one('busy_timeout')),
  };
}
