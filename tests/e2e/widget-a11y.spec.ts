import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { createSite, promptOf, storedResponses, threeMoments, voix, type Site, useHostSite } from './pages/host.ts';

/**
 * Accessibility of the BUILT prompt (WCAG 2.2 AA): axe-core finds nothing on any state of any
 * metric, in light and dark; the scale is a radio group driven by the keyboard alone; focus moves
 * in on open and back on close; Escape closes; the thank-you is announced by a live region;
 * reduced motion is respected; 320 px wide and 200 % zoom still work.
 */

// A shared 2-core machine runs several suites at once: leave room for slow moments.
test.describe.configure({ timeout: 60_000 });

const host = useHostSite();

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCALE = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).include('voix-prompt').withTags(WCAG).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe on ${state}`).toEqual([]);
  expect(results.passes.length, `axe checked something on ${state}`).toBeGreaterThan(5);
}

async function open(page: Page, site: Site, path: string, momentId: string) {
  await page.goto(host.page(path, { siteKey: site.siteKey }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await voix(page, 'show', momentId);
  await expect(promptOf(page, momentId).locator('[role="radiogroup"]')).toBeVisible();
}

for (const scheme of ['light', 'dark'] as const) {
  for (const metric of ['nps', 'csat', 'ces'] as const) {
    test(`axe: no violation on the question, follow-up and thanks of ${metric.toUpperCase()} (${scheme})`, async ({ page, request }) => {
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      const site = await createSite(request, [host.origin]);
      await open(page, site, `/axe-${metric}-${scheme}`, metric);
      const prompt = promptOf(page, metric);
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!).backgroundColor);
      expect(bg).toBe(scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
      await expectNoAxeViolations(page, `${metric} question`);
      await prompt.locator(`[data-score="${SCALE[metric][1]}"]`).hover();
      await expectNoAxeViolations(page, `${metric} question, a score hovered`);
      await prompt.locator(`[data-score="${SCALE[metric][1]}"]`).click();
      await expect(prompt.locator('[name="comment"]')).toBeFocused();
      await expectNoAxeViolations(page, `${metric} follow-up`);
      await prompt.locator('[data-action="send"]').click();
      await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
      // The pointer stays on the card: the thank-you waits for it instead of closing after 4 s.
      await prompt.locator('.card').hover();
      await page.waitForTimeout(4500);
      await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
      await expectNoAxeViolations(page, `${metric} thanks`);
      await page.mouse.move(0, 0);
      await expect(prompt, 'closes itself once the pointer leaves').toHaveCount(0, { timeout: 10_000 });
    });
  }
}

test('axe: no violation with a light brand colour (text on it turns black), on a 320 px bottom sheet, right to left', async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 320, height: 640 });
  const site = await createSite(request, [host.origin], threeMoments({ theme: { color: '#ffd400', position: 'center' } }));
  await page.goto(host.page('/axe-theme', { siteKey: site.siteKey, scriptAttributes: 'data-locale="ar"' }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await voix(page, 'show', 'nps');
  const prompt = promptOf(page, 'nps');
  await prompt.locator('[data-score="10"]').hover();
  expect(await prompt.locator('[data-score="10"]').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 0)');
  await expectNoAxeViolations(page, 'NPS in Arabic, yellow brand, 320 px');
  await prompt.locator('[data-score="10"]').click();
  await expectNoAxeViolations(page, 'follow-up in Arabic, yellow brand, 320 px');
});

for (const metric of ['nps', 'csat', 'ces'] as const) {
  test(`keyboard only: ${metric.toUpperCase()} is answered with Tab, arrows, Space and Enter; focus goes back where it was`, async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    await page.goto(host.page(`/kbd-${metric}`, { siteKey: site.siteKey }));
    await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
    await page.keyboard.press('Tab');
    await expect(page.locator('#host-button')).toBeFocused();
    await voix(page, 'show', metric);
    const prompt = promptOf(page, metric);
    const [min, max] = SCALE[metric];
    // Focus moved in, on the first point of the scale.
    await expect(prompt.locator(`[data-score="${min}"]`)).toBeFocused();
    await page.keyboard.press('End');
    await expect(prompt.locator(`[data-score="${max}"]`)).toBeFocused();
    await page.keyboard.press('Home');
    const target = max - 1;
    for (let i = min; i < target; i++) await page.keyboard.press('ArrowRight');
    const focused = prompt.locator(`[data-score="${target}"]`);
    await expect(focused).toBeFocused();
    await expect(focused).toHaveAttribute('role', 'radio');
    await expect(focused).toHaveAttribute('tabindex', '0');
    await expect(prompt.locator('[role="radio"][tabindex="0"]'), 'roving tabindex: one radio in the tab order').toHaveCount(1);
    // The accessible name says the meaning, e.g. "9 — very likely".
    expect(await focused.getAttribute('aria-label')).toMatch(new RegExp(`^${target} — [a-z]`));
    // A visible focus indicator.
    expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.press('Space');
    // The score is sent; the follow-up takes the scale's place and gets the focus.
    const comment = prompt.locator('[name="comment"]');
    await expect(comment).toBeFocused();
    await expect(prompt.locator('label[for="voix-comment"]')).toHaveText('What is the main reason for your score?');
    await page.keyboard.type('Typed with the keyboard only');
    await page.keyboard.press('Tab');
    await expect(prompt.locator('[data-action="skip"]')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(prompt.locator('[data-action="send"]')).toBeFocused();
    await page.keyboard.press('Enter');
    // Announced politely by the live region.
    await expect(prompt.getByRole('status')).toContainText('Thank you');
    await page.keyboard.press('Escape');
    await expect(prompt).toHaveCount(0);
    await expect(page.locator('#host-button'), 'focus restored where it was').toBeFocused();
    await expect
      .poll(async () => (await storedResponses(request, site)).map((r) => [r.score, r.comment]))
      .toEqual([[target, 'Typed with the keyboard only']]);
  });
}

test('Escape on the question dismisses it: nothing is sent, focus goes back', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  await page.goto(host.page('/escape', { siteKey: site.siteKey }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await page.locator('#host-button').focus();
  await voix(page, 'show', 'csat');
  await expect(promptOf(page, 'csat').locator('[data-score="1"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(promptOf(page, 'csat')).toHaveCount(0);
  await expect(page.locator('#host-button')).toBeFocused();
  await page.waitForTimeout(500);
  expect(await storedResponses(request, site)).toEqual([]);
});

test('a customer typing in a field keeps the focus when a prompt opens', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  await page.goto(host.page('/typing', { siteKey: site.siteKey, body: '<main><h1>Search</h1><label>Search <input id="q"></label></main>' }));
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await page.locator('#q').focus();
  await page.keyboard.type('carafe');
  await voix(page, 'show', 'nps');
  await expect(promptOf(page, 'nps').locator('[role="radiogroup"]')).toBeVisible();
  await page.keyboard.type(' bleue');
  await expect(page.locator('#q')).toHaveValue('carafe bleue');
});

test('reduced motion: no entrance animation; otherwise a short one', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  const animation = () => page.evaluate(() => getComputedStyle(document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!).animationName);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, site, '/motion-reduce', 'nps');
  expect(await animation()).toBe('none');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await open(page, site, '/motion', 'csat');
  expect(await animation()).toBe('voix-in');
});

for (const [name, viewport] of [
  ['320 px wide (a bottom sheet)', { width: 320, height: 568 }],
  ['200 % zoom of a 1280 × 800 window', { width: 640, height: 400 }],
] as const) {
  test(`${name}: the whole prompt fits, no horizontal scroll, targets at least 24 px`, async ({ page, request }) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const site = await createSite(request, [host.origin]);
    await open(page, site, `/small-${viewport.width}`, 'nps');
    const prompt = promptOf(page, 'nps');
    const card = await page.evaluate(() => document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!.getBoundingClientRect().toJSON());
    expect(card.left).toBeGreaterThanOrEqual(0);
    expect(card.right).toBeLessThanOrEqual(viewport.width);
    expect(card.bottom).toBeLessThanOrEqual(viewport.height);
    expect(card.top).toBeGreaterThanOrEqual(0);
    if (viewport.width === 320) expect(Math.round(card.width), 'full width').toBe(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    for (let score = 0; score <= 10; score++) {
      const box = (await prompt.locator(`[data-score="${score}"]`).boundingBox())!;
      expect(box.width, `score ${score} is at least 24 px wide`).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    await prompt.locator('[data-score="10"]').click();
    await prompt.locator('[name="comment"]').fill('Small screen');
    await prompt.locator('[data-action="send"]').click();
    await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
  });
}
