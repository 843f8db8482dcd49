import { Worker } from 'node:worker_threads';
import type { BatchWriter, WriterQuery, WriterResult } from '../db/group-commit.ts';

export interface WriteThreadOptions {
  /** Path of the database file (already migrated). */
  path: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
}

/** A statement's result as the thread sends it: rows as arrays, column names once. */
interface RawResult extends Omit<WriterResult, 'rows'> {
  rows: unknown[][];
}

interface Reply {
  id?: number;
  ready?: boolean;
  results?: RawResult[];
  error?: { message: string; code?: string };
}

/** An error from the write thread, with the driver's code (SQLITE_BUSY → 503, http/errors.ts). */
export class WriteThreadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WriteThreadError';
  }
}

/**
 * Ingest's group commits (db/group-commit.ts) on a thread of their own, for a local database file.
 *
 * On Node, libSQL runs every statement synchronously: a commit and its fsync used to stop the
 * event loop, so no request was parsed while answers were being written. Here the writes run in
 * a worker (node/write-thread-worker.mjs) holding its own connection with the same pragmas;
 * the main thread goes on reading requests and gathers the next group meanwhile. A batch is
 * answered only after its COMMIT returned, so a 2xx still means durably stored.
 *
 * Other statements keep using the main connection; both are writers on one WAL file, so batches
 * on either side take the write lock up front (`BEGIN IMMEDIATE`) and wait for each other under
 * the 5 s busy timeout (reference R23).
 */
export class WriteThread implements BatchWriter {
  private worker!: Worker;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, { resolve: (r: WriterResult[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;
  /** The thread exited on its own: the next batch starts another. */
  private dead = false;
  /** Threads started, the first included (a thread that died is replaced by the next batch). */
  starts = 0;

  constructor(private readonly opts: WriteThreadOptions) {
    this.start();
  }

  private start() {
    this.starts++;
    const worker = new Worker(new URL('./write-thread-worker.mjs', import.meta.url), { workerData: this.opts });
    this.worker = worker;
    // The HTTP server keeps the process alive; the write thread alone must not.
    worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (msg: Reply) => {
        if (!msg.ready) return reject(new WriteThreadError(`write thread could not open ${this.opts.path}: ${msg.error?.message}`, msg.error?.code));
        worker.on('message', (m: Reply) => this.settle(m));
        resolve();
      });
      worker.once('error', reject);
    });
    this.ready.catch(() => {});
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (this.closed || worker !== this.worker) return;
      // Batches in flight may or may not have committed: their callers get an error (a 5xx the
      // widget retries with the same ids, so nothing is lost or counted twice); the next batch
      // starts a new thread.
      this.failAll(new WriteThreadError(`write thread exited (code ${code})`));
      this.dead = true;
    });
  }

  /** Resolves once the thread has opened the database; rejects if it could not. */
  started(): Promise<void> {
    return this.ready;
  }

  async batch(queries: WriterQuery[]): Promise<WriterResult[]> {
    if (this.closed) throw new WriteThreadError('write thread is closed');
    if (this.dead) {
      this.dead = false;
      this.start();
    }
    // Registered at once, so that a close() from now on waits for this batch.
    const id = this.nextId++;
    const answer = new Promise<WriterResult[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    try {
      await this.ready;
    } catch (err) {
      this.pending.delete(id);
      throw err;
    }
    // Unless the thread was lost meanwhile (then `answer` is already rejected).
    if (this.pending.has(id)) this.worker.postMessage({ id, queries });
    return answer;
  }

  /**
   * Refuses new batches, lets those under way finish (their callers get their real outcome), then
   * ends the thread. Ending it in the middle of a statement would abort the native call.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pending.size > 0 && !this.dead) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        setTimeout(resolve, this.opts.busyTimeoutMs + 5000).unref();
      });
    }
    this.failAll(new WriteThreadError('write thread is closed'));
    await this.worker.terminate();
  }
  private drained?: () => void;

  private settle(msg: Reply) {
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id!);
    if (this.pending.size === 0) this.drained?.();
    if (msg.error) p.reject(new WriteThreadError(msg.error.message, msg.error.code));
    else p.resolve((msg.results ?? []).map(toResultSet));
  }

  private failAll(err: Error) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * libSQL's row shape, which drizzle reads both ways: values by index (non-enumerable, as
 * `@libsql/client` does) for mapped selects, and by column name (enumerable) for raw ones.
 */
function toResultSet(r: RawResult): WriterResult {
  const rows = r.rows.map((values) => {
    const row: Record<string | number, unknown> = {};
    Object.defineProperty(row, 'length', { value: values.length });
    values.forEach((value, i) => {
      Object.defineProperty(row, i, { value });
      const name = r.columns[i]!;
      if (!Object.hasOwn(row, name)) row[name] = value;
    });
    return row as Record<string, unknown>;
  });
  return { ...r, rows, lastInsertRowid: r.lastInsertRowid === undefined ? undefined : BigInt(r.lastInsertRowid) };
}
