import { Hono } from 'hono';
import {
  HostedAnswerPayload,
  INVITATION_TTL_DAYS,
  InvitationCreatePayload,
  InvitationRequestPayload,
  InvitationsQuery,
  INVITATION_CHANNELS,
  isPreferredChannel,
  LIMITS,
  SCALES,
  missingContact,
  type InvitationChannel,
  type Moment,
} from '@voix/shared';
import { findByRequest, insertInvitation, invitedSince, isValidInvitationCursor, listInvitations, toStoredInvitation } from '../db/invitations.ts';
import { preferredChannelOf, rememberPreferredChannel } from '../db/customers.ts';
import type { Db, Site } from '../db/types.ts';
import { requireSecretKey } from '../http/auth.ts';
import { limitBody, readJson } from '../http/body.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { dropBots } from '../http/guard.ts';
import { countIngest } from '../http/stats.ts';
import { publishIfWatched } from './stream.ts';
import { answerInvitation, isUsed, openInvitation } from '../invitations/answer.ts';
import { newInvitationId } from '../invitations/token.ts';
import { admit, momentOrThrow } from './public.ts';
import type { AppEnv } from '../app.ts';

/**
 * Invitations (issue #7): a moment sent out of the page by email, SMS or link.
 * - `POST /v1/invitations/request`: the widget, with the site key from an allowed origin (the
 *   rules of `POST /v1/responses`), when the customer's channel is not the page.
 * - `POST /v1/invitations` (admin secret key): the owner's backend, e.g. after a call.
 * - `GET /v1/invitations` (secret key): every state, filtered and paginated.
 * - `POST /v1/s/{token}/response`: the hosted page's answer; the signed token is the credential.
 */
export const invitationRoutes = new Hono<AppEnv>();

const DAY = 86_400_000;

function channelAllowed(moment: Moment, channel: InvitationChannel): void {
  if (!moment.channels.includes(channel)) {
    throw new ApiError(400, 'invalid_request', `The moment "${moment.id}" is not configured for the ${channel} channel`, [
      { path: 'channel', message: `Expected one of the moment's channels: ${moment.channels.join(', ')}` },
    ]);
  }
}

/**
 * The channel of a backend invitation that names none: the customer's remembered preference
 * when the moment lists it, else the moment's first channel out of the page.
 */
async function channelFor(db: Db, site: Site, moment: Moment, userId: string | null | undefined): Promise<InvitationChannel> {
  const preferred = userId ? await preferredChannelOf(db, site.id, userId) : undefined;
  const out = moment.channels.filter((c): c is InvitationChannel => (INVITATION_CHANNELS as readonly string[]).includes(c));
  const channel = out.find((c) => c === preferred) ?? out[0];
  if (!channel) {
    throw new ApiError(400, 'invalid_request', `The moment "${moment.id}" has no channel out of the page (email, sms or link)`, [
      { path: 'channel', message: 'Add "email", "sms" or "link" to the moment\'s channels' },
    ]);
  }
  return channel;
}

function newRow(site: Site, moment: Moment, i: { requestId: string; source: 'widget' | 'api'; channel: InvitationChannel; userId?: string | null; anonymousId?: string | null; email?: string | null; phone?: string | null; locale?: string | null; sendAt: number; expiresInDays?: number | undefined; now: number }) {
  return {
    id: newInvitationId(),
    siteId: site.id,
    requestId: i.requestId,
    source: i.source,
    momentId: moment.id,
    channel: i.channel,
    userId: i.userId ?? null,
    anonymousId: i.anonymousId ?? null,
    email: i.email ?? null,
    phone: i.phone ?? null,
    locale: i.locale ?? null,
    sendAt: i.sendAt,
    expiresAt: i.sendAt + (i.expiresInDays ?? INVITATION_TTL_DAYS) * DAY,
    createdAt: i.now,
    updatedAt: i.now,
  };
}

invitationRoutes.post('/invitations/request', countIngest('invitations'), dropBots(), limitBody(LIMITS.ingestBodyBytes), async (c) => {
  const admitted = await admit(c, InvitationRequestPayload);
  if (admitted.dropped) return admitted.dropped;
  const { data: r, site } = admitted;
  const moment = momentOrThrow(site, r.momentId);
  channelAllowed(moment, r.channel);
  const now = c.var.deps.clock();
  // "Ask me later by email", or the site's `voix('identify', id, { preferredChannel })`.
  if (r.userId && isPreferredChannel(r.preferredChannel)) await rememberPreferredChannel(c.var.deps.db, site.id, r.userId, r.preferredChannel, now);
  if (await findByRequest(c.var.deps.db, site.id, r.id)) {
    c.set('outcome', { kind: 'duplicate' });
    return c.json({ id: r.id, duplicate: true }, 202);
  }
  // The widget's fatigue lives in one browser: the same customer is not invited twice per cooldown.
  const recent = await invitedSince(c.var.deps.db, { siteId: site.id, momentId: moment.id, userId: r.userId, email: r.email, phone: r.phone, since: now - moment.cooldownDays * DAY });
  if (recent) {
    c.set('outcome', { kind: 'dropped', reason: 'cooldown' });
    return c.json({ id: r.id, dropped: 'cooldown' }, 202);
  }
  const { duplicate } = await insertInvitation(
    c.var.deps.db,
    newRow(site, moment, { ...r, requestId: r.id, source: 'widget', sendAt: now + (moment.delayHours ?? 0) * 3_600_000, now }),
  );
  c.set('outcome', { kind: duplicate ? 'duplicate' : 'stored' });
  return c.json({ id: r.id, duplicate }, 202);
});

invitationRoutes.post('/invitations', requireSecretKey('admin'), limitBody(LIMITS.ingestBodyBytes), async (c) => {
  const parsed = InvitationCreatePayload.safeParse(await readJson(c));
  if (!parsed.success) throw validationError(parsed.error);
  const r = parsed.data;
  const site = c.var.site!;
  const moment = momentOrThrow(site, r.momentId);
  const channel = r.channel ?? (await channelFor(c.var.deps.db, site, moment, r.userId));
  channelAllowed(moment, channel);
  const missing = missingContact({ ...r, channel });
  if (missing) throw new ApiError(400, 'invalid_request', `${missing.message} (the customer's channel is ${channel})`, [missing]);
  const now = c.var.deps.clock();
  const { row, duplicate } = await insertInvitation(
    c.var.deps.db,
    newRow(site, moment, { ...r, channel, requestId: r.id ?? crypto.randomUUID(), source: 'api', sendAt: r.sendAt ?? now + (moment.delayHours ?? 0) * 3_600_000, now }),
  );
  return c.json({ invitation: toStoredInvitation(row, now), duplicate }, duplicate ? 200 : 201);
});

invitationRoutes.get('/invitations', requireSecretKey('read'), async (c) => {
  const parsed = InvitationsQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  if (parsed.data.cursor && !isValidInvitationCursor(parsed.data.cursor)) {
    throw new ApiError(400, 'invalid_request', 'Invalid cursor', [{ path: 'cursor', message: 'Use the nextCursor of a previous page' }]);
  }
  return c.json(await listInvitations(c.var.deps.db, c.var.site!.id, parsed.data, c.var.deps.clock()));
});

const gone = (message: string) => new ApiError(410, 'forbidden', message, [{ path: 'token', message }]);

invitationRoutes.post('/s/:token/response', limitBody(LIMITS.ingestBodyBytes), async (c) => {
  const parsed = HostedAnswerPayload.safeParse(await readJson(c));
  if (!parsed.success) throw validationError(parsed.error);
  const { deps } = c.var;
  const now = deps.clock();
  const opened = await openInvitation(deps, c.req.param('token'), now);
  if (opened.kind === 'invalid') throw new ApiError(404, 'not_found', 'Unknown or invalid invitation link', [{ path: 'token', message: 'Invalid link' }]);
  if (opened.kind === 'expired') throw gone('This invitation has expired');
  if (opened.kind === 'closed') throw gone('This survey is closed');
  if (isUsed(opened)) throw gone('This invitation has already been answered');
  const outcome = await answerInvitation(deps.db, opened, { ...parsed.data, now });
  if (outcome.kind === 'recorded') await publishIfWatched(deps, opened.site.siteKey, opened.responseId);
  if (outcome.kind === 'out_of_scale') {
    const { min, max } = SCALES[opened.moment.metric];
    throw new ApiError(400, 'score_out_of_scale', `Score ${parsed.data.score} is outside the ${opened.moment.metric.toUpperCase()} scale ${min}–${max}`, [
      { path: 'score', message: `Expected an integer from ${min} to ${max}` },
    ]);
  }
  return c.json({ id: opened.responseId, duplicate: outcome.kind !== 'recorded', score: outcome.score }, 202);
});
