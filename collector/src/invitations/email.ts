import { SCALES, type Moment } from '@voix/shared';
import { escapeHtml } from './html.ts';
import { fill, longDate, stringsFor, textsFor, withBrand } from './strings.ts';

/** One email as the runtime's sender receives it (Node: nodemailer over SMTP, `node/mail.ts`). */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, for the owner's logs and for receivers that dedupe. */
  headers: Record<string, string>;
}
export type SendEmail = (message: EmailMessage) => Promise<void>;

export interface InvitationEmailInput {
  to: string;
  brand: string;
  defaultLocale: string;
  moment: Moment;
  locale: string | null;
  /** The hosted page, `…/s/{token}`; one score link each is `${url}?score=N`. */
  url: string;
  expiresAt: number;
  invitationId: string;
}

const scoreUrl = (url: string, score: number) => `${url}?score=${score}`;

/**
 * The invitation email: the question and its scale as one link per score (a plain GET records
 * the score; no script, no form, no image), in the customer's language. HTML built with tables
 * and inline styles (what common clients render), plus the plain-text part.
 */
export function invitationEmail(input: InvitationEmailInput): EmailMessage {
  const { moment, brand } = input;
  const texts = textsFor(moment, input.locale, input.defaultLocale);
  const s = stringsFor(texts.locale);
  const question = withBrand(texts.question, brand);
  const { min, max } = SCALES[moment.metric];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const [low, high] = s.ends[moment.metric];
  const until = fill(s.validUntil, { date: longDate(input.expiresAt, texts.locale) });

  const text = [
    question,
    '',
    s.textIntro,
    ...scores.map((n) => `${n}${n === min ? ` (${low})` : n === max ? ` (${high})` : ''}: ${scoreUrl(input.url, n)}`),
    '',
    until,
    '',
    `— ${brand}`,
  ].join('\n');

  const cell = (n: number) =>
    `<td align="center" style="padding:2px"><a href="${escapeHtml(scoreUrl(input.url, n))}" ` +
    `style="display:block;min-width:28px;padding:10px 0;border:1px solid #1d4ed8;border-radius:6px;background:#ffffff;` +
    `color:#1d4ed8;font:600 16px/1 Arial,Helvetica,sans-serif;text-decoration:none" aria-label="${n}">${n}</a></td>`;
  const html = `<!doctype html>
<html lang="${escapeHtml(texts.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(brand)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:12px;border:1px solid #e4e4e7">
<tr><td style="padding:24px 24px 8px;font:600 13px/1.4 Arial,Helvetica,sans-serif;color:#575757">${escapeHtml(brand)}</td></tr>
<tr><td style="padding:0 24px 8px;font:600 20px/1.35 Arial,Helvetica,sans-serif;color:#1a1a1a">${escapeHtml(question)}</td></tr>
<tr><td style="padding:0 24px 16px;font:14px/1.5 Arial,Helvetica,sans-serif;color:#3f3f46">${escapeHtml(s.intro)}</td></tr>
<tr><td style="padding:0 20px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${scores.map(cell).join('')}</tr></table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="left" style="padding:6px 2px 0;font:12px/1.4 Arial,Helvetica,sans-serif;color:#575757">${escapeHtml(`${min} = ${low}`)}</td>
<td align="right" style="padding:6px 2px 0;font:12px/1.4 Arial,Helvetica,sans-serif;color:#575757">${escapeHtml(`${max} = ${high}`)}</td>
</tr></table></td></tr>
<tr><td style="padding:20px 24px 24px;font:12px/1.5 Arial,Helvetica,sans-serif;color:#71717a">${escapeHtml(until)}</td></tr>
</table></td></tr></table>
</body></html>`;

  return {
    to: input.to,
    subject: fill(s.subject, { brand }),
    text,
    html,
    headers: { 'X-Voix-Invitation': input.invitationId },
  };
}

/** The SMS (or link) text handed to the owner's messaging provider. */
export function invitationText(i: { brand: string; defaultLocale: string; moment: Moment; locale: string | null; url: string }): { locale: string; text: string } {
  const texts = textsFor(i.moment, i.locale, i.defaultLocale);
  const s = stringsFor(texts.locale);
  return { locale: texts.locale, text: fill(s.sms, { brand: i.brand, question: withBrand(texts.question, i.brand), url: i.url }) };
}
