import type { Page } from '@playwright/test';
import { E2E } from './support/env.ts';
import { expect, test } from './support/fixtures.ts';
import { ask, createSite, promptOf, storedResponses, voix, type Site, useHostSite } from './pages/host.ts';

/**
 * The outbox of the BUILT widget (reference R3–R6): an answer is stored in localStorage before it
 * is sent and leaves only on a 2xx or a final 4xx; failed sends come back on the next load, and
 * the collector stores each answer once whatever the number of tries, tabs or reloads.
 */

// A shared 2-core machine runs several suites at once: leave room for slow moments.
test.describe.configure({ timeout: 60_000 });

const host = useHostSite();

const RESPONSES = `${E2E.collector}/v1/responses`;

function outboxOf(page: Page, site: Site) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { key: string; body: string; tries: number }[], `voix:${site.siteKey}:outbox`);
}

/** Answers the open prompt of `momentId` with `score`, then skips or sends the follow-up. */
async function answer(page: Page, momentId: string, score: number, comment?: string) {
  const prompt = promptOf(page, momentId);
  await prompt.locator(`[data-score="${score}"]`).click();
  if (comment === undefined) await prompt.locator('[data-action="skip"]').click();
  else {
    await prompt.locator('[name="comment"]').fill(comment);
    await prompt.locator('[data-action="send"]').click();
  }
  await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
}

test('a POST aborted by the network is sent again after a reload, with the same id, and stored once', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  const url = host.page('/outbox-abort', { siteKey: site.siteKey });
  const aborted: string[] = [];
  await page.route(RESPONSES, (route) => {
    aborted.push(JSON.parse(route.request().postData() ?? '{}').id);
    return route.abort('connectionreset');
  });

  await page.goto(url);
  await ask(page, 'csat');
  await answer(page, 'csat', 4);
  await expect.poll(() => aborted.length, { message: 'the answer was sent and aborted' }).toBeGreaterThan(0);
  const id = aborted[0]!;
  const queued = await outboxOf(page, site);
  expect(queued.filter((item) => item.key === `/v1/responses#${id}`), 'the answer waits in localStorage').toHaveLength(1);

  await page.unroute(RESPONSES);
  const resent: string[] = [];
  page.on('request', (r) => {
    if (r.url() === RESPONSES && r.method() === 'POST') resent.push(JSON.parse(r.postData() ?? '{}').id);
  });
  await page.reload();
  await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.id), { timeout: 15_000 }).toEqual([id]);
  expect(new Set(resent), 'the next load re-sends the same id').toEqual(new Set([id]));
  await expect.poll(() => outboxOf(page, site), { message: 'acknowledged: the outbox is empty' }).toEqual([]);
  expect(new Set(aborted), 'every try carried the same id').toEqual(new Set([id]));
});

test('a 400 is dropped at once and never retried, even after a reload', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  const url = host.page('/outbox-400', { siteKey: site.siteKey });
  let posts = 0;
  await page.route(RESPONSES, (route) => {
    posts++;
    return route.fulfill({
      status: 400,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': host.origin },
      body: JSON.stringify({ error: { code: 'invalid', message: 'refused' } }),
    });
  });
  await page.goto(url);
  await ask(page, 'nps');
  await answer(page, 'nps', 9);
  await expect.poll(() => posts).toBe(1);
  await expect.poll(() => outboxOf(page, site)).toEqual([]);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await page.waitForTimeout(3000);
  expect(posts, 'one POST, no retry').toBe(1);
});

test('an answer given just before leaving the page is delivered (keepalive)', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  await page.goto(host.page('/outbox-leave', { siteKey: site.siteKey }));
  await ask(page, 'nps');
  await promptOf(page, 'nps').locator('[data-score="10"]').click();
  await page.goto('about:blank');
  await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.score), { timeout: 10_000 }).toEqual([10]);
});

test('two tabs answer offline and close; the next load delivers every answer, each once', async ({ context, request }) => {
  const site = await createSite(request, [host.origin]);
  const url = host.page('/outbox-tabs', { siteKey: site.siteKey });
  const [a, b] = [await context.newPage(), await context.newPage()];
  // Each tab shows its first prompt online (the prompt chunk is then loaded); the network drops.
  for (const tab of [a, b]) {
    await tab.goto(url);
    await tab.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
    await voix(tab, 'show', 'nps');
    await expect(promptOf(tab, 'nps')).toBeVisible();
  }
  await context.setOffline(true);
  // Interleaved, so that both tabs write the shared outbox in turn: 3 answers each, 6 in all.
  const plan: [Page, string, number, string?][] = [
    [a, 'nps', 9, 'Tab A likes it'],
    [b, 'nps', 3],
    [a, 'csat', 5],
    [b, 'csat', 2, 'Tab B, late delivery'],
    [a, 'ces', 7],
    [b, 'ces', 1],
  ];
  for (const [tab, momentId, score, comment] of plan) {
    if (momentId !== 'nps') await voix(tab, 'show', momentId);
    await answer(tab, momentId, score, comment);
  }
  await a.close();
  await b.close();

  await context.setOffline(false);
  const next = await context.newPage();
  await next.goto(url);
  await expect
    .poll(async () => (await storedResponses(request, site)).length, { timeout: 20_000, message: 'all six answers stored' })
    .toBe(6);
  const rows = await storedResponses(request, site);
  expect(new Set(rows.map((r) => r.id)).size, 'each answer once').toBe(6);
  expect(rows.map((r) => `${r.momentId}:${r.score}:${r.comment ?? ''}`).sort()).toEqual(
    ['ces:1:', 'ces:7:', 'csat:2:Tab B, late delivery', 'csat:5:', 'nps:3:', 'nps:9:Tab A likes it'].sort(),
  );
  await expect.poll(() => outboxOf(next, site)).toEqual([]);
});
