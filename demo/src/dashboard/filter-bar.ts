import { CHANNELS, STAGES, type Metric, type Stage } from '@voix/shared/scales';
import type { Sector } from '@voix/shared';
import { h, required } from './dom.ts';
import { DEFAULT_FILTERS, localDay, PERIODS, SECTOR_LABELS, type FilterState, type Period } from './filters.ts';
import { CHANNEL_LABELS, STAGE_LABELS } from './format.ts';

/**
 * The filter bar: native `<select>` and `<input type="date">` controls with labels (keyboard and
 * screen-reader friendly as they are). Every change updates the state and calls `onChange`;
 * the moment and locale menus are filled from what the dashboard has seen.
 */
export class FilterBar {
  private readonly period = required<HTMLSelectElement>('#f-period');
  private readonly custom = required<HTMLElement>('#f-custom');
  private readonly from = required<HTMLInputElement>('#f-from');
  private readonly to = required<HTMLInputElement>('#f-to');
  private readonly stage = required<HTMLSelectElement>('#f-stage');
  private readonly moment = required<HTMLSelectElement>('#f-moment');
  private readonly channel = required<HTMLSelectElement>('#f-channel');
  private readonly locale = required<HTMLSelectElement>('#f-locale');
  private readonly benchmark = required<HTMLSelectElement>('#f-benchmark');
  private readonly reset = required<HTMLButtonElement>('#f-reset');
  private momentsKey = '';
  private localesKey = '';

  constructor(
    private state: FilterState,
    private readonly onChange: (state: FilterState) => void,
  ) {
    this.period.replaceChildren(...Object.entries(PERIODS).map(([value, label]) => h('option', { value }, label)));
    this.stage.replaceChildren(h('option', { value: '' }, 'All stages'), ...STAGES.map((s) => h('option', { value: s }, STAGE_LABELS[s] ?? s)));
    this.channel.replaceChildren(h('option', { value: '' }, 'All channels'), ...CHANNELS.map((c) => h('option', { value: c }, CHANNEL_LABELS[c] ?? c)));
    this.benchmark.replaceChildren(...(Object.entries(SECTOR_LABELS) as [Sector, string][]).map(([value, label]) => h('option', { value }, label)));
    this.setMoments(new Map());
    this.setLocales([]);
    this.show();

    const read = () => {
      const next: FilterState = {
        period: this.period.value as Period,
        fromDay: this.from.value,
        toDay: this.to.value,
        stage: this.stage.value,
        moment: this.moment.value,
        channel: this.channel.value,
        locale: this.locale.value,
        benchmark: this.benchmark.value as Sector,
      };
      if (next.period === 'custom' && this.state.period !== 'custom' && !next.fromDay && !next.toDay) {
        // Start a custom range from the last 7 days rather than from nothing.
        next.toDay = localDay(new Date());
        next.fromDay = localDay(new Date(Date.now() - 6 * 86_400_000));
      }
      this.update(next);
    };
    for (const control of [this.period, this.from, this.to, this.stage, this.moment, this.channel, this.locale, this.benchmark]) control.addEventListener('change', read);
    this.reset.addEventListener('click', () => this.update({ ...DEFAULT_FILTERS, benchmark: this.state.benchmark }));
  }

  get current(): FilterState {
    return this.state;
  }

  private update(next: FilterState): void {
    this.state = next;
    this.show();
    this.onChange(next);
  }

  /** Puts the state into the controls. */
  private show(): void {
    const s = this.state;
    this.period.value = s.period;
    this.custom.hidden = s.period !== 'custom';
    this.from.value = s.fromDay;
    this.to.value = s.toDay;
    this.from.max = s.toDay || '';
    this.to.min = s.fromDay || '';
    this.stage.value = s.stage;
    this.ensureOption(this.moment, s.moment);
    this.moment.value = s.moment;
    this.channel.value = s.channel;
    this.ensureOption(this.locale, s.locale);
    this.locale.value = s.locale;
    this.benchmark.value = s.benchmark;
    const active = s.period !== 'all' || !!(s.stage || s.moment || s.channel || s.locale);
    this.reset.disabled = !active;
  }

  /** A value from the address bar that no menu lists yet still shows as selected. */
  private ensureOption(select: HTMLSelectElement, value: string): void {
    if (value && ![...select.options].some((o) => o.value === value)) select.append(h('option', { value }, value));
  }

  setMoments(moments: Map<string, { stage: Stage | null; metric: Metric }>): void {
    const key = [...moments].map(([id, m]) => `${id}:${m.stage}:${m.metric}`).join('|');
    if (key === this.momentsKey && this.moment.options.length > 0) return;
    this.momentsKey = key;
    const groups = [...STAGES, null].map((stage) => {
      const ids = [...moments].filter(([, m]) => m.stage === stage).sort(([a], [b]) => a.localeCompare(b));
      if (ids.length === 0) return null;
      return h('optgroup', { label: stage ? STAGE_LABELS[stage] ?? stage : 'Other' }, ...ids.map(([id, m]) => h('option', { value: id }, `${id} (${m.metric.toUpperCase()})`)));
    });
    this.moment.replaceChildren(h('option', { value: '' }, 'All moments'), ...groups.filter((g) => g !== null));
    this.show();
  }

  setLocales(locales: string[]): void {
    const key = locales.join('|');
    if (key === this.localesKey && this.locale.options.length > 0) return;
    this.localesKey = key;
    this.locale.replaceChildren(h('option', { value: '' }, 'All languages'), ...locales.map((l) => h('option', { value: l }, l)));
    this.show();
  }
}
