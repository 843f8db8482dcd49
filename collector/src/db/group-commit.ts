import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';

/**
 * Group commit: `batch()` calls issued while the event loop is busy (for instance while the
 * previous commit was fsyncing) are run together as ONE database batch — one transaction, one
 * fsync — and each caller gets its own slice of the results. Every caller is still answered only
 * after the commit that contains its statements, so a 2xx keeps meaning "durably stored".
 *
 * Items must be independent of each other's success (ingest statements are idempotent upserts).
 * If a grouped batch fails, its items are retried one by one so one bad item cannot fail others.
 */
type Item = BatchItem<'sqlite'>;
interface Batcher {
  batch<T extends Readonly<[Item, ...Item[]]>>(items: T): Promise<BatchResponse<T>>;
}
interface Pending {
  items: Item[];
  resolve: (results: unknown[]) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most statements in one grouped batch. */
  maxStatements?: number;
  /** `false`: no grouping, each `batch()` commits on its own in its caller's request (Workers). */
  group?: boolean;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private running = false;
  /** Number of commits and of grouped callers, for tests and benchmarks. */
  readonly stats = { commits: 0, callers: 0 };

  constructor(private readonly db: Batcher, private readonly opts: GroupCommitOptions = {}) {}

  batch<T extends Readonly<[Item, ...Item[]]>>(items: T): Promise<BatchResponse<T>> {
    if (this.opts.group === false) return this.db.batch(items);
    return new Promise<unknown[]>((resolve, reject) => {
      this.queue.push({ items: [...items], resolve, reject });
      this.schedule();
    }) as Promise<BatchResponse<T>>;
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
      while (this.queue.length > 0) {
        const group: Pending[] = [];
        let statements = 0;
        const max = this.opts.maxStatements ?? 2000;
        while (this.queue.length > 0 && (group.length === 0 || statements + this.queue[0]!.items.length <= max)) {
          const next = this.queue.shift()!;
          group.push(next);
          statements += next.items.length;
        }
        await this.commit(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(group: Pending[]) {
    const all = group.flatMap((p) => p.items);
    try {
      const results = (await this.db.batch(all as unknown as [Item, ...Item[]])) as unknown[];
      this.stats.commits++;
      this.stats.callers += group.length;
      let offset = 0;
      for (const p of group) {
        p.resolve(results.slice(offset, offset + p.items.length));
        offset += p.items.length;
      }
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      // Isolate the failure: each caller's statements in a batch of their own.
      for (const p of group) {
        try {
          p.resolve((await this.db.batch(p.items as unknown as [Item, ...Item[]])) as unknown[]);
          this.stats.commits++;
          this.stats.callers++;
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}

/** `setImmediate` on Node; a zero timeout where it does not exist (Workers). */
const defer: (f: () => void) => void = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? ((f) => setTimeout(f, 0));

const groups = new WeakMap<object, GroupCommit>();

/**
 * Turns grouping off for a database. For Workers: there a request cannot wait on I/O started by
 * another request (workerd cancels it as hung, a 500), and D1 or Turso have no local fsync to share.
 */
export function commitAlone(db: Batcher): void {
  groups.set(db, new GroupCommit(db, { group: false }));
}

/** The group committer of a database (one per database object). */
export function groupCommitFor(db: Batcher): GroupCommit {
  let g = groups.get(db);
  if (!g) groups.set(db, (g = new GroupCommit(db)));
  return g;
}
