// @ts-check
/**
 * The write thread's body (collector/src/node/write-thread.ts starts it). Plain JavaScript, so
 * that it loads the same under `tsx`, vitest and plain Node: a worker does not inherit a loader.
 *
 * It owns one connection to the database file, with the durability pragmas of node/db.ts, and
 * runs each batch it is sent as ONE `BEGIN IMMEDIATE … COMMIT` transaction, synchronously, off
 * the main thread: the event loop keeps parsing requests while SQLite writes and fsyncs. Only
 * after COMMIT returned does it answer, so the caller's 2xx still means "durably stored".
 * Statements are prepared once and kept (ingest's SQL is constant: rows are one JSON parameter).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'libsql';

/** @type {{ path: string, synchronous: 'FULL' | 'NORMAL', busyTimeoutMs: number }} */
const { path, synchronous, busyTimeoutMs } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @type {any} */
let db;
/** @type {Map<string, any>} */
let statements = new Map();

function open() {
  db = new Database(path, { timeout: busyTimeoutMs });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec('PRAGMA foreign_keys = ON');
  statements = new Map();
}

/** @param {string} sql */
function prepared(sql) {
  let stmt = statements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    // Rows as arrays, with their column names once: the main thread rebuilds libSQL's row shape.
    if (stmt.reader) stmt.raw(true);
    // Bounded: ingest uses a handful of distinct statements; anything else is not kept forever.
    if (statements.size >= 64) statements.clear();
    statements.set(sql, stmt);
  }
  return stmt;
}

/** @param {unknown} err */
const isBusy = (err) => /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(`${/** @type {any} */ (err)?.code ?? ''} ${/** @type {any} */ (err)?.message ?? ''}`);

/**
 * @param {{ sql: string, args: unknown[] }[]} queries
 * @returns {{ rows: unknown[][], columns: string[], rowsAffected: number, lastInsertRowid: number | bigint | undefined }[]}
 */
function runBatch(queries) {
  db.exec('BEGIN IMMEDIATE');
  try {
    const results = queries.map(({ sql, args }) => {
      const stmt = prepared(sql);
      if (stmt.reader) {
        const rows = stmt.all(args);
        const columns = stmt.columns().map((/** @type {{ name: string }} */ c) => c.name);
        return { rows, columns, rowsAffected: 0, lastInsertRowid: undefined };
      }
      const info = stmt.run(args);
      return { rows: [], columns: [], rowsAffected: Number(info.changes), lastInsertRowid: info.lastInsertRowid };
    });
    db.exec('COMMIT');
    return results;
  } catch (err) {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {}
    // A statement that failed busy can leave its connection holding a lock (libsql-client-ts#352):
    // start over on a fresh connection, as node/db.ts does for the main one.
    if (isBusy(err)) {
      try {
        db.close();
      } catch {}
      open();
    }
    throw err;
  }
}

try {
  open();
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: describe(err) });
}

port.on('message', (/** @type {{ id: number, queries: { sql: string, args: unknown[] }[] }} */ msg) => {
  try {
    port.postMessage({ id: msg.id, results: runBatch(msg.queries) });
  } catch (err) {
    port.postMessage({ id: msg.id, error: describe(err) });
  }
});

/** @param {unknown} err */
function describe(err) {
  const e = /** @type {any} */ (err);
  return { message: String(e?.message ?? err), code: e?.code === undefined ? undefined : String(e.code) };
}
