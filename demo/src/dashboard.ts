import './dashboard/dashboard.css';
import { METRICS, type Metric } from '@voix/shared/scales';
import { ApiError, ReadApi } from './dashboard/api.ts';
import { required } from './dashboard/dom.ts';
import { renderMomentsTable } from './dashboard/moments-table.ts';
import { renderScoreCard } from './dashboard/score-cards.ts';
import { forgetKey, initialKey, isSecretKey, rememberKey } from './dashboard/secret-key.ts';
import { TrendCharts, trendWindow } from './dashboard/trend-charts.ts';
import { renderVerbatims } from './dashboard/verbatims.ts';

/**
 * The owner's dashboard: asks for the secret key, then reads the aggregate and response APIs
 * (same origin) and draws scores, the per-moment table, daily trends and the latest comments.
 * Refreshes on demand and every 10 s while the tab is visible.
 */
const REFRESH_MS = 10_000;
const COMMENTS_FETCHED = 50;

const keyPanel = required<HTMLElement>('#key-panel');
const keyForm = required<HTMLFormElement>('#key-form');
const keyInput = required<HTMLInputElement>('#key-input');
const board = required<HTMLElement>('#board');
const errorBox = required<HTMLElement>('#error');
const errorText = required<HTMLElement>('#error-message');
const refreshButton = required<HTMLButtonElement>('#refresh');
const signOutButton = required<HTMLButtonElement>('#sign-out');
const updated = required<HTMLElement>('#updated');

let api: ReadApi | null = null;
let charts: TrendCharts | null = null;
/** The load under way, and the key it was made with. */
let inFlight: { client: ReadApi; done: Promise<void> } | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorText.textContent = message ?? '';
}

function askForKey(): void {
  api = null;
  clearInterval(timer);
  board.hidden = true;
  keyPanel.hidden = false;
  refreshButton.hidden = true;
  signOutButton.hidden = true;
  updated.textContent = '';
  keyInput.value = '';
  keyInput.focus();
}

function openDashboard(key: string): void {
  api = new ReadApi(key);
  keyPanel.hidden = true;
  refreshButton.hidden = false;
  signOutButton.hidden = false;
  clearInterval(timer);
  timer = setInterval(() => {
    if (!document.hidden) void refresh();
  }, REFRESH_MS);
  void refresh();
}

async function load(client: ReadApi): Promise<void> {
  const range = trendWindow();
  const byMetric = <T>(get: (metric: Metric) => Promise<T>) =>
    Promise.all(METRICS.map(get)).then((values) => Object.fromEntries(METRICS.map((m, i) => [m, values[i]!])) as Record<Metric, T>);
  const [perMoment, daily, responses] = await Promise.all([
    byMetric((metric) => client.aggregate({ metric, groupBy: 'moment' })),
    byMetric((metric) => client.aggregate({ metric, groupBy: 'day', from: range.from, to: range.to })),
    client.responses(COMMENTS_FETCHED),
  ]);
  if (client !== api) return; // the key changed while loading
  showError(null);
  board.hidden = false;
  for (const metric of METRICS) renderScoreCard(required(`.score-card[data-metric="${metric}"]`), metric, perMoment[metric]);
  renderMomentsTable(required('#moments tbody'), perMoment);
  charts ??= new TrendCharts(required('#trends'));
  charts.update(daily, range.days);
  renderVerbatims(required('#verbatims'), responses.data);
  updated.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}`;
}

function refresh(): Promise<void> {
  const client = api;
  if (!client) return Promise.resolve();
  if (inFlight?.client === client) return inFlight.done;
  const done = (async () => {
    refreshButton.disabled = true;
    board.setAttribute('aria-busy', 'true');
    try {
      await load(client);
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
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void refresh();
});

const key = initialKey();
if (key) openDashboard(key);
else askForKey();
