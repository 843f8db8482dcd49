import { formatCount, formatInterval, formatScore } from '../../demo/src/dashboard/format.ts';
import { E2E } from './support/env.ts';
import { callVoix, expect, prompt, test } from './support/fixtures.ts';
import { aggregate, getJson, latestResponses } from './support/read-api.ts';

/**
 * The core loop of Voix in a real browser: a customer walks through the demo shop, the widget
 * asks the right question at the right moment, the answer reaches the collector through the
 * outbox, and the owner's dashboard shows it. The collector starts with a fresh database, and
 * each metric is answered by exactly one test, so the expected counts are known.
 * Tests run in file order on one worker; the dashboard test reads whatever the API reports.
 */

/** Customer text with markup in it: it must come back, and be shown, literally. */
const COMMENT = 'Smooth checkout <img src=x onerror="window.__voixXss=1"> & fast delivery!';

test('checkout: the CSAT moment asks after the order, with a follow-up comment', async ({ page, request, collectorRequests }) => {
  expect((await aggregate(request, 'csat')).n, 'fresh database: no CSAT answer yet').toBe(0);

  await page.goto(`${E2E.shop}/index.html`);
  await page.getByRole('link', { name: 'Buy now' }).click();
  await expect(page).toHaveURL(/\/demo\/checkout\.html$/);
  await expect(prompt(page, 'post-checkout')).toHaveCount(0);
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/demo\/thanks\.html$/);

  const csat = prompt(page, 'post-checkout');
  await expect(csat).toBeVisible();
  collectorRequests.expectQuietUntilMoment();
  expect(collectorRequests.firstMoment()?.pageUrl, 'nothing fires on the product and checkout pages').toContain('/demo/thanks.html');

  await csat.locator('[data-score="4"]').click();
  const comment = csat.locator('[name="comment"]');
  await expect(comment).toBeVisible();
  await comment.fill(COMMENT);
  await csat.locator('[data-action="send"]').click();
  await expect(csat.locator('[data-state="thanks"]')).toBeVisible();
  await collectorRequests.expectMomentTraffic({ responses: 1 });

  await expect.poll(async () => {
    const a = await aggregate(request, 'csat');
    return { n: a.n, score: a.score };
  }).toEqual({ n: 1, score: 100 });
  await expect
    .poll(async () => (await latestResponses(request)).find((r) => r.momentId === 'post-checkout')?.comment)
    .toBe(COMMENT);
  const [answer] = (await latestResponses(request)).filter((r) => r.momentId === 'post-checkout');
  expect(answer).toMatchObject({ metric: 'csat', stage: 'purchase', score: 4, channel: 'inpage' });
});

test('support: resolving a ticket asks the CES question, in the language chosen on the page', async ({ page, request, collectorRequests }) => {
  expect((await aggregate(request, 'ces')).n, 'fresh database: no CES answer yet').toBe(0);

  await page.goto(`${E2E.shop}/support.html`);
  await expect(page.getByRole('heading', { name: 'Where is my carafe?' })).toBeVisible();
  // Let the loader fetch its config: nothing may be shown before the ticket is resolved.
  await expect.poll(() => collectorRequests.kinds()).toContain('config');
  await expect(prompt(page, 'support-effort')).toHaveCount(0);

  // The customer reads French: the language switch calls voix('locale', 'fr').
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'FR' }).click();
  await page.getByRole('button', { name: 'Mark ticket as resolved' }).click();
  const ces = prompt(page, 'support-effort');
  await expect(ces).toBeVisible();
  await expect(ces).toContainText("L'équipe support m'a facilité la résolution de mon problème.");
  collectorRequests.expectQuietUntilMoment();

  await ces.locator('[data-score="6"]').click();
  await collectorRequests.expectMomentTraffic({ responses: 1 });
  await expect.poll(async () => {
    const a = await aggregate(request, 'ces');
    return { n: a.n, score: a.score };
  }).toEqual({ n: 1, score: 6 });
  const [answer] = (await latestResponses(request)).filter((r) => r.momentId === 'support-effort');
  expect(answer).toMatchObject({ metric: 'ces', stage: 'service', score: 6, locale: 'fr' });
});

test('account: the NPS moment fires on its URL', async ({ page, request, collectorRequests }) => {
  expect((await aggregate(request, 'nps')).n, 'fresh database: no NPS answer yet').toBe(0);

  await page.goto(`${E2E.shop}/account.html`);
  const nps = prompt(page, 'relationship-nps');
  await expect(nps).toBeVisible();
  collectorRequests.expectQuietUntilMoment();

  await nps.locator('[data-score="10"]').click();
  await collectorRequests.expectMomentTraffic({ responses: 1 });
  await expect.poll(async () => {
    const a = await aggregate(request, 'nps');
    return { n: a.n, score: a.score, promoters: a.counts.promoters };
  }).toEqual({ n: 1, score: 100, promoters: 1 });
});

test("voix('show') opens a moment on request; Escape closes it and gives focus back", async ({ page, collectorRequests }) => {
  await page.goto(`${E2E.shop}/index.html`);
  await expect.poll(() => collectorRequests.kinds()).toContain('config');
  const buy = page.getByRole('link', { name: 'Buy now' });
  await buy.focus();

  await callVoix(page, 'show', 'relationship-nps');
  const nps = prompt(page, 'relationship-nps');
  await expect(nps).toBeVisible();
  await expect(nps.locator('[data-score="0"]')).toBeVisible();
  await expect(nps.locator('[data-score="10"]')).toBeVisible();
  collectorRequests.expectQuietUntilMoment();

  await page.keyboard.press('Escape');
  await expect(nps).toHaveCount(0);
  await expect(buy).toBeFocused();
  expect(collectorRequests.kinds(), 'a dismissal sends no answer').not.toContain('response');
});

test('dashboard: the owner sees the scores the API reports', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));

  await page.clock.install();
  await page.goto(`${E2E.collector}/demo/dashboard.html#key=${E2E.secretKey}`);
  await expect(page, 'the key leaves the address bar').toHaveURL(`${E2E.collector}/demo/dashboard.html`);

  for (const metric of ['nps', 'csat', 'ces'] as const) {
    const expected = await aggregate(request, metric, '&groupBy=moment');
    const card = page.locator(`[data-metric="${metric}"]`);
    await expect(card.locator('[data-field="n"]')).toHaveText(formatCount(expected.n));
    await expect(card.locator('[data-field="score"]')).toHaveText(formatScore(metric, expected.score));
    await expect(card.locator('[data-field="ci"]')).toHaveText(formatInterval(metric, expected.ci95));
    for (const group of expected.groups) {
      const row = page.locator(`tr[data-moment="${group.key}"]`);
      await expect(row.locator('[data-field="n"]')).toHaveText(formatCount(group.n));
      await expect(row.locator('[data-field="score"]')).toHaveText(formatScore(metric, group.score));
      await expect(row.locator('[data-field="displays"]')).toHaveText(formatCount(group.displays));
    }
  }
  await expect(page.locator('#trends canvas')).toHaveCount(3);

  // The latest comment is shown as text, never as markup.
  const latestComment = (await latestResponses(request)).find((r) => r.comment)?.comment;
  if (latestComment) {
    await expect(page.locator('#verbatims')).toContainText(latestComment);
    await expect(page.locator('#verbatims img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __voixXss?: number }).__voixXss)).toBeUndefined();
  }

  // Other customers answer elsewhere: "Refresh", then the 10-second auto-refresh, show it.
  const answerElsewhere = async (score: number) => {
    const before = await aggregate(request, 'ces');
    const posted = await request.post(`${E2E.collector}/v1/responses`, {
      headers: { Origin: E2E.collector, 'Content-Type': 'text/plain' },
      data: JSON.stringify({ id: crypto.randomUUID(), siteKey: E2E.siteKey, momentId: 'support-effort', score, anonymousId: `e2e-dashboard-${score}` }),
    });
    expect(posted.status(), await posted.text()).toBe(202);
    const after = await aggregate(request, 'ces');
    expect(after.n).toBe(before.n + 1);
    return after;
  };
  const cesCard = page.locator('[data-metric="ces"]');
  let ces = await answerElsewhere(7);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(cesCard.locator('[data-field="n"]')).toHaveText(formatCount(ces.n));
  await expect(cesCard.locator('[data-field="score"]')).toHaveText(formatScore('ces', ces.score));

  ces = await answerElsewhere(2);
  await page.clock.fastForward(10_000);
  await expect(cesCard.locator('[data-field="n"]')).toHaveText(formatCount(ces.n));
  await expect(cesCard.locator('[data-field="score"]')).toHaveText(formatScore('ces', ces.score));

  expect(consoleErrors, 'no console error (CSP violations included)').toEqual([]);
});

test('dashboard: a wrong secret key shows the API error and the key form', async ({ page, request }) => {
  const wrongKey = 'sk_thisisnotthekey00000000000000000';
  const { status, body } = await getJson<{ error: { message: string } }>(request, '/v1/aggregates?metric=nps', wrongKey);
  expect(status).toBe(401);

  await page.goto(`${E2E.collector}/demo/dashboard.html#key=${wrongKey}`);
  await expect(page.getByRole('alert')).toContainText(body.error.message);
  await expect(page.getByLabel('Secret key')).toBeVisible();
  await expect(page.locator('[data-metric="nps"] [data-field="score"]')).toHaveCount(0);

  // The right key, typed in the form, opens the dashboard.
  await page.getByLabel('Secret key').fill(E2E.secretKey);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await expect(page.getByRole('alert')).toBeHidden();
  const nps = await aggregate(request, 'nps');
  await expect(page.locator('[data-metric="nps"] [data-field="n"]')).toHaveText(formatCount(nps.n));
});
