import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Metric } from '@voix/shared';
import type { Aggregate } from './api.ts';
import { h } from './dom.ts';
import { formatCount, formatInterval, formatScore } from './format.ts';

/**
 * Daily scores over the last 30 days, one uPlot chart per metric because the three scales
 * differ (NPS −100…100, CSAT 0…100 %, CES 1–7). Each chart draws the daily score and its 95%
 * interval as a band; days without answers are gaps. Hovering a day shows its numbers.
 */
export const TREND_DAYS = 30;
const DAY_MS = 86_400_000;

const STYLE: Record<Metric, { color: string; band: string; range: [number, number]; ticks: number[] }> = {
  nps: { color: '#4f46e5', band: 'rgba(79, 70, 229, 0.12)', range: [-100, 100], ticks: [-100, -50, 0, 50, 100] },
  csat: { color: '#0f8a6a', band: 'rgba(15, 138, 106, 0.12)', range: [0, 100], ticks: [0, 25, 50, 75, 100] },
  ces: { color: '#d97706', band: 'rgba(217, 119, 6, 0.14)', range: [1, 7], ticks: [1, 2, 3, 4, 5, 6, 7] },
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `from` (inclusive) and `to` (exclusive) of the window, as ISO dates in UTC. */
export function trendWindow(now = Date.now()): { from: string; to: string; days: string[] } {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const days = Array.from({ length: TREND_DAYS }, (_, i) => isoDay(today - (TREND_DAYS - 1 - i) * DAY_MS));
  return { from: days[0]!, to: isoDay(today + DAY_MS), days };
}

interface Series {
  x: number[];
  score: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
  n: number[];
}

function seriesOf(aggregate: Aggregate, days: string[]): Series {
  const byDay = new Map((aggregate.groups ?? []).map((g) => [g.key.slice(0, 10), g]));
  const out: Series = { x: [], score: [], lo: [], hi: [], n: [] };
  for (const day of days) {
    const group = byDay.get(day);
    const has = group !== undefined && group.n > 0 && group.score !== null;
    out.x.push(Date.parse(`${day}T00:00:00Z`) / 1000);
    out.score.push(has ? group.score : null);
    out.lo.push(has && group.ci95 ? group.ci95[0] : null);
    out.hi.push(has && group.ci95 ? group.ci95[1] : null);
    out.n.push(group?.n ?? 0);
  }
  return out;
}

const dayLabel = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const HALF_DAY_S = 43_200;

/** One x tick a week, ending on the last day shown. */
function weekTicks(xs: ArrayLike<number>): number[] {
  const ticks: number[] = [];
  for (let i = xs.length - 1; i >= 0; i -= 7) ticks.unshift(xs[i]!);
  return ticks;
}

class TrendChart {
  private readonly plot: uPlot;
  private series: Series = { x: [], score: [], lo: [], hi: [], n: [] };
  private readonly readout: HTMLElement;
  private readonly panel: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly metric: Metric,
  ) {
    const style = STYLE[metric];
    const plotArea = h('div', { class: 'trend__plot' });
    this.readout = h('p', { class: 'trend__readout muted' });
    this.panel = h(
      'figure',
      { class: 'trend', 'data-trend': metric },
      h('figcaption', {}, h('span', { class: `metric-badge metric-badge--${metric}` }, metric.toUpperCase()), this.readout),
      plotArea,
      h('p', { class: 'trend__empty muted' }, 'No answers in the last 30 days'),
    );
    container.append(this.panel);
    const axis = { stroke: '#6b7280', font: '11px system-ui, sans-serif', grid: { stroke: '#eef0f4', width: 1 }, ticks: { show: false } };
    this.plot = new uPlot(
      {
        width: Math.max(240, plotArea.clientWidth),
        height: 190,
        padding: [10, 26, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 8 } },
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: {
          // Half a day of margin each side, so the first and last days are not cut in half.
          x: { time: true, range: (_u, min, max) => [min - HALF_DAY_S, max + HALF_DAY_S] },
          y: { auto: false, range: style.range },
        },
        axes: [
          { ...axis, splits: (u) => weekTicks(u.data[0]), values: (_u, splits) => splits.map((ts) => dayLabel.format(new Date(ts * 1000))) },
          { ...axis, size: 48, splits: () => style.ticks, values: (_u, splits) => splits.map((v) => (metric === 'ces' ? String(v) : formatScore(metric, v))) },
        ],
        series: [
          {},
          { label: metric, stroke: style.color, width: 2, spanGaps: true, points: { show: true, size: 6, fill: style.color } },
          { label: 'low', stroke: 'transparent', points: { show: false } },
          { label: 'high', stroke: 'transparent', points: { show: false } },
        ],
        bands: [{ series: [3, 2], fill: style.band }],
        hooks: { setCursor: [(u) => this.showDay(u.cursor.idx)] },
      },
      [[], [], [], []],
      plotArea,
    );
    new ResizeObserver(() => {
      const width = plotArea.clientWidth;
      if (width > 0 && width !== this.plot.width) this.plot.setSize({ width, height: 190 });
    }).observe(plotArea);
  }

  update(aggregate: Aggregate, days: string[]): void {
    this.series = seriesOf(aggregate, days);
    this.plot.setData([this.series.x, this.series.score, this.series.lo, this.series.hi]);
    this.panel.classList.toggle('trend--empty', this.series.score.every((v) => v === null));
    this.showDay(null);
  }

  /** The hovered day, or the whole window when the cursor is away. */
  private showDay(idx: number | null | undefined): void {
    const { x, score, hi, lo, n } = this.series;
    if (idx === null || idx === undefined || x[idx] === undefined) {
      const total = n.reduce((a, b) => a + b, 0);
      this.readout.textContent = `${formatCount(total)} answers in ${TREND_DAYS} days`;
      return;
    }
    const ci = lo[idx] !== null && hi[idx] !== null ? formatInterval(this.metric, [lo[idx]!, hi[idx]!]) : '';
    const day = dayLabel.format(new Date(x[idx]! * 1000));
    this.readout.textContent = n[idx] ? `${day}: ${formatScore(this.metric, score[idx])} ${ci} · n = ${n[idx]}` : `${day}: no answers`;
  }
}

export class TrendCharts {
  private readonly charts: Record<Metric, TrendChart>;

  constructor(container: HTMLElement) {
    this.charts = { nps: new TrendChart(container, 'nps'), csat: new TrendChart(container, 'csat'), ces: new TrendChart(container, 'ces') };
  }

  update(daily: Record<Metric, Aggregate>, days: string[]): void {
    for (const metric of Object.keys(this.charts) as Metric[]) this.charts[metric].update(daily[metric], days);
  }
}
