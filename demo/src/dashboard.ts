import './dashboard/dashboard.css';
import './dashboard/panels.css';
import { METRICS, type Metric } from '@voix/shared/scales';
import type { PublicSiteConfig } from '@voix/shared';
import { ApiError, fetchSiteConfig, ReadApi } from './dashboard/api.ts';
import { downloadCsv } from './dashboard/csv-export.ts';
import { h, required } from './dashboard/dom.ts';
import { FilterBar } from './dashboard/filter-bar.ts';
import { apiFilters, readFilters, SECTOR_LABELS, writeFilters, type FilterState } from './dashboard/filters.ts';
import { formatCount, formatDays, formatRate, type Band } from './dashboard/format.ts';
import { renderJourney, type References } from './dashboard/journey.ts';
import { LiveUpdates, type LiveEvent, type LiveState } from './dashboard/live.ts';
import { momentOptions, momentsOf, type MomentView } from './dashboard/moments.ts';
import { renderMomentsTable } from './dashboard/moments-table.ts';
import { renderScoreCard } from './dashboard/score-cards.ts';
import { forgetKey, initialKey, isSecretKey, rememberKey } from './dashboard/secret-key.ts';
import { loadSnapshot, type Snapshot, type ViewOptions } from './dashboard/snapshot.ts';
import { TrendCharts, type Breakdown } from './dashboard/trend-charts.ts';
import { renderVerbatims } from './dashboard/verbatims.ts';

/**
 * The owner's dashboard: asks for the secret key, then reads the aggregate and response APIs
 * (same origin) with the filters of the bar, and draws the scores, the journey, the trends, the
 * moments with their response rates and the latest comments. Updates live through
 * `/v1/stream`, or every 10 s when the stream is not available (see live.ts).
 */
const keyPanel = required<HTMLElement>('#key-panel');
const keyForm = required<HTMLFormElement>('#key-form');
const keyInput = required<HTMLInputElement>('#key-input');
const board = required<HTMLElement>('#board');
const errorBox = required<HTMLElement>('#error');
const errorText = required<HTMLElement>('#error-message');
const refreshButton = required<HTMLButtonElement>('#refresh');
const signOutButton = required<HTMLButtonElement>('#sign-out');
const exportButton = required<HTMLButtonElement>('#export');
const updated = required<HTMLElement>('#updated');
const live = required<HTMLElement>('#live');
const liveLabel = required<HTMLElement>('#live-label');
const verbatimMoment = required<HTMLSelectElement>('#v-moment');
const verbatimBand = required<HTMLSelectElement>('#v-band');

let api: ReadApi | null = null;
let liveUpdates: LiveUpdates | null = null;
let charts: TrendCharts | null = null;
let siteConfig: PublicSiteConfig | null = null;
/** Every moment seen so far, for the menus (they do not shrink when a filter hides some). */
const knownMoments = new Map<string, MomentView>();
/** Response ids already on screen: later ones are highlighted as new. */
let seenResponses: Set<string> | null = null;
let lastSnapshot: Snapshot | null = null;
/** What the stream last announced, shown with the next "Updated" time. */
let lastAnswer: string | null = null;
/** A second reload shortly after a live answer, for its follow-up comment (sent a few seconds later). */
let commentTimer: ReturnType<typeof setTimeout> | undefined;
const COMMENT_DELAY_MS = 20_000;
/** The load under way, and whether another one was asked for meanwhile. */
let inFlight: { client: ReadApi; done: Promise<void> } | null = null;
let again = false;

const filterBar = new FilterBar(readFilters(), (state) => {
  writeFilters(state);
  void refresh();
});

function view(): ViewOptions {
  const checked = document.querySelector<HTMLInputElement>('#breakdown input:checked');
  return { breakdown: (checked?.value ?? 'overall') as Breakdown, verbatimMoment: verbatimMoment.value };
}

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorText.textContent = message ?? '';
}

const LIVE_TEXT: Record<LiveState, [string, string]> = {
  connecting: ['Connecting…', 'Opening the live stream'],
  live: ['Live', 'New answers appear as they arrive (server-sent events)'],
  polling: ['Auto-refresh · 10 s', 'The live stream is not available: the dashboard reloads every 10 seconds'],
  stopped: ['', ''],
};

function showLive(state: LiveState): void {
  live.dataset.live = state;
  live.hidden = state === 'stopped';
  liveLabel.textContent = LIVE_TEXT[state][0];
  live.title = LIVE_TEXT[state][1];
}

function askForKey(): void {
  api = null;
  liveUpdates?.stop();
  liveUpdates = null;
  board.hidden = true;
  keyPanel.hidden = false;
  for (const button of [refreshButton, signOutButton]) button.hidden = true;
  updated.textContent = '';
  keyInput.value = '';
  keyInput.focus();
}

function openDashboard(key: string): void {
  api = new ReadApi(key);
  keyPanel.hidden = true;
  refreshButton.hidden = false;
  signOutButton.hidden = false;
  seenResponses = null;
  void fetchSiteConfig(document.querySelector<HTMLMetaElement>('meta[name="voix-site-key"]')?.content ?? null).then((config) => {
    siteConfig = config;
    if (lastSnapshot) render(lastSnapshot, filterBar.current);
  });
  void refresh().then(() => {
    // The stream starts once the key has proved good (a wrong key goes back to the form).
    if (api?.secretKey === key && !liveUpdates) startLive(key);
  });
}

function startLive(key: string): void {
  liveUpdates = new LiveUpdates({
    secretKey: key,
    onState: showLive,
    onReload: () => void refresh(),
    onResponse: (event: LiveEvent) => {
      live.dataset.events = String(Number(live.dataset.events ?? 0) + 1);
      live.classList.remove('live--ping');
      void live.offsetWidth; // restart the pulse animation
      live.classList.add('live--ping');
      const r = event.response;
      lastAnswer = `new answer: ${r.metric.toUpperCase()} ${r.score} at ${r.momentId}`;
      applyLiveScores(event);
      void refresh();
      clearTimeout(commentTimer);
      commentTimer = setTimeout(() => void refresh(), COMMENT_DELAY_MS);
    },
  });
  liveUpdates.start();
}

/**
 * Without any filter, the event's own scores are exactly what the cards and the moment's row show:
 * draw them at once, before the reload that follows brings everything else.
 */
function applyLiveScores(event: LiveEvent): void {
  const state = filterBar.current;
  const scores = event.scores;
  if (!lastSnapshot || !scores || scores.metric !== event.response.metric) return;
  if (state.period !== 'all' || state.stage || state.moment || state.channel || state.locale) return;
  const { moment, metric: _metric, ...overall } = scores;
  const aggregate = lastSnapshot.perMoment[scores.metric];
  Object.assign(aggregate, overall);
  const group = moment && aggregate.groups?.find((g) => g.key === moment.id);
  if (group && moment) {
    const { id: _id, ...summary } = moment;
    Object.assign(group, summary);
    if (typeof group.displays === 'number') group.responseRate = group.displays > 0 ? group.n / group.displays : null;
  }
  render(lastSnapshot, state);
}

function referencesOf(snapshot: Snapshot, state: FilterState): References {
  const out = {} as References;
  for (const metric of METRICS) {
    const b = snapshot.perMoment[metric].benchmark;
    out[metric] = b && b.sector === state.benchmark ? b.score : null;
  }
  return out;
}

function render(snapshot: Snapshot, state: FilterState): void {
  const references = referencesOf(snapshot, state);
  const sector = SECTOR_LABELS[state.benchmark];
  const range = snapshot.range;
  const previousLabel = range ? (range.days === 1 ? 'Previous day' : `Previous ${range.days} days`) : null;
  required('#scope').textContent = range
    ? `${formatDays(range.first, range.last)} · compared with the ${previousLabel!.toLowerCase()} · 95% intervals`
    : 'All answers so far · 95% intervals';
  for (const metric of METRICS) {
    renderScoreCard(required(`.score-card[data-metric="${metric}"]`), metric, snapshot.perMoment[metric], {
      reference: { sector, score: references[metric] },
      previousLabel,
    });
  }

  const moments = momentsOf(siteConfig, snapshot.perMoment, snapshot.stageMoment, state);
  for (const m of momentsOf(siteConfig, snapshot.perMoment, snapshot.stageMoment, { moment: '', stage: '' })) knownMoments.set(m.id, m);
  const options = momentOptions(siteConfig, knownMoments.values());
  filterBar.setMoments(options);
  filterBar.setLocales(snapshot.locales);
  fillVerbatimMoments(options, state.moment);

  renderJourney(required('#journey'), required('#journey-verdict'), moments, references, state.stage);
  const totals = renderMomentsTable(required<HTMLTableElement>('#moments'), moments, { compare: range !== null, channel: state.channel });
  required('#rate-summary').textContent =
    state.locale ? 'Displays are not recorded per language: no response rate with a language filter.'
    : totals.displays > 0 ? `${formatCount(totals.responses)} answers to ${formatCount(totals.displays)} prompts shown · overall response rate ${formatRate(totals.responses / totals.displays)}`
    : 'Response rate = answers ÷ prompts shown';

  charts ??= new TrendCharts(required('#trends'));
  charts.update(snapshot.trend, snapshot.timeline, view().breakdown);
  required('#trend-caption').textContent = `${snapshot.timeline.caption}${view().breakdown === 'overall' ? ' · line = score, band = 95% interval' : ''}`;

  const count = renderVerbatims(required('#verbatims'), snapshot.responses, { band: verbatimBand.value as Band | '', seen: seenResponses });
  seenResponses = new Set(snapshot.responses.map((r) => r.id));
  required('#verbatim-count').textContent = count > 0 ? `${formatCount(count)} with a comment among the latest ${formatCount(snapshot.responses.length)} answers` : "In the customers' own words";
  if (snapshot.missing.length) console.warn(`Voix dashboard: this collector does not support ${snapshot.missing.join(', ')}`);
}

function fillVerbatimMoments(options: Map<string, { metric: Metric }>, globalMoment: string): void {
  const current = globalMoment || verbatimMoment.value;
  const wanted = ['', ...[...options.keys()].sort()];
  if ([...verbatimMoment.options].map((o) => o.value).join('|') !== wanted.join('|')) {
    verbatimMoment.replaceChildren(...wanted.map((id) => h('option', { value: id }, id || 'All moments')));
  }
  verbatimMoment.value = wanted.includes(current) ? current : '';
  verbatimMoment.disabled = globalMoment !== '';
  verbatimMoment.title = globalMoment ? 'Set by the Moment filter above' : '';
}

async function load(client: ReadApi): Promise<void> {
  const state = filterBar.current;
  const snapshot = await loadSnapshot(client, state, view());
  if (client !== api || state !== filterBar.current) return; // the key or the filters changed meanwhile
  showError(null);
  board.hidden = false;
  lastSnapshot = snapshot;
  render(snapshot, state);
  updated.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}${lastAnswer ? ` · ${lastAnswer}` : ''}`;
  lastAnswer = null;
}

/** Loads now, or once more after the load under way when one is running. */
function refresh(): Promise<void> {
  const client = api;
  if (!client) return Promise.resolve();
  if (inFlight?.client === client) {
    again = true;
    return inFlight.done;
  }
  const done = (async () => {
    refreshButton.disabled = true;
    board.setAttribute('aria-busy', 'true');
    try {
      do {
        again = false;
        await load(client);
      } while (again && client === api);
    } catch (error) {
      if (client !== api) return;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        forgetKey();
        askForKey();
      }
      showError(error instanceof Error ? error.message : String(error));
    } finally {
      refreshButton.disabled = false;
      board.removeAttribute('aria-busy');
      if (inFlight?.client === client) inFlight = null;
    }
  })();
  inFlight = { client, done };
  return done;
}

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!isSecretKey(key)) {
    showError('This is not a secret key: it starts with "sk_" (the public "pk_…" key cannot read scores).');
    keyInput.focus();
    return;
  }
  rememberKey(key);
  showError(null);
  openDashboard(key);
});
refreshButton.addEventListener('click', () => void refresh());
signOutButton.addEventListener('click', () => {
  forgetKey();
  showError(null);
  askForKey();
});
exportButton.addEventListener('click', async () => {
  if (!api) return;
  exportButton.disabled = true;
  exportButton.textContent = 'Exporting…';
  try {
    const name = await downloadCsv(api, apiFilters(filterBar.current));
    updated.textContent = `Downloaded ${name}`;
  } catch (error) {
    showError(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    exportButton.disabled = false;
    exportButton.textContent = 'Export CSV';
  }
});
required('#breakdown').addEventListener('change', () => void refresh());
verbatimMoment.addEventListener('change', () => void refresh());
verbatimBand.addEventListener('change', () => {
  if (lastSnapshot) render(lastSnapshot, filterBar.current);
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void refresh();
});

const key = initialKey();
if (key) openDashboard(key);
else askForKey();
