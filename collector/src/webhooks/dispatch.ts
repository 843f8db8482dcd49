import { eq } from 'drizzle-orm';
import { SCALES, type StoredResponse, type WebhookEvent } from '@voix/shared';
import { toStoredResponse } from '../db/responses.ts';
import { sites } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { leaseDue, markDelivered, markFailed, type DueDelivery } from '../db/webhooks.ts';
import { postSigned, retryDelay } from './sign.ts';

/**
 * Delivers due webhooks from the outbox. Called on a timer by the Node entry and by the cron
 * trigger on Workers; safe to run concurrently (rows are leased). A 2xx marks the row delivered,
 * final: it is never sent again. Anything else (status, network error, timeout) schedules a retry
 * after `baseDelayMs · 2^(attempt−1)` (capped at `maxDelayMs`); after `maxAttempts` the row is
 * given up (`failedAt`). Every attempt carries the same `webhook-id` so receivers can dedupe.
 */
export interface DispatchDeps {
  db: Db;
  clock: () => number;
  log?: (entry: Record<string, unknown>) => void;
  fetch?: typeof fetch;
  /** Rows per call (default 50). */
  batchSize?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts before giving up (default 8). */
  maxAttempts?: number;
  /** First retry delay (default 30 s), doubled each attempt. */
  baseDelayMs?: number;
  /** Longest retry delay (default 6 h). */
  maxDelayMs?: number;
}

export interface DispatchResult {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}


/** Slack mrkdwn control characters, so customer text stays text. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackText(event: WebhookEvent, r: StoredResponse): string {
  const { max } = SCALES[r.metric];
  const head = event === 'response.detractor' ? ':rotating_light: Detractor' : ':speech_balloon: New response';
  const lines = [`${head} on *${slackEscape(r.momentId)}* (${r.stage}): ${r.metric.toUpperCase()} ${r.score}/${max}`];
  if (r.comment) lines.push(`> ${slackEscape(r.comment).replace(/\n/g, '\n> ')}`);
  const who = [r.userId && `user ${slackEscape(r.userId)}`, r.locale, r.channel].filter(Boolean).join(' · ');
  if (who) lines.push(who);
  return lines.join('\n');
}

export function payloadFor(d: DueDelivery, siteKey: string, now: number): string {
  const response = toStoredResponse(d.response!);
  if (d.endpoint.format === 'slack') return JSON.stringify({ text: slackText(d.delivery.event, response) });
  return JSON.stringify({ type: d.delivery.event, timestamp: new Date(now).toISOString(), data: { siteKey, response } });
}

export async function dispatchDue(deps: DispatchDeps): Promise<DispatchResult> {
  const { db, clock } = deps;
  const maxAttempts = deps.maxAttempts ?? 8;
  const base = deps.baseDelayMs ?? 30_000;
  const maxDelay = deps.maxDelayMs ?? 6 * 3_600_000;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const result: DispatchResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  const due = await leaseDue(db, clock(), deps.batchSize ?? 50, timeoutMs * 3);
  const siteKeys = new Map<number, string>();
  for (const d of due) {
    result.attempted++;
    const now = clock();
    const fail = async (status: number | null, error: string) => {
      const giveUp = d.delivery.attempts >= maxAttempts || !d.response;
      await markFailed(db, d.delivery.id, { now, status, error, nextAttemptAt: giveUp ? null : now + retryDelay(d.delivery.attempts, base, maxDelay) });
      if (giveUp) result.failed++;
      else result.retrying++;
      deps.log?.({ level: 'warn', msg: 'webhook failed', delivery: d.delivery.id, endpoint: d.endpoint.id, attempt: d.delivery.attempts, status, error, giveUp });
    };
    if (!d.response) {
      await fail(null, 'The response no longer exists');
      continue;
    }
    if (!siteKeys.has(d.delivery.siteId)) {
      const [site] = await db.select({ siteKey: sites.siteKey }).from(sites).where(eq(sites.id, d.delivery.siteId));
      siteKeys.set(d.delivery.siteId, site?.siteKey ?? '');
    }
    const body = payloadFor(d, siteKeys.get(d.delivery.siteId)!, now);
    try {
      const status = await postSigned({ url: d.endpoint.url, secret: d.endpoint.secret, id: d.delivery.id, now, body, userAgent: 'Voix-Webhooks/1', timeoutMs, fetch: deps.fetch });
      if (status >= 200 && status < 300) {
        await markDelivered(db, d.delivery.id, clock(), status);
        result.delivered++;
      } else await fail(status, `HTTP ${status}`);
    } catch (err) {
      await fail(null, String((err as Error)?.message ?? err));
    }
  }
  return result;
}
