import type { DisplayPayload, ResponsePayload } from '@voix/shared';
import { update } from './storage.ts';

/**
 * The outbox: every POST is written to localStorage BEFORE it is sent, and leaves only on a 2xx
 * or a final 4xx. Network errors, 408, 429 and 5xx are retried with jittered exponential backoff
 * (at most 10 tries; `Retry-After`, up to 300 s, is honoured as the least wait). Bounded to 100 items and 7 days.
 * The decisions are pure functions (tested in outbox.test.ts); `createOutbox` does the I/O.
 */

export interface OutboxItem {
  /** `path#payloadId`: a later item with the same key (a follow-up comment) replaces a queued one. */
  key: string;
  path: string;
  body: string;
  /** Failed sends so far. */
  tries: number;
  /** Not sent before this time (epoch ms). */
  due: number;
  /** Created at (epoch ms). */
  at: number;
  /** The last failure was a network error (sent again as soon as the browser is back online). */
  net?: boolean;
}

export const MAX_TRIES = 10;
export const MAX_ITEMS = 100;
export const MAX_AGE_MS = 7 * 86_400_000;
export const MAX_RETRY_AFTER_S = 300;
/** In-flight keepalive bytes stay under the browser's 64 KiB quota. */
export const KEEPALIVE_BUDGET = 60_000;

/** What to do after a send: `0` is a network error (or a response the page cannot read). */
export function verdict(status: number): 'done' | 'retry' | 'drop' {
  if (status >= 200 && status < 300) return 'done';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'drop';
  return 'retry';
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date), or `undefined`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/** Delay before try `tries + 1`: 1 s·2^(tries−1), capped at an hour, ±25 % jitter (`random` in [0, 1)). */
export function backoffMs(tries: number, random: number): number {
  return Math.min(1000 * 2 ** (tries - 1), 3_600_000) * (0.75 + random / 2);
}

/** The item to keep after a retryable failure, or `undefined` when it has used its tries. */
export function afterFailure(
  item: OutboxItem,
  status: number,
  retryAfterS: number | undefined,
  now: number,
  random: number,
): OutboxItem | undefined {
  const tries = item.tries + 1;
  if (tries >= MAX_TRIES) return undefined;
  // `Retry-After` (capped at 300 s) is a floor, never a shortcut: a date already past, or `0`,
  // still waits the backoff, so a confused server is not hammered with ten tries in a second.
  const wait = Math.max(backoffMs(tries, random), Math.min(retryAfterS ?? 0, MAX_RETRY_AFTER_S) * 1000);
  return { ...item, tries, due: now + wait, net: status === 0 };
}

/** Drops items older than 7 days, then the oldest displays, then the oldest answers, down to 100. */
export function prune(items: OutboxItem[], now: number): OutboxItem[] {
  const kept = items.filter((item) => now - item.at < MAX_AGE_MS);
  while (kept.length > MAX_ITEMS) {
    const display = kept.findIndex((item) => item.path.endsWith('/displays'));
    kept.splice(Math.max(display, 0), 1);
  }
  return kept;
}

export function withItem(items: OutboxItem[], item: OutboxItem, now: number): OutboxItem[] {
  return prune([...items.filter((other) => other.key !== item.key), item], now);
}

/**
 * `normal`: what is due. `unload` (pagehide): keepalive only, within the budget, and only what is
 * due. `online`: also what waits after a network error.
 */
export type FlushMode = 'normal' | 'unload' | 'online';

export interface OutboxOptions {
  /** Collector origin, e.g. `https://voix.example.com`. */
  base: string;
  storageKey: string;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  log?: (message: string) => void;
}

export function createOutbox(options: OutboxOptions) {
  const { base, storageKey, now = Date.now, random = Math.random, log = () => {} } = options;
  const send = options.fetch ?? ((url, init) => fetch(url, init));
  const inflight = new Map<string, number>();
  let inflightBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const edit = (change: (items: OutboxItem[]) => OutboxItem[] | void) => update<OutboxItem[]>(storageKey, () => [], change);

  function settle(item: OutboxItem, status: number, retryAfterS: number | undefined) {
    inflightBytes -= inflight.get(item.key) ?? 0;
    inflight.delete(item.key);
    const result = verdict(status);
    log(`${item.key}: ${status || 'network error'}, ${result}`);
    edit((items) => {
      const i = items.findIndex((other) => other.key === item.key && other.body === item.body);
      if (i < 0) return;
      const next = result === 'retry' ? afterFailure(items[i]!, status, retryAfterS, now(), random()) : undefined;
      if (next) items[i] = next;
      else items.splice(i, 1);
    });
    flush();
  }

  function post(item: OutboxItem, size: number, keepalive: boolean) {
    inflight.set(item.key, size);
    inflightBytes += size;
    let status = 0;
    let retryAfterS: number | undefined;
    Promise.resolve()
      .then(() =>
        send(base + item.path, {
          method: 'POST',
          body: item.body,
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          credentials: 'omit',
          keepalive,
        }),
      )
      .then(
        (response) => {
          status = response.status;
          retryAfterS = parseRetryAfter(response.headers.get('Retry-After'), now());
        },
        () => {},
      )
      .then(() => settle(item, status, retryAfterS));
  }

  function flush(mode: FlushMode = 'normal') {
    const t = now();
    const items = edit((list) => prune(list, t));
    let next = Infinity;
    for (const item of items) {
      if (inflight.has(item.key)) continue;
      if (item.due > t && !(mode === 'online' && item.net)) {
        next = Math.min(next, item.due);
        continue;
      }
      const size = new TextEncoder().encode(item.body).length;
      const keepalive = inflightBytes + size <= KEEPALIVE_BUDGET;
      if (keepalive || mode !== 'unload') post(item, size, keepalive);
    }
    if (mode === 'unload') return;
    clearTimeout(timer);
    if (next < Infinity) timer = setTimeout(() => flush(), Math.max(next - t, 50));
  }

  /** Queues a POST of `payload` to `path` (stored first), then tries to send it. */
  function add(path: '/v1/displays' | '/v1/responses' | '/v1/invitations/request', payload: DisplayPayload | ResponsePayload | { id: string; [k: string]: unknown }) {
    const t = now();
    const item: OutboxItem = { key: `${path}#${payload.id}`, path, body: JSON.stringify(payload), tries: 0, due: 0, at: t };
    edit((items) => withItem(items, item, t));
    flush();
  }

  return { add, flush };
}
