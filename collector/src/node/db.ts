import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { commitWith } from '../db/group-commit.ts';
import { isBusyError } from '../http/errors.ts';
import { WriteThread } from './write-thread.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenOptions {
  /** `file:data/voix.db` (default), `:memory:`, or `libsql://…` (Turso) with `authToken`. */
  url: string;
  authToken?: string;
  /** `FULL` (default: fsync on every commit) or `NORMAL` (survives a process crash, not a power loss). */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * Local files: run ingest's group commits on a worker thread (node/write-thread.ts), so that
   * the event loop is not stopped by SQLite and its fsync. Default true; `false` keeps every
   * write on the main connection.
   */
  writeThread?: boolean;
}

/**
 * Opens the database, asserts the durability settings and applies pending migrations.
 * Local files run in WAL mode with `synchronous=FULL` and a 5 s busy timeout. Writes go through
 * `batch()` (never `transaction()`, which hands the connection away and loses these pragmas);
 * ingest's group commits go through the write thread of a local file (node/write-thread.ts).
 */
export async function openDatabase(opts: OpenOptions): Promise<{ db: Db; client: Client }> {
  const isFile = opts.url.startsWith('file:');
  if (isFile) {
    const path = opts.url.slice('file:'.length).split('?')[0]!;
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // One connection for a local file: one writer (reference R23), and the per-connection pragmas
  // below hold for every statement. `timeout` is the busy timeout of any connection it opens.
  const client = createClient({ url: opts.url, authToken: opts.authToken, ...(isFile ? { concurrency: 1, timeout: BUSY_TIMEOUT_MS } : {}) });
  const applyPragmas = async () => {
    if (isFile) {
      await client.execute('PRAGMA journal_mode = WAL');
      await client.execute(`PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}`);
      await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    await client.execute('PRAGMA foreign_keys = ON');
  };
  await applyPragmas();
  if (isFile) recoverFromBusy(client, applyPragmas);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  const path = isFile ? opts.url.slice('file:'.length).split('?')[0]! : '';
  if (path && path !== ':memory:' && opts.writeThread !== false) {
    const writer = new WriteThread({ path: resolve(path), synchronous: opts.synchronous ?? 'FULL', busyTimeoutMs: BUSY_TIMEOUT_MS });
    await writer.started();
    commitWith(db, writer);
    const close = client.close.bind(client);
    client.close = () => {
      void writer.close();
      close();
    };
  }
  return { db, client };
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * Batches take the write lock up front (`BEGIN IMMEDIATE`, libSQL mode `write`): every batch of
 * ours writes, and the write thread is a second writer on the file, so a deferred transaction
 * that reads first could not wait for the lock (reference R23).
 *
 * A statement that failed with SQLITE_BUSY inside a batch can leave its connection holding a
 * lock (libsql-client-ts#352), so that every later write is BUSY too. When a batch fails busy,
 * the connection is replaced and its pragmas applied again before the error goes up (as a 503).
 */
function recoverFromBusy(client: Client, applyPragmas: () => Promise<void>): void {
  const batch = client.batch.bind(client);
  client.batch = (async (stmts: Parameters<Client['batch']>[0], mode: Parameters<Client['batch']>[1] = 'write') => {
    try {
      return await batch(stmts, mode);
    } catch (err) {
      if (isBusyError(err)) {
        client.reconnect();
        await applyPragmas().catch(() => {});
      }
      throw err;
    }
  }) as Client['batch'];
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
