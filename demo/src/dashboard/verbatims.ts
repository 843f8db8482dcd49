import type { StoredResponse } from '@voix/shared';
import { h } from './dom.ts';
import { formatAgo } from './format.ts';

/**
 * The latest comments, newest first. A comment is customer text: it is shown through
 * `textContent` only, whatever it contains.
 */
const SHOWN = 8;

/** Green / amber / red by what the score means on its own scale. */
function tone(response: StoredResponse): 'good' | 'neutral' | 'bad' {
  const { metric, score } = response;
  if (metric === 'nps') return score >= 9 ? 'good' : score >= 7 ? 'neutral' : 'bad';
  if (metric === 'csat') return score >= 4 ? 'good' : score === 3 ? 'neutral' : 'bad';
  return score >= 5 ? 'good' : score === 4 ? 'neutral' : 'bad';
}

export function renderVerbatims(list: HTMLElement, responses: StoredResponse[], now = Date.now()): void {
  const withComment = responses.filter((r) => typeof r.comment === 'string' && r.comment.trim() !== '').slice(0, SHOWN);
  if (withComment.length === 0) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No comments yet. Follow-up questions collect them after a score.'));
    return;
  }
  list.replaceChildren(
    ...withComment.map((r) =>
      h(
        'li',
        { class: 'verbatim', 'data-response': r.id },
        h('span', { class: `verbatim__score verbatim__score--${tone(r)}`, title: `${r.metric.toUpperCase()} answer` }, String(r.score)),
        h(
          'div',
          { class: 'verbatim__body' },
          h('blockquote', { class: 'verbatim__text' }, r.comment ?? ''),
          h(
            'p',
            { class: 'verbatim__meta muted' },
            h('code', {}, r.momentId),
            ` · ${r.metric.toUpperCase()}`,
            r.locale ? ` · ${r.locale}` : '',
            ' · ',
            h('time', { datetime: r.createdAt, title: r.createdAt }, formatAgo(r.createdAt, now)),
          ),
        ),
      ),
    ),
  );
}
