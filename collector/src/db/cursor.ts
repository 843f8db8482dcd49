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
