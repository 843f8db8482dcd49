import { SCALES, type Moment, type SiteConfig } from '@voix/shared';
import { escapeHtml, jsonForHtml } from './html.ts';
import { fill, stringsFor, type ChannelStrings } from './strings.ts';

/**
 * The hosted survey page (`/s/{token}`) and its friendly message pages. No inline script or style
 * (CSP `script-src 'self'; style-src 'self'`): the page loads `/s/hosted.js`, which imports the
 * prompt chunk and mounts it full page; without script, links and a form do the same job.
 * Every text is escaped: the owner's texts and the customer's are text, never markup.
 */
export const HOSTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function layout(locale: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/s/hosted.css">
</head>
<body>
<main id="voix-page">
${body}
</main>
</body>
</html>
`;
}

export function messagePage(o: { locale: string; brand?: string | undefined; title: string; body: string }): string {
  return layout(
    o.locale,
    o.title,
    `${o.brand ? `<p class="brand">${escapeHtml(o.brand)}</p>\n` : ''}<h1>${escapeHtml(o.title)}</h1>\n<p class="message">${escapeHtml(o.body)}</p>`,
  );
}

export type FriendlyKind = 'invalid' | 'expired' | 'used' | 'closed' | 'thanks';

export function friendlyPage(kind: FriendlyKind, locale: string, brand?: string): string {
  const s = stringsFor(locale);
  const texts: Record<FriendlyKind, [string, string]> = {
    invalid: [s.invalidTitle, s.invalidBody],
    expired: [s.expiredTitle, s.expiredBody],
    used: [s.usedTitle, s.usedBody],
    closed: [s.closedTitle, s.closedBody],
    thanks: [s.thanks, s.canClose],
  };
  const [title, body] = texts[kind];
  return messagePage({ locale, brand, title, body });
}

export interface SurveyPageInput {
  token: string;
  brand: string;
  defaultLocale: string;
  moment: Moment;
  /** Language of the texts below (also the prompt's). */
  locale: string;
  question: string;
  followUp: string | undefined;
  /** `ask`: the scale; `followUp`: the score is stored, the follow-up question is asked. */
  mode: 'ask' | 'followUp';
  score?: number | undefined;
  /** The site's theme for the prompt (its colour…); the page centres the card whatever it says. */
  theme?: SiteConfig['theme'];
  /** URL of the prompt chunk (`/prompt-[hash].js`); without it the page works without script. */
  promptSrc?: string | undefined;
}

export function surveyPage(p: SurveyPageInput): string {
  const s: ChannelStrings = stringsFor(p.locale);
  const path = `/s/${encodeURIComponent(p.token)}`;
  const { min, max } = SCALES[p.moment.metric];
  const [low, high] = s.ends[p.moment.metric];
  let fallback: string;
  if (p.mode === 'ask') {
    const links = Array.from({ length: max - min + 1 }, (_, i) => min + i)
      .map((n) => `<li><a href="${path}?score=${n}" data-score="${n}">${n}</a></li>`)
      .join('');
    fallback = `<h1 id="voix-question">${escapeHtml(p.question)}</h1>
<p>${escapeHtml(s.noScript)}</p>
<ol class="scale scale-${p.moment.metric}" aria-labelledby="voix-question">${links}</ol>
<p class="ends"><span>${escapeHtml(`${min} = ${low}`)}</span><span>${escapeHtml(`${max} = ${high}`)}</span></p>`;
  } else {
    fallback = `<p class="score">${escapeHtml(fill(s.yourScore, { score: p.score ?? '' }))}</p>
<form method="post" action="${path}">
<label for="voix-comment">${escapeHtml(p.followUp ?? '')}</label>
<textarea id="voix-comment" name="comment" maxlength="2000" rows="4"></textarea>
<button type="submit">${escapeHtml(s.send)}</button>
</form>`;
  }
  const data = {
    token: p.token,
    answerUrl: `/v1/s/${encodeURIComponent(p.token)}/response`,
    prompt: p.promptSrc ?? null,
    mode: p.mode,
    score: p.score ?? null,
    brand: p.brand,
    defaultLocale: p.defaultLocale,
    locale: p.locale,
    moment: p.moment,
    theme: p.theme ?? null,
    done: `${s.thanks} ${s.canClose}`,
  };
  return layout(
    p.locale,
    `${p.brand} — ${p.question}`,
    `<p class="brand">${escapeHtml(p.brand)}</p>
<div id="voix-fallback" data-mode="${p.mode}">
${fallback}
</div>
<p id="voix-status" role="status" aria-live="polite"></p>
<script type="application/json" id="voix-data">${jsonForHtml(data)}</script>
<script type="module" src="/s/hosted.js"></script>`,
  );
}
