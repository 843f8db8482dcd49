import { eq } from 'drizzle-orm';
import type { Moment, SiteConfig } from '@voix/shared';
import { claimDue, expireOverdue, failInterrupted, markSent, markUnsent, type InvitationRow } from '../db/invitations.ts';
import { sites } from '../db/schema.ts';
import { siteConfigOf } from '../db/sites.ts';
import type { Db } from '../db/types.ts';
import { postSigned, retryDelay } from '../webhooks/sign.ts';
import { invitationEmail, invitationText, type SendEmail } from './email.ts';
import { textsFor } from './strings.ts';
import { instanceSecret } from './secret.ts';
import { signInvitationToken } from './token.ts';

/**
 * Sends due invitations from the outbox. Called on a timer by the Node entry (`node.ts`) and,
 * later, by a cron trigger on Workers; safe to run concurrently. Each row is claimed atomically
 * (`pending` → `sending`) before it is sent and marked `sent` after, so nothing is sent twice.
 * A failed send goes back to `pending` after `baseDelayMs · 2^(attempt−1)` (capped at
 * `maxDelayMs`), and is `failed` after `maxAttempts`. A row left `sending` by a crash is marked
 * `failed`, not resent. Email goes through `sendEmail` (SMTP) or else the owner's email webhook;
 * SMS and links through the owner's signed messaging webhook (Standard Webhooks headers).
 */
export interface InvitationDispatchDeps {
  db: Db;
  clock: () => number;
  /** The collector's public URL: the links point to `${publicUrl}/s/{token}`. */
  publicUrl: string;
  /** `VOIX_SECRET`; when unset, the secret generated into the `meta` table. */
  secret?: string | undefined;
  /** Email transport (Node: nodemailer, `node/mail.ts`); email invitations wait and retry without it. */
  sendEmail?: SendEmail | undefined;
  /**
   * Email through the owner's HTTP relay instead of SMTP (`VOIX_EMAIL_WEBHOOK_URL`, `…_SECRET`):
   * the rendered email (subject, HTML, text) in a signed POST, e.g. to a relay that calls an
   * email API. The way to send email from Workers, which cannot open SMTP connections.
   */
  emailWebhook?: Webhook | undefined;
  /** The owner's messaging provider for SMS and links (`VOIX_SMS_WEBHOOK_URL`, `VOIX_SMS_WEBHOOK_SECRET`). */
  smsWebhook?: Webhook | undefined;
  fetch?: typeof fetch;
  log?: (entry: Record<string, unknown>) => void;
  /** Rows per call (default 20). */
  batchSize?: number;
  /** Attempts before giving up (default 6). */
  maxAttempts?: number;
  /** First retry delay (default 60 s), doubled each attempt. */
  baseDelayMs?: number;
  /** Longest retry delay (default 6 h). */
  maxDelayMs?: number;
  /**
   * Webhook timeout (default 15 s). The email transport keeps its own timeouts (an email that
   * may have left is never retried on a timer of ours).
   */
  timeoutMs?: number;
  /** How long a claim lasts (default 10 min); a row still `sending` after it is marked `failed`. */
  leaseMs?: number;
}

export interface Webhook {
  url: string;
  secret: string;
}

/** A webhook from two variables: the URL (none → undefined) and its signing secret. */
export const webhookFromEnv = (url: string | undefined, secret: string | undefined): Webhook | undefined => (url ? { url, secret: secret ?? '' } : undefined);

export interface InvitationDispatchResult {
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
  expired: number;
}


class PermanentError extends Error {}

export async function dispatchInvitations(deps: InvitationDispatchDeps): Promise<InvitationDispatchResult> {
  const { db, clock } = deps;
  const maxAttempts = deps.maxAttempts ?? 6;
  const base = deps.baseDelayMs ?? 60_000;
  const maxDelay = deps.maxDelayMs ?? 6 * 3_600_000;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const result: InvitationDispatchResult = { attempted: 0, sent: 0, retrying: 0, failed: 0, expired: 0 };

  result.expired = await expireOverdue(db, clock());
  result.failed += await failInterrupted(db, clock());
  const claimed = await claimDue(db, clock(), deps.batchSize ?? 20, deps.leaseMs ?? 600_000);
  if (claimed.length === 0) return result;
  const secret = await instanceSecret(db, deps.secret, clock());
  const siteCache = new Map<number, { siteKey: string; config: SiteConfig | null } | undefined>();

  for (const inv of claimed) {
    result.attempted++;
    try {
      if (!siteCache.has(inv.siteId)) {
        const [site] = await db.select().from(sites).where(eq(sites.id, inv.siteId));
        siteCache.set(inv.siteId, site && { siteKey: site.siteKey, config: siteConfigOf(site) });
      }
      const site = siteCache.get(inv.siteId);
      const moment = site?.config?.moments.find((m) => m.id === inv.momentId);
      if (!site || !site.config || !moment) throw new PermanentError(`The moment "${inv.momentId}" is no longer in the site's config`);
      const url = `${publicUrl}/s/${await signInvitationToken(secret, inv.id, inv.expiresAt)}`;
      await send(deps, inv, { siteKey: site.siteKey, config: site.config, moment, url }, timeoutMs);
      await markSent(db, inv.id, clock());
      result.sent++;
      deps.log?.({ level: 'info', msg: 'invitation sent', invitation: inv.id, channel: inv.channel, attempt: inv.attempts });
    } catch (err) {
      const now = clock();
      const error = String((err as Error)?.message ?? err);
      const giveUp = err instanceof PermanentError || inv.attempts >= maxAttempts || inv.expiresAt <= now;
      await markUnsent(db, inv.id, { now, error, nextAt: giveUp ? null : now + retryDelay(inv.attempts, base, maxDelay) });
      if (giveUp) result.failed++;
      else result.retrying++;
      deps.log?.({ level: 'warn', msg: 'invitation not sent', invitation: inv.id, channel: inv.channel, attempt: inv.attempts, error, giveUp });
    }
  }
  return result;
}

async function send(
  deps: InvitationDispatchDeps,
  inv: InvitationRow,
  ctx: { siteKey: string; config: SiteConfig; moment: Moment; url: string },
  timeoutMs: number,
): Promise<void> {
  const { config, moment, url } = ctx;
  const common = {
    invitationId: inv.id,
    siteKey: ctx.siteKey,
    momentId: inv.momentId,
    channel: inv.channel,
    phone: inv.phone,
    email: inv.email,
    userId: inv.userId,
    url,
    expiresAt: new Date(inv.expiresAt).toISOString(),
  };
  if (inv.channel === 'email') {
    if (!inv.email) throw new PermanentError('No email address');
    const email = invitationEmail({ to: inv.email, brand: config.brand, defaultLocale: config.defaultLocale, moment, locale: inv.locale, url, expiresAt: inv.expiresAt, invitationId: inv.id });
    if (deps.sendEmail) return deps.sendEmail(email);
    if (!deps.emailWebhook) throw new Error('Email is not configured (set SMTP_URL and SMTP_FROM, or VOIX_EMAIL_WEBHOOK_URL)');
    const { locale } = textsFor(moment, inv.locale, config.defaultLocale);
    return postWebhook(deps, deps.emailWebhook, inv, { ...common, to: inv.email, locale, subject: email.subject, text: email.text, html: email.html, headers: email.headers }, timeoutMs);
  }
  if (!deps.smsWebhook) throw new Error('No messaging webhook is configured (set VOIX_SMS_WEBHOOK_URL and VOIX_SMS_WEBHOOK_SECRET)');
  const { locale, text } = invitationText({ brand: config.brand, defaultLocale: config.defaultLocale, moment, locale: inv.locale, url });
  return postWebhook(deps, deps.smsWebhook, inv, { ...common, to: inv.channel === 'sms' ? inv.phone : (inv.phone ?? inv.email), locale, text }, timeoutMs);
}

/** One signed `invitation.send` POST (`webhook-id` stable across retries). */
async function postWebhook(deps: InvitationDispatchDeps, hook: Webhook, inv: InvitationRow, data: Record<string, unknown>, timeoutMs: number): Promise<void> {
  const now = deps.clock();
  const body = JSON.stringify({ type: 'invitation.send', timestamp: new Date(now).toISOString(), data });
  const status = await postSigned({ url: hook.url, secret: hook.secret, id: `inv_${inv.id}`, now, body, userAgent: 'Voix-Invitations/1', timeoutMs, fetch: deps.fetch });
  if (status < 200 || status >= 300) throw new Error(`${inv.channel === 'email' ? 'Email' : 'Messaging'} webhook answered HTTP ${status}`);
}
