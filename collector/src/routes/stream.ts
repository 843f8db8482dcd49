import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { AggregateQuery } from '@voix/shared';
import { aggregate } from '../db/aggregates.ts';
import { toStoredResponse } from '../db/responses.ts';
import { responses } from '../db/schema.ts';
import { findSiteBySecret } from '../db/sites.ts';
import { bearerToken } from '../http/auth.ts';
import { allowOrigin } from '../http/cors.ts';
import { ApiError } from '../http/errors.ts';
import { SECRET_KEY_PATTERN } from '../keys.ts';
import type { LiveEvent } from '../live/bus.ts';
import type { AppDeps, AppEnv } from '../app.ts';

/**
 * `GET /v1/stream`: server-sent events with each new response of the key's site and the updated
 * scores. Authenticated by the secret key in `Authorization: Bearer sk_…` or, because the
 * browser's `EventSource` cannot send headers, in `?key=sk_…`. The query form puts the key in
 * URLs, which proxies and access logs may record: prefer the header (fetch-based SSE clients can
 * send it) and a read-scoped key for dashboards.
 */
export const streamRoutes = new Hono<AppEnv>();

const HEARTBEAT_MS = 25_000;

streamRoutes.get('/stream', async (c) => {
  allowOrigin(c, c.req.header('origin'));
  const token = bearerToken(c.req.header('authorization')) ?? c.req.query('key');
  const fail = (message: string) => new ApiError(401, 'unauthorized', message, [{ path: 'Authorization', message }], { 'WWW-Authenticate': 'Bearer' });
  if (!token) throw fail('Send the secret key as "Authorization: Bearer sk_…" or ?key=sk_…');
  if (!SECRET_KEY_PATTERN.test(token)) throw fail('Not a secret key (expected "sk_…")');
  const found = await findSiteBySecret(c.var.deps.db, token);
  if (!found) throw fail('Unknown or revoked secret key');
  const { events } = c.var.deps;
  const siteKey = found.site.siteKey;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ siteKey })}\n\n`);
      const unsubscribe = events.subscribe(siteKey, (e: LiveEvent) => send(`id: ${e.response.id}\nevent: response\ndata: ${JSON.stringify(e)}\n\n`));
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
    },
    cancel() {
      cleanup();
    },
  });
  c.req.raw.signal?.addEventListener('abort', () => cleanup());
  return new Response(body, {
    headers: {
      ...Object.fromEntries(c.res.headers),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    },
  });
});

export async function publishResponse(deps: AppDeps, siteKey: string, id: string): Promise<void> {
  const site = await deps.sites.get(siteKey);
  if (!site) return;
  const [row] = await deps.db.select().from(responses).where(and(eq(responses.siteId, site.id), eq(responses.id, id))).limit(1);
  if (!row) return;
  const response = toStoredResponse(row);
  const agg = await aggregate(deps.db, site.id, AggregateQuery.parse({ metric: response.metric, groupBy: 'moment' }));
  const { groups, source: _source, ...overall } = agg;
  const group = groups.find((g) => g.key === response.momentId);
  const moment = group ? { id: response.momentId, n: group.n, score: group.score, ci95: group.ci95, counts: group.counts, ...(group.mean !== undefined ? { mean: group.mean } : {}), ...(group.easyShare !== undefined ? { easyShare: group.easyShare } : {}) } : { id: response.momentId, n: 0, score: null, ci95: null, counts: {} };
  deps.events.publish(siteKey, { type: 'response', response, scores: { ...overall, moment } });
}

/** Publishes a response stored outside `POST /v1/responses` (e.g. from an invitation link), if anyone listens. */
export async function publishIfWatched(deps: AppDeps, siteKey: string, id: string): Promise<void> {
  try {
    if (deps.events.subscribers(siteKey) > 0) await publishResponse(deps, siteKey, id);
  } catch (err) {
    deps.log({ level: 'warn', msg: 'live publish failed', error: String(err) });
  }
}
