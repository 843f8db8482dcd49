import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Metric, StoredResponse } from '@voix/shared';
import { formatCount, formatInterval, formatScore } from '../../../demo/src/dashboard/format.ts';
import { E2E } from './env.ts';
import type { Aggregate } from './read-api.ts';

/**
 * Helpers for the dashboard's end-to-end tests: open it with the demo site's key, watch the page
 * for anything that must never happen (dialogs, CSP violations, console errors), answer as a
 * customer through the public API, and compare what a card shows with what the API reports.
 */
export interface PageWatch {
  dialogs: string[];
  consoleErrors: string[];
  /** `securitypolicyviolation` events seen by the page, as "directive blocked-uri". */
  cspViolations(): Promise<string[]>;
}

export async function watchPage(page: Page): Promise<PageWatch> {
  const watch = { dialogs: [] as string[], consoleErrors: [] as string[] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (m) => m.type() === 'error' && watch.consoleErrors.push(m.text()));
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __cspViolations: string[] }).__cspViolations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return {
    ...watch,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}

/** Opens the dashboard (key in the fragment, as the collector prints it) and waits for the first scores. */
export async function openDashboard(page: Page, query = ''): Promise<void> {
  await page.goto(`${E2E.collector}/demo/dashboard.html${query}#key=${E2E.secretKey}`);
  await expect(page.locator('#board')).toBeVisible();
  await expect(page.locator('[data-metric="nps"] [data-field="n"]')).toBeVisible();
}

export interface Answer {
  momentId: string;
  score: number;
  comment?: string;
  channel?: 'inpage' | 'link' | 'email' | 'sms';
  locale?: string;
}

/** One answer through the public ingest API, from the demo site's own origin. Returns its id. */
export async function answer(request: APIRequestContext, a: Answer): Promise<string> {
  const id = crypto.randomUUID();
  const res = await request.post(`${E2E.collector}/v1/responses`, {
    headers: { Origin: E2E.collector, 'Content-Type': 'text/plain' },
    data: JSON.stringify({ id, siteKey: E2E.siteKey, anonymousId: `e2e-dash-${id.slice(0, 8)}`, ...a }),
  });
  expect(res.status(), await res.text()).toBe(202);
  return id;
}

/** Every response matching a query, newest first, following `nextCursor`. */
export async function allResponses(request: APIRequestContext, query: string): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  let cursor: string | null = null;
  do {
    const url = `${E2E.collector}/v1/responses?limit=500${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await request.get(url, { headers: { Authorization: `Bearer ${E2E.secretKey}` } });
    expect(res.status(), url).toBe(200);
    const body = (await res.json()) as { data: StoredResponse[]; nextCursor: string | null };
    out.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

/** Whether this collector serves `GET /v1/stream` (an event stream for the secret key). */
export async function streamAvailable(): Promise<boolean> {
  const abort = new AbortController();
  try {
    const res = await fetch(`${E2E.collector}/v1/stream`, { headers: { Authorization: `Bearer ${E2E.secretKey}` }, signal: abort.signal });
    return res.ok && (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  } catch {
    return false;
  } finally {
    abort.abort();
  }
}

/** The card of a metric shows what the API reports. */
export async function expectCard(page: Page, metric: Metric, expected: Aggregate, timeout?: number): Promise<void> {
  const card = page.locator(`[data-metric="${metric}"]`);
  await expect(card.locator('[data-field="n"]')).toHaveText(formatCount(expected.n), { timeout });
  await expect(card.locator('[data-field="score"]')).toHaveText(formatScore(metric, expected.score), { timeout });
  await expect(card.locator('[data-field="ci"]')).toHaveText(formatInterval(metric, expected.ci95), { timeout });
}
