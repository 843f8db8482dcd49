/**
 * localStorage that never throws: reads and writes fall back to memory when storage is missing,
 * blocked (sandboxed iframes, privacy modes) or full. A value that could not be stored is kept in
 * memory and wins over the stale stored one until a later write succeeds.
 */

const memory = new Map<string, string>();

export function read<T>(key: string): T | undefined {
  try {
    const raw = memory.has(key) ? memory.get(key)! : localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function write(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  try {
    localStorage.setItem(key, raw);
    memory.delete(key);
  } catch {
    memory.set(key, raw);
  }
}

/** Read-modify-write in one go, so that two tabs lose as little as possible of each other's writes. */
export function update<T>(key: string, fallback: () => T, change: (value: T) => T | void): T {
  const current = read<T>(key) ?? fallback();
  const next = change(current) ?? current;
  write(key, next);
  return next;
}

/** A random UUID v4: `crypto.randomUUID` needs a secure context (https), `getRandomValues` does not. */
export function uuid(): string {
  try {
    return crypto.randomUUID();
  } catch {
    const bytes = crypto.getRandomValues(new Uint8Array(31));
    // Each hex digit of the template is replaced by a random one; "4" marks the version and the
    // digit after the third dash gets the RFC 4122 variant bits (8, 9, a or b).
    let i = 0;
    return '00000000-0000-4000-8000-000000000000'.replace(/[08]/g, (c) =>
      (c == '8' ? (bytes[i++]! & 3) | 8 : bytes[i++]! & 15).toString(16),
    );
  }
}
