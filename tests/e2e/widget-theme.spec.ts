import type { Page } from '@playwright/test';
import type { Theme } from '@voix/shared';
import { expect, test } from './support/fixtures.ts';
import { createSite, promptOf, threeMoments, voix, useHostSite } from './pages/host.ts';

/**
 * The BUILT prompt takes the site's `theme` from its config: brand colour (with readable text on
 * it), position (corners or centre; a bottom sheet on narrow screens), colour scheme (light, dark,
 * or the customer's preference) and font (the page's, or the system's).
 */

// A shared 2-core machine runs several suites at once: leave room for slow moments.
test.describe.configure({ timeout: 60_000 });

const host = useHostSite();

async function show(page: Page, request: Parameters<typeof createSite>[0], theme: Theme, path: string, body?: string) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const site = await createSite(request, [host.origin], threeMoments({ theme }));
  await page.goto(host.page(path, { siteKey: site.siteKey, ...(body ? { body } : {}) }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await voix(page, 'show', 'nps');
  await expect(promptOf(page, 'nps').locator('[role="radiogroup"]')).toBeVisible();
  return promptOf(page, 'nps');
}

const card = (page: Page) => page.evaluate(() => document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!.getBoundingClientRect().toJSON());
const cardStyle = (page: Page, prop: string) =>
  page.evaluate((p) => getComputedStyle(document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!).getPropertyValue(p), prop);

test('brand colour on the chosen score and buttons, with white text on a dark brand', async ({ page, request }) => {
  const prompt = await show(page, request, { color: '#7c3aed' }, '/theme-colour');
  const ten = prompt.locator('[data-score="10"]');
  await ten.hover();
  expect(await ten.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])).toEqual(['rgb(124, 58, 237)', 'rgb(255, 255, 255)']);
  await ten.click();
  expect(await prompt.locator('[data-action="send"]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(124, 58, 237)');
});

for (const [position, expectBox] of [
  ['bottom-right', (b: DOMRect, w: number, h: number) => [Math.round(w - b.right), Math.round(h - b.bottom)]],
  ['bottom-left', (b: DOMRect, _w: number, h: number) => [Math.round(b.left), Math.round(h - b.bottom)]],
  ['top-right', (b: DOMRect, w: number) => [Math.round(w - b.right), Math.round(b.top)]],
  ['top-left', (b: DOMRect) => [Math.round(b.left), Math.round(b.top)]],
] as const) {
  test(`position ${position}: 16 px from both edges`, async ({ page, request }) => {
    await show(page, request, { position }, `/theme-${position}`);
    const { width, height } = page.viewportSize()!;
    expect(expectBox(await card(page), width, height)).toEqual([16, 16]);
  });
}

test('position center: in the middle of the viewport; a bottom sheet on a narrow screen', async ({ page, request }) => {
  await show(page, request, { position: 'center' }, '/theme-center');
  const { width, height } = page.viewportSize()!;
  const box = await card(page);
  expect(Math.abs(box.left + box.width / 2 - width / 2)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.top + box.height / 2 - height / 2)).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 360, height: 640 });
  const sheet = await card(page);
  expect([Math.round(sheet.left), Math.round(sheet.width), Math.round(sheet.bottom)]).toEqual([0, 360, 640]);
});

test('scheme dark is dark even when the customer prefers light; light is light in dark mode; auto follows', async ({ page, request }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await show(page, request, { scheme: 'dark' }, '/theme-dark');
  expect(await cardStyle(page, 'background-color')).toBe('rgb(31, 31, 31)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await show(page, request, { scheme: 'light' }, '/theme-light');
  expect(await cardStyle(page, 'background-color')).toBe('rgb(255, 255, 255)');
  await show(page, request, { scheme: 'auto' }, '/theme-auto');
  expect(await cardStyle(page, 'background-color')).toBe('rgb(31, 31, 31)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await cardStyle(page, 'background-color'), 'follows a change live').toBe('rgb(255, 255, 255)');
});

test('font inherit takes the page’s font family; system keeps the platform font', async ({ page, request }) => {
  host.file('/georgia.css', 'body { font-family: Georgia, "Times New Roman", serif; }', 'text/css');
  const site = await createSite(request, [host.origin], threeMoments({ theme: { font: 'inherit' } }));
  await page.goto(host.page('/theme-font', { siteKey: site.siteKey, head: '<link rel="stylesheet" href="/georgia.css">' }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await voix(page, 'show', 'nps');
  await expect(promptOf(page, 'nps')).toBeVisible();
  expect(await cardStyle(page, 'font-family')).toContain('Georgia');
  const system = await createSite(request, [host.origin], threeMoments({ theme: { font: 'system' } }));
  await page.goto(host.page('/theme-font-system', { siteKey: system.siteKey, head: '<link rel="stylesheet" href="/georgia.css">' }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await voix(page, 'show', 'nps');
  await expect(promptOf(page, 'nps')).toBeVisible();
  expect(await cardStyle(page, 'font-family')).toContain('system-ui');
});

test('a theme the schema refuses never reaches the widget', async ({ request }) => {
  const { E2E } = await import('./support/env.ts');
  const { ADMIN_TOKEN } = await import('./pages/host.ts');
  const res = await request.post(`${E2E.collector}/v1/admin/sites`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    data: { name: 'Bad theme', origins: [host.origin], config: threeMoments({ theme: { color: 'red; background:url(x)' } as unknown as Theme }) },
  });
  expect(res.status()).toBe(400);
  expect(JSON.stringify(await res.json())).toContain('theme');
});
