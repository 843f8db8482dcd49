import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './types.ts';

/**
 * Group commit: writes issued while the event loop is busy (for instance while the previous
 * commit was fsyncing) are run together as ONE database batch — one transaction, one fsync — and
 * each caller gets its own outcome. Every caller is still answered only after the commit that
 * contains its write, so a 2xx keeps meaning "durably stored".
 *
 * A write kind (`GroupedWrite`) turns all the pending writes of its kind into a few statements
 * (multi-row, so a group of 200 answers costs a handful of statements, not 600), then reads each
 * caller's outcome back from their results. Writes must be independent of each other's success
 * (ingest statements are idempotent upserts). If a grouped batch fails, its writes are retried
 * one by one so one bad write cannot fail others.
 */
type Item = BatchItem<'sqlite'>;

/** One kind of write that can be grouped: how to write many at once, and what each caller gets back. */
export interface GroupedWrite<In, Out> {
  /** Statements storing every input of the group (at least one), run in one atomic batch. */
  statements(db: Db, inputs: readonly In[]): Item[];
  /** Each input's outcome, in order, from the results of those statements. */
  outcomes(inputs: readonly In[], results: unknown[]): Out[];
}

interface Pending {
  kind: GroupedWrite<unknown, unknown>;
  input: unknown;
  resolve: (out: unknown) => void;
  reject: (err: unknown) => void;
}

/** A statement as a writer runs it: SQL and its bound values. */
export interface WriterQuery {
  sql: string;
  args: unknown[];
}
/** What a writer returns for one statement (the shape of a libSQL result set). */
export interface WriterResult {
  rows: Record<string, unknown>[];
  columns: string[];
  rowsAffected: number;
  lastInsertRowid: number | bigint | undefined;
}
/**
 * Runs a list of statements as one atomic transaction somewhere else than the database object's
 * own connection (node/write-thread.ts: a worker thread), resolving after COMMIT.
 */
export interface BatchWriter {
  batch(queries: WriterQuery[]): Promise<WriterResult[]>;
}

/** The parts of a drizzle batch item a writer needs (what drizzle's own `batch()` uses). */
interface PreparedItem {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(result: unknown, isFromBatch: boolean): unknown;
}

export interface GroupCommitOptions {
  /** Most writes in one group (bound parameters per statement grow with it; SQLite allows 32,766). */
  maxWrites?: number;
  /** `false`: no grouping, each write commits on its own in its caller's request (Workers). */
  group?: boolean;
  /** Where grouped batches run (default: the database object's own `batch()`). */
  writer?: BatchWriter;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private running = false;
  /** Number of commits and of grouped callers, for tests and benchmarks. */
  readonly stats = { commits: 0, callers: 0 };

  constructor(private readonly db: Db, private readonly opts: GroupCommitOptions = {}) {}

  /** Stores `input` with the other writes pending now; resolves once they are committed. */
  write<In, Out>(kind: GroupedWrite<In, Out>, input: In): Promise<Out> {
    if (this.opts.group === false) return this.commitAlone(kind, input);
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ kind: kind as GroupedWrite<unknown, unknown>, input, resolve: resolve as (out: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // After the I/O callbacks of this loop turn: every request parsed meanwhile joins the group.
    defer(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush() {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.opts.maxWrites ?? 500));
    } finally {
      this.running = false;
    }
  }

  private async commit(group: Pending[]) {
    // The group's writes by kind, each kind's statements after the previous kind's.
    const kinds = new Map<GroupedWrite<unknown, unknown>, Pending[]>();
    for (const p of group) {
      const same = kinds.get(p.kind);
      if (same) same.push(p);
      else kinds.set(p.kind, [p]);
    }
    try {
      const parts = [...kinds].map(([kind, writes]) => ({ kind, writes, items: kind.statements(this.db, writes.map((w) => w.input)) }));
      const results = await this.run(parts.flatMap((p) => p.items));
      this.stats.commits++;
      this.stats.callers += group.length;
      let offset = 0;
      for (const { kind, writes, items } of parts) {
        const outcomes = kind.outcomes(
          writes.map((w) => w.input),
          results.slice(offset, (offset += items.length)),
        );
        writes.forEach((w, i) => w.resolve(outcomes[i]));
      }
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      // Isolate the failure: each write in a batch of its own.
      for (const p of group) {
        try {
          p.resolve(await this.commitAlone(p.kind, p.input));
          this.stats.commits++;
          this.stats.callers++;
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  private async commitAlone<In, Out>(kind: GroupedWrite<In, Out>, input: In): Promise<Out> {
    return kind.outcomes([input], await this.run(kind.statements(this.db, [input])))[0]!;
  }

  private async run(items: Item[]): Promise<unknown[]> {
    const writer = this.opts.writer;
    if (!writer) return (await this.db.batch(items as unknown as [Item, ...Item[]])) as unknown[];
    // As drizzle's own batch(): build each item's SQL, run them all, map each result back.
    const prepared = items.map((item) => (item as unknown as { _prepare(): PreparedItem })._prepare());
    const results = await writer.batch(prepared.map((p) => p.getQuery()).map(({ sql, params }) => ({ sql, args: params })));
    return prepared.map((p, i) => p.mapResult(results[i], true));
  }
}

/** `setImmediate` on Node; a zero timeout where it does not exist (Workers). */
const defer: (f: () => void) => void = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f) => setTimeout(f, 0));

const groups = new WeakMap<object, GroupCommit>();

/**
 * Turns grouping off for a database. For Workers: there a request cannot wait on I/O started by
 * another request (workerd cancels it as hung, a 500), and D1 or Turso have no local fsync to share.
 */
export function commitAlone(db: Db): void {
  groups.set(db, new GroupCommit(db, { group: false }));
}

/** Runs a database's group commits on `writer` (Node with a local file: node/write-thread.ts). */
export function commitWith(db: Db, writer: BatchWriter): void {
  groups.set(db, new GroupCommit(db, { writer }));
}

/** The group committer of a database (one per database object). */
export function groupCommitFor(db: Db): GroupCommit {
  let g = groups.get(db);
  if (!g) groups.set(db, (g = new GroupCommit(db)));
  return g;
}
