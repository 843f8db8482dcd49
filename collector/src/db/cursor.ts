import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Keyset cursors on `(created_at, id)`, shared by every newest-first listing (responses,
 * invitations): opaque to clients, so a page never skips or repeats a row.
 */
export const encodeCursor = (createdAt: number, id: string) => btoa(`${createdAt}:${id}`).replace(/=+$/, '');

export function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const [t, ...rest] = atob(cursor).split(':');
    const createdAt = Number(t);
    const id = rest.join(':');
    return Number.isSafeInteger(createdAt) && id ? { createdAt, id } : null;
  } catch {
    return null;
  }
}

export const isValidCursor = (cursor: string) => decodeCursor(cursor) !== null;

/** A newest-first table's keyset: its `created_at` and `id` columns. */
export interface Keyset {
  createdAt: SQLiteColumn;
  id: SQLiteColumn;
}

/** Newest first: the `orderBy` of every keyset listing. */
export const newestFirst = (k: Keyset) => [desc(k.createdAt), desc(k.id)];

/** Rows after `cursor` (older ones), or nothing to add without a cursor. */
export function after(k: Keyset, cursor: string | undefined): SQL | undefined {
  const c = cursor ? decodeCursor(cursor) : null;
  return c ? or(lt(k.createdAt, c.createdAt), and(eq(k.createdAt, c.createdAt), lt(k.id, c.id))) : undefined;
}

/** One page from `limit + 1` rows fetched: the first `limit`, mapped, and the cursor of the next page. */
export function pageOf<R extends { createdAt: number; id: string }, T>(rows: R[], limit: number, map: (row: R) => T): { data: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { data: page.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
