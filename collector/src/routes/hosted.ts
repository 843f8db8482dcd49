import { Hono, type Context } from 'hono';
import { isbot } from 'isbot';
import { LIMITS } from '@voix/shared';
import { builtInAsset } from '../http/asset.ts';
import { limitBody } from '../http/body.ts';
import { publishIfWatched } from './stream.ts';
import { answerInvitation, isUsed, openInvitation, type OpenedInvitation } from '../invitations/answer.ts';
import { HOSTED_CSS, HOSTED_JS } from '../invitations/hosted-assets.ts';
import { HOSTED_CSP, friendlyPage, surveyPage, type FriendlyKind } from '../invitations/page.ts';
import { followUpTexts, primaryLanguage, textsFor, withBrand } from '../invitations/strings.ts';
import type { AppEnv } from '../app.ts';

/**
 * The hosted survey page for invitations by email, SMS or link: `GET /s/{token}` (the prompt full
 * page), `GET /s/{token}?score=N` (the one-click score of an email: recorded by the GET itself,
 * then the follow-up), and `POST /s/{token}` (the form of the page without script). An invalid,
 * expired or used link gets a friendly page in the customer's language, never an error dump.
 */
export const hostedRoutes = new Hono<AppEnv>();

function html(c: Context<AppEnv>, body: string, status: 200 | 404 | 410 = 200) {
  c.header('Content-Security-Policy', HOSTED_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
  return c.html(body, status);
}

/** The invitation's language, else the browser's (`Accept-Language`), else English. */
function localeOf(c: Context<AppEnv>, o?: OpenedInvitation): string {
  if (o && o.kind !== 'invalid' && o.invitation.locale) return o.invitation.locale;
  const header = c.req.header('accept-language');
  return header ? primaryLanguage(header.split(',')[0]!.trim() || 'en') : 'en';
}

function friendly(c: Context<AppEnv>, kind: FriendlyKind, o?: OpenedInvitation) {
  const brand = o?.kind === 'open' ? o.config.brand : undefined;
  const locale = o?.kind === 'open' ? textsFor(o.moment, o.invitation.locale, o.config.defaultLocale).locale : localeOf(c, o);
  const status = kind === 'invalid' ? 404 : kind === 'thanks' ? 200 : 410;
  return html(c, friendlyPage(kind, locale, brand), status);
}

function survey(c: Context<AppEnv>, token: string, o: Extract<OpenedInvitation, { kind: 'open' }>, mode: 'ask' | 'followUp', score?: number) {
  const texts = textsFor(o.moment, o.invitation.locale, o.config.defaultLocale);
  return html(
    c,
    surveyPage({
      token,
      brand: o.config.brand,
      defaultLocale: o.config.defaultLocale,
      moment: o.moment,
      locale: texts.locale,
      question: withBrand(texts.question, o.config.brand),
      followUp: score === undefined ? undefined : withBrand(texts.followUp(score) ?? '', o.config.brand),
      mode,
      score,
      theme: o.config.theme,
      promptSrc: c.var.deps.promptScript?.(),
    }),
  );
}

/** An integer from the query, or undefined (`?score=abc` just opens the page). */
const scoreParam = (value: string | undefined) => (value !== undefined && /^\d{1,2}$/.test(value) ? Number(value) : undefined);

hostedRoutes.get('/s/hosted.js', builtInAsset('text/javascript', HOSTED_JS));
hostedRoutes.get('/s/hosted.css', builtInAsset('text/css', HOSTED_CSS));

hostedRoutes.get('/s/:token', async (c) => {
  const { deps } = c.var;
  const token = c.req.param('token');
  const now = deps.clock();
  const o = await openInvitation(deps, token, now);
  if (o.kind !== 'open') return friendly(c, o.kind, o);
  const score = scoreParam(c.req.query('score'));
  // Link scanners of mail providers open every link: they see the page but record nothing.
  const scanner = deps.dropBots && isbot(c.req.header('user-agent') ?? '');
  if (score !== undefined && !o.answer && !scanner) {
    const outcome = await answerInvitation(deps.db, o, { score, now });
    if (outcome.kind === 'recorded') await publishIfWatched(deps, o.site.siteKey, o.responseId);
    if (outcome.kind === 'recorded') return followUpTexts(o.moment, score) ? survey(c, token, o, 'followUp', score) : friendly(c, 'thanks', o);
    return survey(c, token, o, 'ask');
  }
  if (isUsed(o)) return friendly(c, 'used', o);
  // Answered, follow-up not given yet (a reload, or a second click): the first score is kept.
  if (o.answer) return survey(c, token, o, 'followUp', o.answer.score);
  return survey(c, token, o, 'ask');
});

hostedRoutes.post('/s/:token', limitBody(LIMITS.ingestBodyBytes), async (c) => {
  const { deps } = c.var;
  const token = c.req.param('token');
  const now = deps.clock();
  const o = await openInvitation(deps, token, now);
  if (o.kind !== 'open') return friendly(c, o.kind, o);
  if (isUsed(o)) return friendly(c, 'used', o);
  let form: Record<string, string | File>;
  try {
    form = await c.req.parseBody();
  } catch {
    form = {};
  }
  const comment = typeof form.comment === 'string' ? form.comment.slice(0, LIMITS.commentChars) : undefined;
  const score = scoreParam(typeof form.score === 'string' ? form.score : undefined);
  const outcome = await answerInvitation(deps.db, o, { score, comment, now });
  if (outcome.kind === 'recorded') await publishIfWatched(deps, o.site.siteKey, o.responseId);
  if (outcome.kind === 'out_of_scale') return survey(c, token, o, 'ask');
  return friendly(c, 'thanks', o);
});
