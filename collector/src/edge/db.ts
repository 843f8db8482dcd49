import { createClient } from '@libsql/client/web';
import { drizzle as drizzleD1, type AnyD1Database } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import { commitAlone } from '../db/group-commit.ts';
import * as schema from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { fixD1RawBatch } from './d1-batch.ts';

export interface EdgeDbEnv {
  /** D1 binding (`d1_databases[].binding` in wrangler.jsonc). */
  DB?: AnyD1Database;
  /** Turso: `libsql://<db>-<org>.turso.io`; takes precedence over `DB` when set. */
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
}

/** Thrown when the Worker has neither a D1 binding nor a usable `DATABASE_URL`. */
export class EdgeConfigError extends Error {}

/**
 * The Worker's database: Turso over HTTP (`@libsql/client/web`, no Node module) when
 * `DATABASE_URL` is set, else the D1 binding `DB`. Migrations are applied out of band
 * (`wrangler d1 migrations apply` for D1; for Turso the Node CLI, `npx voix …`, which migrates
 * when it opens the database): a Worker cannot read the migrations folder, and running DDL on
 * every cold start would be wasteful.
 */
export function openEdgeDatabase(env: EdgeDbEnv): Db {
  const db = connect(env);
  // No group commit across requests on Workers (see commitAlone).
  commitAlone(db);
  return db;
}

function connect(env: EdgeDbEnv): Db {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^(libsql|https?|wss?):\/\//.test(url)) {
      throw new EdgeConfigError(`DATABASE_URL must be a libsql:// or https:// URL on Workers (got ${url.split(':')[0]}:); file: databases need the Node entry`);
    }
    return drizzleLibsql(createClient({ url, authToken: env.DATABASE_AUTH_TOKEN }), { schema });
  }
  if (env.DB) return fixD1RawBatch(drizzleD1(env.DB, { schema }), env.DB as never);
  throw new EdgeConfigError('No database: bind a D1 database as "DB" in wrangler.jsonc, or set DATABASE_URL (libsql://…) and DATABASE_AUTH_TOKEN for Turso');
}
