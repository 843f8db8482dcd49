import type { StoredResponse } from '@voix/shared';
import { h } from './dom.ts';
import { BAND_LABELS, bandOf, CHANNEL_LABELS, formatAgo, formatDateTime, type Band } from './format.ts';

/**
 * The latest comments, newest first, with their score, moment, metric, locale, channel and date.
 * A comment is customer text: it goes into the page through text nodes only (`h()` never parses
 * markup), whatever it contains. The band filter (negative / neutral / positive on each metric's
 * own scale) applies to the latest answers fetched with the dashboard's filters.
 */
export const SHOWN = 10;
const SCALE_MAX = { nps: 10, csat: 5, ces: 7 } as const;

export interface VerbatimOptions {
  band: Band | '';
  /** Ids already shown before this render; others are marked new (live updates). */
  seen: Set<string> | null;
  now?: number;
}

export function renderVerbatims(list: HTMLElement, responses: StoredResponse[], options: VerbatimOptions): number {
  const now = options.now ?? Date.now();
  const matching = responses.filter((r) => typeof r.comment === 'string' && r.comment.trim() !== '' && (!options.band || bandOf(r.metric, r.score) === options.band));
  const shown = matching.slice(0, SHOWN);
  if (shown.length === 0) {
    const why = options.band ? `No ${options.band} comment among the latest answers for these filters.` : 'No comments yet for these filters. Follow-up questions collect them after a score.';
    list.replaceChildren(h('li', { class: 'empty' }, why));
    return 0;
  }
  list.replaceChildren(
    ...shown.map((r) => {
      const band = bandOf(r.metric, r.score);
      const isNew = options.seen !== null && !options.seen.has(r.id);
      return h(
        'li',
        { class: `verbatim${isNew ? ' verbatim--new' : ''}`, 'data-response': r.id, 'data-band': band },
        h(
          'span',
          { class: `verbatim__score verbatim__score--${band}`, 'aria-label': `${r.metric.toUpperCase()} ${r.score} out of ${SCALE_MAX[r.metric]}`, title: BAND_LABELS[band] },
          String(r.score),
        ),
        h(
          'div',
          { class: 'verbatim__body' },
          h('blockquote', { class: 'verbatim__text' }, r.comment ?? ''),
          h(
            'p',
            { class: 'verbatim__meta muted' },
            h('code', {}, r.momentId),
            h('span', {}, r.metric.toUpperCase()),
            r.locale ? h('span', { lang: r.locale }, r.locale) : null,
            h('span', {}, CHANNEL_LABELS[r.channel] ?? r.channel),
            h('time', { datetime: r.createdAt, title: formatDateTime(r.createdAt) }, `${formatDateTime(r.createdAt)} · ${formatAgo(r.createdAt, now)}`),
          ),
        ),
      );
    }),
  );
  return matching.length;
}
