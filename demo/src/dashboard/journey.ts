import { STAGES, type Metric } from '@voix/shared/scales';
import { h } from './dom.ts';
import { formatCount, formatInterval, formatRate, formatScore, HEALTH_LABELS, healthOf, STAGE_LABELS, type Health } from './format.ts';
import { intervalBar, SCALE_RANGE } from './interval-bar.ts';
import type { MomentView } from './moments.ts';

/**
 * The journey view: the seven stages in the order a customer meets them, each with its moments
 * (metric, score, n, 95% interval, response rate), coloured by how the score reads against the
 * sector reference (`healthOf`), and one sentence naming the moment that hurts most. A stage with
 * no moment says "Not measured": a gap in the measurement plan is worth seeing too.
 * Test hooks: `[data-stage]` per stage, `[data-journey-moment]` per moment with `data-field`s.
 */
export type References = Record<Metric, number | null>;

const RANK: Record<Health, number> = { poor: 0, fair: 1, good: 2 };

/** How far below its reference (or, for CES, below "easy" = 5) a score is, as a share of its scale. */
function shortfall(m: MomentView, references: References): number {
  const score = m.summary?.score;
  if (score === null || score === undefined) return Infinity;
  const [lo, hi] = SCALE_RANGE[m.metric];
  const target = m.metric === 'ces' ? 5 : references[m.metric] ?? (m.metric === 'nps' ? 30 : 85);
  return (score - target) / (hi - lo);
}

function momentCard(m: MomentView, references: References): HTMLElement {
  const s = m.summary;
  const health = healthOf(m.metric, s?.score, references[m.metric]);
  return h(
    'li',
    { class: `jm jm--${health ?? 'none'}`, 'data-journey-moment': m.id, 'data-health': health ?? 'none' },
    h('div', { class: 'jm__head' }, h('span', { class: `metric-badge metric-badge--${m.metric}` }, m.metric.toUpperCase()), h('code', { class: 'jm__id' }, m.id)),
    m.question ? h('p', { class: 'jm__question muted' }, m.question) : null,
    h(
      'p',
      { class: 'jm__score' },
      h('strong', { 'data-field': 'score' }, formatScore(m.metric, s?.score)),
      health ? h('span', { class: `health health--${health}` }, HEALTH_LABELS[health]) : h('span', { class: 'muted' }, 'No answers'),
    ),
    intervalBar(m.metric, s?.score ?? null, s?.ci95 ?? null, m.metric === 'ces' ? null : references[m.metric], 'small'),
    h(
      'p',
      { class: 'jm__facts muted' },
      h('span', {}, 'n = ', h('span', { 'data-field': 'n' }, formatCount(s?.n ?? 0))),
      h('span', { 'data-field': 'ci' }, formatInterval(m.metric, s?.ci95)),
      h('span', { title: 'Responses ÷ prompts shown' }, 'Rate ', h('span', { 'data-field': 'rate' }, formatRate(s?.responseRate))),
    ),
  );
}

export function renderJourney(list: HTMLElement, verdict: HTMLElement, moments: MomentView[], references: References, stageFilter: string): void {
  const stages = stageFilter ? STAGES.filter((s) => s === stageFilter) : STAGES;
  list.replaceChildren(
    ...stages.map((stage) => {
      const here = moments.filter((m) => m.stage === stage);
      const healths = here.map((m) => healthOf(m.metric, m.summary?.score, references[m.metric])).filter((x): x is Health => x !== null);
      const worst = healths.sort((a, b) => RANK[a] - RANK[b])[0] ?? null;
      return h(
        'li',
        { class: `stage stage--${worst ?? (here.length ? 'none' : 'unmeasured')}`, 'data-stage': stage },
        h(
          'div',
          { class: 'stage__head' },
          h('span', { class: 'stage__step', 'aria-hidden': 'true' }, `Step ${STAGES.indexOf(stage) + 1}`),
          h('h3', { class: 'stage__name' }, STAGE_LABELS[stage] ?? stage),
          worst ? h('span', { class: 'visually-hidden' }, ` — ${HEALTH_LABELS[worst]}`) : null,
        ),
        here.length === 0
          ? h('p', { class: 'stage__empty muted' }, 'Not measured')
          : h('ul', { class: 'stage__moments' }, ...here.map((m) => momentCard(m, references))),
      );
    }),
  );
  const unstaged = moments.filter((m) => m.stage === null);
  if (unstaged.length > 0 && !stageFilter) list.append(h('li', { class: 'stage', 'data-stage': '' }, h('div', { class: 'stage__head' }, h('h3', { class: 'stage__name' }, 'Other')), h('ul', { class: 'stage__moments' }, ...unstaged.map((m) => momentCard(m, references)))));

  const scored = moments.filter((m) => m.summary && m.summary.score !== null).sort((a, b) => shortfall(a, references) - shortfall(b, references));
  const weakest = scored[0];
  if (!weakest) {
    verdict.replaceChildren('No answers match these filters yet.');
    verdict.dataset.health = 'none';
    return;
  }
  const health = healthOf(weakest.metric, weakest.summary!.score, references[weakest.metric])!;
  verdict.dataset.health = health;
  const where = `${weakest.stage ? STAGE_LABELS[weakest.stage] : 'Other'} · ${weakest.id}`;
  const score = `${weakest.metric.toUpperCase()} ${formatScore(weakest.metric, weakest.summary!.score)} (n = ${formatCount(weakest.summary!.n)})`;
  verdict.replaceChildren(
    health === 'good' ? 'Every measured moment is at or above its reference. Weakest: ' : 'Where the journey hurts most: ',
    h('strong', {}, where),
    ` — ${score}`,
  );
}
