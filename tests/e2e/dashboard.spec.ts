import { readFile } from 'node:fs/promises';
import type { Metric } from '@voix/shared';
import { formatCount, formatScore } from '../../demo/src/dashboard/format.ts';
import { answer, allResponses, expectCard, openDashboard, streamAvailable, watchPage } from './support/dashboard.ts';
import { E2E } from './support/env.ts';
import { expect, prompt, test } from './support/fixtures.ts';
import { aggregate } from './support/read-api.ts';

/**
 * The owner's dashboard (issue #5) and its XSS check (issue #6, R18), on the demo site. Tests
 * share one collector with the other spec files, so every expectation is read from the API at the
 * time of the check (never a count the test did not cause), and each test answers on its own.
 */

test('live: an answer given in the shop shows on the open dashboard without reload or click', async ({ page, browser, request }) => {
  test.setTimeout(60_000);
  const stream = await streamAvailable();
  const watch = await watchPage(page);
  let navigations = 0;
  page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);
  await openDashboard(page);
  const loadedNavigations = navigations;

  // The indicator says honestly which path is in use.
  const live = page.locator('#live');
  await expect(live).toHaveAttribute('data-live', stream ? 'live' : 'polling', { timeout: 10_000 });
  await expect(live).toHaveText(stream ? 'Live' : /Auto-refresh/);
  await expectCard(page, 'nps', await aggregate(request, 'nps'));
  const eventsBefore = Number(await live.getAttribute('data-events'));

  // A customer, in their own browser context, answers on the shop's origin.
  const customer = await browser.newContext();
  const shop = await customer.newPage();
  await shop.goto(`${E2E.shop}/account.html`);
  const nps = prompt(shop, 'relationship-nps');
  await expect(nps).toBeVisible({ timeout: 10_000 });
  await nps.locator('[data-score="3"]').click();
  let expected = await aggregate(request, 'nps');
  await expect.poll(async () => (expected = await aggregate(request, 'nps')).n, { message: 'the answer is stored' }).toBeGreaterThan(0);

  // Stream: pushed, while live mode only reloads by itself once a minute. Fallback: the next 10 s poll.
  const stored = Date.now();
  await expectCard(page, 'nps', expected, 15_000);
  test.info().annotations.push({ type: 'latency', description: `dashboard updated ${Date.now() - stored} ms after the answer was stored` });
  if (stream) {
    expect(Number(await live.getAttribute('data-events')), 'the update came through the stream').toBeGreaterThan(eventsBefore);
    await expect(live).toHaveAttribute('data-live', 'live');
  } else {
    await expect(live).toHaveAttribute('data-live', 'polling');
  }
  const byMoment = await aggregate(request, 'nps', '&groupBy=moment');
  await expect(page.locator('tr[data-moment="relationship-nps"] [data-field="n"]')).toHaveText(formatCount(byMoment.groups.find((g) => g.key === 'relationship-nps')!.n));
  expect(navigations, 'no reload').toBe(loadedNavigations);
  await customer.close();

  expect(watch.dialogs).toEqual([]);
  expect(watch.consoleErrors, 'no console error (CSP violations included)').toEqual([]);
});

test('live fallback: without a stream the dashboard polls every 10 s, and says so', async ({ page, request }) => {
  test.setTimeout(60_000);
  // A collector without `/v1/stream` (older version, or a proxy that drops event streams).
  await page.route('**/v1/stream?*', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"No route"}}' }));
  const watch = await watchPage(page);
  await openDashboard(page);
  const live = page.locator('#live');
  await expect(live).toHaveAttribute('data-live', 'polling', { timeout: 10_000 });
  await expect(live).toHaveText(/Auto-refresh · 10 s/);

  await answer(request, { momentId: 'support-effort', score: 4 });
  const expected = await aggregate(request, 'ces');
  await expectCard(page, 'ces', expected, 15_000);
  expect(Number(await live.getAttribute('data-events')), 'nothing came through a stream').toBe(0);
  expect(watch.dialogs).toEqual([]);
});

const XSS = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', 'javascript:alert(1)', '<svg onload=alert(1)>'];

test('XSS (R18): hostile comments are shown literally, nothing runs, the CSP reports nothing', async ({ page, request }) => {
  test.setTimeout(60_000);
  const watch = await watchPage(page);
  // Two before the page opens (first render), two while it is open (live or polled update).
  for (const comment of XSS.slice(0, 2)) await answer(request, { momentId: 'post-checkout', score: 1, comment });
  await openDashboard(page);
  // Only the negative answers of this moment, so that these four are the latest shown.
  await page.getByLabel('Score', { exact: true }).selectOption('negative');
  await page.locator('#v-moment').selectOption('post-checkout');
  for (const comment of XSS.slice(2)) await answer(request, { momentId: 'post-checkout', score: 1, comment });

  const stored = (await allResponses(request, '&moment=post-checkout')).map((r) => r.comment);
  for (const comment of XSS) {
    expect(stored, 'the API returns the comment as sent').toContain(comment);
    const shown = page.locator('#verbatims .verbatim__text').filter({ hasText: comment });
    await expect(shown.first()).toBeVisible({ timeout: 15_000 });
    expect(await shown.first().textContent()).toBe(comment);
  }
  await expect(page.locator('#verbatims [data-band="negative"]').first()).toBeVisible();
  expect(await page.locator('#verbatims [data-band]:not([data-band="negative"])').count(), 'score filter: negative only').toBe(0);

  // Nothing was parsed as markup, nothing ran.
  await expect(page.locator('#verbatims img, #verbatims svg, #verbatims script, #verbatims a')).toHaveCount(0);
  await expect(page.locator('img[src="x"], svg[onload], [onerror], [onload]')).toHaveCount(0);
  expect(await page.locator('body script').count(), 'no script element in the body').toBe(0);
  expect(watch.dialogs, 'no dialog').toEqual([]);
  expect(await watch.cspViolations(), 'no securitypolicyviolation').toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
});

test('filters: every panel follows them, with the numbers the API gives for the same filters', async ({ page, request }) => {
  test.setTimeout(90_000);
  // Answers of our own on a channel and in a language nobody else uses.
  for (const score of [2, 5, 7]) await answer(request, { momentId: 'support-effort', score, channel: 'sms', locale: 'de' });
  await answer(request, { momentId: 'relationship-nps', score: 9, channel: 'sms', locale: 'de' });
  const watch = await watchPage(page);
  await openDashboard(page);
  const filters = page.locator('#filters');
  const all = async (query: string) => Object.fromEntries(await Promise.all((['nps', 'csat', 'ces'] as Metric[]).map(async (m) => [m, await aggregate(request, m, query)] as const)));

  // Stage: cards, journey and table narrow to the service stage.
  await filters.getByLabel('Stage').selectOption('service');
  let expected = await all('&stage=service&groupBy=moment');
  for (const metric of ['nps', 'csat', 'ces'] as const) await expectCard(page, metric, expected[metric]!);
  await expect(page.locator('#journey [data-stage]')).toHaveCount(1);
  await expect(page.locator('#journey [data-stage="service"]')).toBeVisible();
  const serviceRows = expected.ces!.groups.map((g) => g.key);
  await expect(page.locator('#moments tbody tr[data-moment]')).toHaveCount(serviceRows.length);
  for (const group of expected.ces!.groups) {
    await expect(page.locator(`tr[data-moment="${group.key}"] [data-field="n"]`)).toHaveText(formatCount(group.n));
    await expect(page.locator(`[data-journey-moment="${group.key}"] [data-field="score"]`)).toHaveText(formatScore('ces', group.score));
  }
  await expect(page).toHaveURL(/[?&]stage=service/);

  // Channel and language together (the language menu lists what answers carry).
  await filters.getByLabel('Stage').selectOption('');
  await filters.getByLabel('Channel').selectOption('sms');
  await filters.getByLabel('Language').selectOption('de');
  expected = await all('&channel=sms&locale=de&groupBy=moment');
  for (const metric of ['nps', 'csat', 'ces'] as const) await expectCard(page, metric, expected[metric]!);
  await expect(page.locator('[data-journey-moment="support-effort"] [data-field="n"]')).toHaveText(formatCount(expected.ces!.groups.find((g) => g.key === 'support-effort')!.n));
  await expect(page.locator('#verbatims')).not.toContainText('post-checkout');

  // Moment: the comment panel's moment follows it.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await filters.getByLabel('Moment').selectOption('post-checkout');
  expected = await all('&moment=post-checkout&groupBy=moment');
  for (const metric of ['nps', 'csat', 'ces'] as const) await expectCard(page, metric, expected[metric]!);
  await expect(page.locator('#moments tbody tr[data-moment]')).toHaveCount(1);
  await expect(page.locator('#v-moment')).toHaveValue('post-checkout');
  await expect(page.locator('#v-moment')).toBeDisabled();

  // A period: the last 7 local days, with the comparison the API computes for the previous 7.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await filters.getByLabel('Period').selectOption('7d');
  const [from, to] = await page.evaluate(() => {
    const d = new Date();
    const iso = (x: Date) => x.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return [iso(new Date(d.getFullYear(), d.getMonth(), d.getDate() - 6)), iso(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1))];
  });
  expected = await all(`&from=${from}&to=${to}&compare=previous`);
  for (const metric of ['nps', 'csat', 'ces'] as const) {
    await expectCard(page, metric, expected[metric]!);
    const comparison = (expected[metric] as { comparison?: { significant: boolean | null; difference: number | null; previous: { n: number } } }).comparison!;
    const box = page.locator(`[data-metric="${metric}"] [data-field="comparison"]`);
    await expect(box).toHaveAttribute('data-significant', comparison.significant === null ? 'unknown' : String(comparison.significant));
    if (comparison.difference === null) await expect(box).toContainText(comparison.previous.n === 0 ? 'No answers in the previous period' : 'Too few answers');
    else await expect(box.locator('[data-field="significance"]')).toHaveText(comparison.significant === null ? 'Too few answers' : comparison.significant ? 'Significant' : 'Not significant');
  }

  // A custom range in the past: whatever the API says for it (nothing, on this fresh database).
  await filters.getByLabel('Period').selectOption('custom');
  await filters.getByLabel('From').fill('2020-01-01');
  await filters.getByLabel('To (inclusive)').fill('2020-01-31');
  const [cFrom, cTo] = await page.evaluate(() => [new Date(2020, 0, 1), new Date(2020, 1, 1)].map((x) => x.toISOString().replace(/\.\d{3}Z$/, 'Z')));
  expected = await all(`&from=${cFrom}&to=${cTo}`);
  for (const metric of ['nps', 'csat', 'ces'] as const) await expectCard(page, metric, expected[metric]!);

  // The reference is labelled as one, and follows the chosen sector (values from the API).
  await page.getByLabel('Reference', { exact: true }).selectOption('hospitality');
  const bench = await aggregate(request, 'nps', `&from=${cFrom}&to=${cTo}&benchmark=hospitality`);
  const reference = page.locator('[data-metric="nps"] [data-field="benchmark"]');
  await expect(reference).toContainText('Reference');
  await expect(reference).toContainText('Hospitality');
  await expect(reference.locator('[data-field="benchmark-score"]')).toHaveText(formatScore('nps', (bench as { benchmark?: { score: number } }).benchmark!.score));
  expect(watch.consoleErrors).toEqual([]);
});

test('CSV export: the downloaded file holds the rows the API returns for the same filters, with no key in any URL', async ({ page, request }) => {
  // Commas, quotes, a line break and a formula-looking comment: the file must still parse.
  await answer(request, { momentId: 'post-checkout', score: 3, comment: 'Good, "really"\nfast', locale: 'fr', channel: 'email' });
  await answer(request, { momentId: 'post-checkout', score: 2, comment: '=HYPERLINK("http://x")' });
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await openDashboard(page, '?moment=post-checkout');
  await expect(page.locator('#filters').getByLabel('Moment')).toHaveValue('post-checkout');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^voix-responses-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...rows] = parseCsv(text);
  const expected = await allResponses(request, '&moment=post-checkout');
  expect(rows).toHaveLength(expected.length);
  const col = (name: string) => header!.indexOf(name);
  for (const name of ['id', 'createdAt', 'momentId', 'metric', 'stage', 'score', 'comment', 'locale', 'channel']) expect(col(name), name).toBeGreaterThanOrEqual(0);
  const byId = new Map(rows.map((r) => [r[col('id')], r]));
  for (const r of expected) {
    const row = byId.get(r.id);
    expect(row, `row ${r.id}`).toBeDefined();
    expect({ createdAt: row![col('createdAt')], momentId: row![col('momentId')], metric: row![col('metric')], stage: row![col('stage')], score: Number(row![col('score')]), locale: row![col('locale')] || null, channel: row![col('channel')] }).toEqual({
      createdAt: r.createdAt,
      momentId: r.momentId,
      metric: r.metric,
      stage: r.stage,
      score: r.score,
      locale: r.locale,
      channel: r.channel,
    });
    // Comments come back as sent; one that a spreadsheet would run as a formula is defused (R19).
    const comment = r.comment ?? '';
    expect(row![col('comment')]).toBe(/^[=+\-@\t\r]/.test(comment) ? `'${comment}` : comment);
  }
  const keyed = urls.filter((u) => u.includes(E2E.secretKey));
  expect(keyed.every((u) => new URL(u).pathname === '/v1/stream'), `the key appears only in the stream's URL: ${keyed.join(', ')}`).toBe(true);
});

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
