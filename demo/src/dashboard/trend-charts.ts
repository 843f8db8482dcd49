import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { STAGES, type Metric } from '@voix/shared/scales';
import type { Aggregate } from './api.ts';
import { h } from './dom.ts';
import { formatCount, formatInterval, formatScore, STAGE_LABELS } from './format.ts';
import type { Timeline } from './timeline.ts';

/**
 * Scores over time, one uPlot chart per metric because the three scales differ (NPS −100…100,
 * CSAT 0…100 %, CES 1–7). "Overall" draws the score of each bucket with its 95% interval as a
 * band; "By stage" and "By moment" draw one line per stage or moment (from `groupBy=stage,day`…),
 * with a legend. Buckets without answers are gaps. Hovering a bucket shows its numbers.
 */
export type Breakdown = 'overall' | 'stage' | 'moment';

const STYLE: Record<Metric, { color: string; band: string; range: [number, number]; ticks: number[] }> = {
  nps: { color: '#4f46e5', band: 'rgba(79, 70, 229, 0.12)', range: [-100, 100], ticks: [-100, -50, 0, 50, 100] },
  csat: { color: '#0f8a6a', band: 'rgba(15, 138, 106, 0.12)', range: [0, 100], ticks: [0, 25, 50, 75, 100] },
  ces: { color: '#d97706', band: 'rgba(217, 119, 6, 0.14)', range: [1, 7], ticks: [1, 2, 3, 4, 5, 6, 7] },
};
/** Line colours of a breakdown; `.swatch--{i}` in dashboard.css uses the same list. */
export const PALETTE = ['#4f46e5', '#0f8a6a', '#d97706', '#db2777', '#0891b2', '#7c3aed', '#65a30d', '#dc2626'];

const HEIGHT = 200;
const dayLabel = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short' });
const monthLabel = new Intl.DateTimeFormat('en', { month: 'short', year: '2-digit' });

interface Line {
  name: string;
  score: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
  n: number[];
}

/** Lines of one metric: one overall line, or one per stage/moment, over the timeline's buckets. */
function linesOf(aggregate: Aggregate, timeline: Timeline, breakdown: Breakdown): Line[] {
  const index = new Map(timeline.labels.map((label, i) => [label, i]));
  const lines = new Map<string, Line>();
  const empty = (name: string): Line => ({ name, score: timeline.labels.map(() => null), lo: timeline.labels.map(() => null), hi: timeline.labels.map(() => null), n: timeline.labels.map(() => 0) });
  if (breakdown === 'overall') lines.set('', empty('overall'));
  for (const group of aggregate.groups ?? []) {
    const key = group.key;
    const bucket = typeof key === 'string' ? key : key && typeof key === 'object' ? key[timeline.bucket] : null;
    const name = breakdown === 'overall' ? '' : key && typeof key === 'object' ? key[breakdown] ?? '(none)' : '(none)';
    const i = bucket ? index.get(timeline.bucket === 'month' ? bucket.slice(0, 7) : bucket.slice(0, 10)) : undefined;
    if (i === undefined || name === null) continue;
    let line = lines.get(name);
    if (!line) lines.set(name, (line = empty(name)));
    line.n[i] = group.n;
    if (group.n > 0 && group.score !== null) {
      line.score[i] = group.score;
      line.lo[i] = group.ci95?.[0] ?? null;
      line.hi[i] = group.ci95?.[1] ?? null;
    }
  }
  const order = (name: string) => (breakdown === 'stage' ? STAGES.indexOf(name as (typeof STAGES)[number]) : 0);
  return [...lines.values()].sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
}

function ticksOf(xs: ArrayLike<number>, max = 6): number[] {
  const step = Math.max(1, Math.ceil(xs.length / max));
  const ticks: number[] = [];
  for (let i = xs.length - 1; i >= 0; i -= step) ticks.unshift(xs[i]!);
  return ticks;
}

class TrendChart {
  private plot: uPlot | null = null;
  private shape = '';
  private lines: Line[] = [];
  private timeline: Timeline | null = null;
  private breakdown: Breakdown = 'overall';
  private readonly readout: HTMLElement;
  private readonly plotArea: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly panel: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly metric: Metric,
  ) {
    this.plotArea = h('div', { class: 'trend__plot' });
    this.readout = h('p', { class: 'trend__readout muted' });
    this.legend = h('ul', { class: 'trend__legend' });
    this.empty = h('p', { class: 'trend__empty muted' }, 'No answers in this period');
    this.panel = h(
      'figure',
      { class: 'trend', 'data-trend': metric },
      h('figcaption', {}, h('span', { class: `metric-badge metric-badge--${metric}` }, metric.toUpperCase()), this.readout),
      this.plotArea,
      this.empty,
      this.legend,
    );
    container.append(this.panel);
    new ResizeObserver(() => {
      const width = this.plotArea.clientWidth;
      if (this.plot && width > 0 && width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
    }).observe(this.plotArea);
  }

  private build(timeline: Timeline, breakdown: Breakdown, lines: Line[]): void {
    const style = STYLE[this.metric];
    const axis = { stroke: '#6b7280', font: '11px system-ui, sans-serif', grid: { stroke: '#eef0f4', width: 1 }, ticks: { show: false } };
    const half = timeline.bucket === 'day' ? 43_200 : timeline.bucket === 'week' ? 302_400 : 1_296_000;
    const label = timeline.bucket === 'month' ? monthLabel : dayLabel;
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    if (breakdown === 'overall') {
      series.push(
        { label: this.metric, stroke: style.color, width: 2, spanGaps: true, points: { show: true, size: 6, fill: style.color } },
        { label: 'low', stroke: 'transparent', points: { show: false } },
        { label: 'high', stroke: 'transparent', points: { show: false } },
      );
      bands.push({ series: [3, 2], fill: style.band });
    } else {
      lines.forEach((line, i) => {
        const color = PALETTE[i % PALETTE.length]!;
        series.push({ label: line.name, stroke: color, width: 2, spanGaps: true, points: { show: true, size: 5, fill: color } });
      });
    }
    this.plot?.destroy();
    this.plot = new uPlot(
      {
        width: Math.max(240, this.plotArea.clientWidth),
        height: HEIGHT,
        padding: [10, 22, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 8 } },
        scales: {
          // Half a bucket of margin each side, so the first and last points are not cut in half.
          x: { time: true, range: (_u, min, max) => [min - half, max + half] },
          y: { auto: false, range: style.range },
        },
        axes: [
          { ...axis, splits: (u) => ticksOf(u.data[0]), values: (_u, splits) => splits.map((ts) => label.format(new Date(ts * 1000))) },
          { ...axis, size: 46, splits: () => style.ticks, values: (_u, splits) => splits.map((v) => (this.metric === 'ces' ? String(v) : formatScore(this.metric, v))) },
        ],
        series,
        bands,
        hooks: { setCursor: [(u) => this.showBucket(u.cursor.idx)] },
      },
      [[], ...series.slice(1).map(() => [])] as unknown as uPlot.AlignedData,
      this.plotArea,
    );
  }

  update(aggregate: Aggregate, timeline: Timeline, breakdown: Breakdown): void {
    const lines = linesOf(aggregate, timeline, breakdown);
    const shape = `${breakdown}|${timeline.bucket}|${lines.map((l) => l.name).join(',')}`;
    if (shape !== this.shape || !this.plot) this.build(timeline, breakdown, lines);
    this.shape = shape;
    this.lines = lines;
    this.timeline = timeline;
    this.breakdown = breakdown;
    const data = breakdown === 'overall' ? [timeline.xs, lines[0]!.score, lines[0]!.lo, lines[0]!.hi] : [timeline.xs, ...lines.map((l) => l.score)];
    this.plot!.setData(data as uPlot.AlignedData);
    const hasData = lines.some((l) => l.score.some((v) => v !== null));
    this.panel.classList.toggle('trend--empty', !hasData);
    this.legend.replaceChildren(
      ...(breakdown === 'overall'
        ? []
        : lines.map((line, i) =>
            h('li', {}, h('span', { class: `swatch swatch--${i % PALETTE.length}`, 'aria-hidden': 'true' }), breakdown === 'stage' ? STAGE_LABELS[line.name] ?? line.name : line.name),
          )),
    );
    this.showBucket(null);
  }

  /** The hovered bucket, or the whole period when the cursor is away. */
  private showBucket(idx: number | null | undefined): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const lines = this.lines;
    if (idx === null || idx === undefined || timeline.xs[idx] === undefined) {
      const total = lines.reduce((sum, l) => sum + l.n.reduce((a, b) => a + b, 0), 0);
      this.readout.textContent = `${formatCount(total)} answers`;
      return;
    }
    const when = timeline.bucket === 'week' ? `Week of ${dayLabel.format(new Date(timeline.xs[idx]! * 1000))}` : (timeline.bucket === 'month' ? monthLabel : dayLabel).format(new Date(timeline.xs[idx]! * 1000));
    if (this.breakdown === 'overall') {
      const line = lines[0]!;
      const score = line.score[idx] ?? null;
      const ci = line.lo[idx] != null && line.hi[idx] != null ? ` ${formatInterval(this.metric, [line.lo[idx]!, line.hi[idx]!])}` : '';
      this.readout.textContent = line.n[idx] ? `${when}: ${formatScore(this.metric, score)}${ci} · n = ${line.n[idx]}` : `${when}: no answers`;
      return;
    }
    const parts = lines.filter((l) => l.n[idx]).map((l) => `${l.name} ${formatScore(this.metric, l.score[idx])} (n ${l.n[idx]})`);
    this.readout.textContent = parts.length ? `${when}: ${parts.join(' · ')}` : `${when}: no answers`;
  }
}

export class TrendCharts {
  private readonly charts: Record<Metric, TrendChart>;

  constructor(container: HTMLElement) {
    this.charts = { nps: new TrendChart(container, 'nps'), csat: new TrendChart(container, 'csat'), ces: new TrendChart(container, 'ces') };
  }

  update(series: Record<Metric, Aggregate>, timeline: Timeline, breakdown: Breakdown): void {
    for (const metric of Object.keys(this.charts) as Metric[]) this.charts[metric].update(series[metric], timeline, breakdown);
  }
}
