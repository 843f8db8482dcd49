import { eq } from 'drizzle-orm';
import { isInScale, type Moment, type SiteConfig } from '@voix/shared';
import { findInvitation, markAnswered, storedAnswer, type InvitationRow } from '../db/invitations.ts';
import { recordResponse } from '../db/responses.ts';
import { sites } from '../db/schema.ts';
import { siteConfigOf } from '../db/sites.ts';
import type { Db, Site } from '../db/types.ts';
import { instanceSecret } from './secret.ts';
import { followUpTexts } from './strings.ts';
import { responseIdFor, verifyInvitationToken } from './token.ts';

/**
 * What a link token opens, and the one way an answer is recorded through it. The response id is
 * derived from the invitation, so every click, reload and retry names the same response: the
 * first score is kept, and a follow-up comment can be added once, while the link is valid.
 */
export type OpenedInvitation =
  | { kind: 'invalid' }
  | { kind: 'expired'; invitation: InvitationRow }
  | { kind: 'closed'; invitation: InvitationRow }
  | {
      kind: 'open';
      invitation: InvitationRow;
      site: Site;
      config: SiteConfig;
      moment: Moment;
      responseId: string;
      /** The answer already given through this link, if any. */
      answer: { score: number; comment: string | null } | undefined;
    };

export async function openInvitation(deps: { db: Db; secret?: string | undefined }, token: string, now: number): Promise<OpenedInvitation> {
  const checked = await verifyInvitationToken(await instanceSecret(deps.db, deps.secret, now), token);
  if (!checked.ok) return { kind: 'invalid' };
  const invitation = await findInvitation(deps.db, checked.id);
  if (!invitation) return { kind: 'invalid' };
  if (now >= Math.min(invitation.expiresAt, checked.expiresAt)) return { kind: 'expired', invitation };
  const [site] = await deps.db.select().from(sites).where(eq(sites.id, invitation.siteId));
  const config = site && siteConfigOf(site);
  const moment = config?.moments.find((m) => m.id === invitation.momentId);
  if (!site || !config || !moment) return { kind: 'closed', invitation };
  const responseId = invitation.responseId ?? (await responseIdFor(invitation.id));
  const answer = invitation.answeredAt === null ? undefined : await storedAnswer(deps.db, site.id, responseId);
  return { kind: 'open', invitation, site, config, moment, responseId, answer };
}

/** True when nothing more can be given through this link (answered, and follow-up done or none). */
export function isUsed(o: Extract<OpenedInvitation, { kind: 'open' }>): boolean {
  return !!o.answer && (!!o.answer.comment || !followUpTexts(o.moment, o.answer.score));
}

export type AnswerOutcome =
  /** The score was recorded now (with the comment, if one came along). */
  | { kind: 'recorded'; score: number }
  /** The follow-up comment was added to the score given earlier. */
  | { kind: 'commented'; score: number }
  /** Nothing changed: the first answer is kept. */
  | { kind: 'kept'; score: number; comment: string | null }
  | { kind: 'out_of_scale' };

export async function answerInvitation(
  db: Db,
  o: Extract<OpenedInvitation, { kind: 'open' }>,
  a: { score?: number | undefined; comment?: string | null | undefined; locale?: string | null | undefined; now: number },
): Promise<AnswerOutcome> {
  const comment = a.comment?.trim() || null;
  if (o.answer) {
    if (comment && !o.answer.comment) {
      await recordResponse(db, responseFor(o, o.answer.score, comment, a.locale, a.now));
      return { kind: 'commented', score: o.answer.score };
    }
    return { kind: 'kept', score: o.answer.score, comment: o.answer.comment };
  }
  if (a.score === undefined || !isInScale(o.moment.metric, a.score)) return { kind: 'out_of_scale' };
  // Two clicks at once both get here: the derived id makes the second a duplicate (counted once).
  await recordResponse(db, responseFor(o, a.score, comment, a.locale, a.now));
  await markAnswered(db, o.invitation.id, a.now, o.responseId);
  return { kind: 'recorded', score: a.score };
}

function responseFor(o: Extract<OpenedInvitation, { kind: 'open' }>, score: number, comment: string | null, locale: string | null | undefined, now: number) {
  const inv = o.invitation;
  return {
    siteId: o.site.id,
    id: o.responseId,
    moment: o.moment,
    score,
    comment,
    anonymousId: inv.anonymousId ?? `inv_${inv.id}`,
    userId: inv.userId,
    locale: inv.locale ?? locale ?? null,
    channel: inv.channel,
    attributes: null,
    now,
  };
}
