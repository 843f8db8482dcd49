import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app.ts';
import { ApiError } from './errors.ts';

/**
 * Ingest accounting (reference R25): every request to an ingest route ends in exactly one of
 * stored, duplicate, rejected[reason] or dropped[reason], so that
 * `received = stored + duplicate + Σ rejected + Σ dropped` at all times.
 */
export interface IngestCounters {
  received: number;
  stored: number;
  duplicate: number;
  rejected: Record<string, number>;
  dropped: Record<string, number>;
}

export class IngestStats {
  readonly since = new Date().toISOString();
  readonly byKind: Record<string, IngestCounters> = {};

  counters(kind: string): IngestCounters {
    return (this.byKind[kind] ??= { received: 0, stored: 0, duplicate: 0, rejected: {}, dropped: {} });
  }

  snapshot() {
    return { since: this.since, ...structuredClone(this.byKind) };
  }
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** What the handler tells the accounting middleware about the request it just served. */
export type IngestOutcome = { kind: 'stored' } | { kind: 'duplicate' } | { kind: 'dropped'; reason: string };

export function countIngest(kind: string): MiddlewareHandler<AppEnv> {
  return async function countIngestMiddleware(c, next) {
    const counters = c.get('deps').stats.counters(kind);
    counters.received++;
    await next();
    const outcome = c.get('outcome');
    if (outcome && c.res.status < 300) {
      if (outcome.kind === 'dropped') bump(counters.dropped, outcome.reason);
      else counters[outcome.kind]++;
      return;
    }
    const err = c.error;
    const reason =
      err instanceof ApiError
        ? err.code
        : c.res.status === 413
          ? 'payload_too_large'
          : c.res.status === 429
            ? 'rate_limited'
            : c.res.status === 503
              ? 'busy'
              : c.res.status >= 500
                ? 'internal'
                : `http_${c.res.status}`;
    bump(counters.rejected, reason);
  };
}
