import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { SiteConfigInput } from '@voix/shared';
import { E2E } from './support/env.ts';
import { expect, test } from './support/fixtures.ts';
import { ADMIN_TOKEN, createSite, promptOf, storedResponses, voix, type Site, useHostSite, debugLog } from './pages/host.ts';

/**
 * The in-page channels of issue #7 with the BUILT widget in Chromium: `inline` (the prompt inside
 * the page's `<div data-voix-moment="…">`), the feedback `tab` (an always-visible button opening
 * a chosen moment), and "Ask me later by email" (the customer's preferred channel, remembered in
 * the browser and by the collector, with an email invitation queued).
 */

test.describe.configure({ timeout: 60_000 });

const host = useHostSite();

type MomentInput = SiteConfigInput['moments'][number];
const NO_FATIGUE = { globalCooldownDays: 0, dismissCooldownDays: 0, maxPerSession: 100 };
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function moment(id: string, over: Partial<MomentInput> = {}): MomentInput {
  return { id, stage: 'usage', metric: 'csat', question: { en: `Question of ${id}?`, fr: `Question de ${id} ?` }, cooldownDays: 0, ...over };
}

function site(request: Parameters<typeof createSite>[0], config: Partial<SiteConfigInput>): Promise<Site> {
  return createSite(request, [host.origin], { brand: 'Modes', fatigue: NO_FATIGUE, moments: [], ...config });
}

/** Collector paths the page requested (`GET /prompt-….js` with the hash cut). */
function collectorPaths(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === E2E.collector) seen.push(`${r.method()} ${url.pathname.replace(/-[\w-]+\.js$/, '-….js')}`);
  });
  return seen;
}

async function axe(page: Page, selector: string, state: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(WCAG).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${state}`).toEqual([]);
}

async function secretGet<T>(request: Parameters<typeof createSite>[0], s: Site, path: string): Promise<T> {
  const res = await request.get(`${E2E.collector}${path}`, { headers: { Authorization: `Bearer ${s.secretKey}` } });
  expect(res.status(), `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

test.describe('inline', () => {
  const INLINE_PAGE = `<main><h1>Help article</h1><p id="before">How to return an item.</p>
<section aria-label="Feedback"><div data-voix-moment="article" id="slot" style="min-height:220px"></div></section>
<p id="after">Still stuck? Contact us.</p><button id="host-button" type="button">Contact</button></main>`;

  test('renders inside its container: no popup, no focus taken, the thank-you stays, the answer is stored', async ({ page, request }) => {
    const s = await site(request, {
      moments: [moment('article', { display: 'inline', trigger: { pageView: 1 }, followUp: { en: 'Why?' }, cooldownDays: 30 }), moment('next-page', { trigger: { url: '/help/next' } })],
    });
    await page.goto(host.page('/help/returns', { siteKey: s.siteKey, body: INLINE_PAGE, calls: "voix('debug', true);" }));
    const prompt = promptOf(page, 'article');
    await expect(prompt).toBeVisible();
    // In the page's flow, inside the container, not a popover in the top layer.
    expect(await prompt.evaluate((el) => ({ parent: el.parentElement?.id, popover: el.hasAttribute('popover'), position: getComputedStyle(el).position }))).toEqual({
      parent: 'slot',
      popover: false,
      position: 'relative',
    });
    const slot = await page.locator('#slot').boundingBox();
    const card = await prompt.locator('.card').boundingBox();
    expect(card!.x).toBeGreaterThanOrEqual(slot!.x - 1);
    expect(card!.width).toBeLessThanOrEqual(slot!.width + 1);
    await expect(prompt.locator('.card')).toHaveAttribute('role', 'group');
    // An inline question does not pull the focus; Tab reaches it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await axe(page, 'voix-prompt', 'inline question');

    await prompt.locator('[data-score="4"]').click();
    await prompt.locator('textarea').fill('Clear steps');
    await prompt.locator('[data-action="send"]').click();
    await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
    // A popover closes itself 4 s after the thank-you; inline, it stays where it is.
    await page.waitForTimeout(4_500);
    await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
    await expect
      .poll(async () => (await storedResponses(request, s)).map((r) => [r.momentId, r.score, r.comment]))
      .toEqual([['article', 4, 'Clear steps']]);
    // The card stays, but the moment is over: on the next page of a single-page app, another may ask.
    await page.evaluate(() => history.pushState({}, '', '/help/next'));
    await expect(promptOf(page, 'next-page')).toBeVisible();
    await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
  });

  test('a page without its container shows nothing, and says why in the debug log', async ({ page, request }) => {
    const s = await site(request, { moments: [moment('article', { display: 'inline', trigger: { pageView: 1 } })] });
    const log = debugLog(page);
    const paths = collectorPaths(page);
    await page.goto(host.page('/help/other', { siteKey: s.siteKey, calls: "voix('debug', true);" }));
    await expect.poll(() => log.some((l) => l.includes('inline, but no [data-voix-moment="article"]'))).toBe(true);
    await page.waitForTimeout(300);
    await expect(page.locator('voix-prompt')).toHaveCount(0);
    expect(paths.filter((p) => p.startsWith('POST') || p.startsWith('GET /prompt'))).toEqual([]);
  });
});

test.describe('feedback tab', () => {
  const TAB = {
    tab: { momentId: 'site-feedback', label: { en: 'Tell us', fr: 'Dites-nous' } },
    // No trigger: only the tab (or voix('show')) opens it.
    moments: [moment('site-feedback')],
  } satisfies Partial<SiteConfigInput>;

  test('always visible at the side, opens its moment by keyboard, loads the prompt only when used', async ({ page, request }) => {
    const s = await site(request, TAB);
    const paths = collectorPaths(page);
    await page.goto(host.page('/any', { siteKey: s.siteKey }));
    const tab = page.locator('voix-tab button');
    await expect(tab).toHaveText('Tell us');
    // Fixed at the right edge, vertically centred, over the page (which therefore never moves).
    const box = (await tab.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(Math.abs(box.x + box.width - viewport.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.y + box.height / 2 - viewport.height / 2)).toBeLessThanOrEqual(2);
    expect(await page.locator('voix-tab').evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    await axe(page, 'voix-tab', 'feedback tab');
    expect(paths.filter((p) => !p.startsWith('GET /tab-')), 'nothing but the loader, config and tab before the tab is used').toEqual([
      'GET /widget.js',
      `GET /v1/sites/${s.siteKey}/config`,
    ]);

    // Keyboard only: Tab from the page's button reaches the feedback tab; Enter opens the moment.
    await page.locator('#host-button').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('VOIX-TAB');
    await page.keyboard.press('Enter');
    const prompt = promptOf(page, 'site-feedback');
    await expect(prompt).toBeVisible();
    await expect(prompt.locator('.card')).toHaveAttribute('role', 'dialog');
    await prompt.locator('[data-score="5"]').focus();
    await page.keyboard.press('Space');
    await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
    await expect.poll(async () => (await storedResponses(request, s)).map((r) => [r.momentId, r.score])).toEqual([['site-feedback', 5]]);
    // The thank-you closes itself; the tab stays for next time.
    await expect(prompt).toHaveCount(0, { timeout: 10_000 });
    await expect(tab).toBeVisible();
  });

  test('speaks the customer’s language, on the side configured, and waits for consent when required', async ({ page, request }) => {
    const s = await site(request, {
      tab: { momentId: 'site-feedback', side: 'left' },
      privacy: { requireConsent: true },
      moments: [moment('site-feedback')],
    });
    await page.goto(host.page('/fr', { siteKey: s.siteKey, scriptAttributes: 'data-locale="fr"', calls: "voix('debug', true);" }));
    await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
    await page.waitForTimeout(500);
    await expect(page.locator('voix-tab'), 'no tab before consent').toHaveCount(0);
    await voix(page, 'consent', true);
    const tab = page.locator('voix-tab button');
    // No label in the config: the widget's own word in French.
    await expect(tab).toHaveText('Votre avis');
    expect((await tab.boundingBox())!.x).toBeLessThanOrEqual(1);
    await tab.click();
    await expect(promptOf(page, 'site-feedback').locator('.title')).toHaveText('Question de site-feedback ?');
  });

  test('a tab naming an unknown moment is refused with the field', async ({ request }) => {
    const res = await request.post(`${E2E.collector}/v1/admin/sites`, {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      data: { name: 'Bad tab', origins: [host.origin], config: { brand: 'Modes', tab: { momentId: 'nope' }, moments: [moment('site-feedback')] } },
    });
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toContain('config.tab.momentId');
  });
});

test.describe('ask me later by email', () => {
  const LATER = { moments: [moment('post-visit', { channels: ['inpage', 'email'], trigger: { event: 'visit_done' } })] } satisfies Partial<SiteConfigInput>;

  test('offered with an email on file: email becomes the preferred channel here and on the collector, and an invitation is queued', async ({ page, request }) => {
    const s = await site(request, LATER);
    await page.goto(host.page('/visit', { siteKey: s.siteKey, calls: "voix('identify', 'cust-42', { email: 'ana@example.com', plan: 'pro' });" }));
    await voix(page, 'track', 'visit_done');
    const prompt = promptOf(page, 'post-visit');
    const later = prompt.locator('[data-action="later"]');
    await expect(later).toHaveText('Ask me later by email');
    await axe(page, 'voix-prompt', 'question with ask-me-later');
    await later.click();
    await expect(prompt.locator('[data-state="later"]')).toHaveText('Thank you! We will ask you by email.');

    // Remembered in the browser: the next moment for this customer goes out by email.
    const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(`voix:${key}:state`) ?? '{}'), s.siteKey);
    expect(stored.attributes.preferredChannel).toBe('email');
    // And on the collector: an email invitation, and the preference for this identified customer.
    await expect
      .poll(async () => (await secretGet<{ data: { channel: string; userId: string; email: string; momentId: string }[] }>(request, s, '/v1/invitations')).data)
      .toEqual([expect.objectContaining({ channel: 'email', userId: 'cust-42', email: 'ana@example.com', momentId: 'post-visit' })]);
    const exported = await secretGet<{ preferredChannel: string | null }>(request, s, '/v1/users/cust-42');
    expect(exported.preferredChannel).toBe('email');
    // Choosing later is not a dismissal and not an answer.
    expect(stored.dismissed['post-visit']).toBeUndefined();
    expect(await storedResponses(request, s)).toEqual([]);
  });

  test('not offered without an email on file, nor when the moment has no email channel', async ({ page, request }) => {
    const s = await site(request, {
      moments: [LATER.moments[0]!, moment('inpage-only', { trigger: { event: 'other' } })],
    });
    await page.goto(host.page('/visit2', { siteKey: s.siteKey, calls: "voix('identify', 'cust-7');" }));
    await voix(page, 'track', 'visit_done');
    await expect(promptOf(page, 'post-visit').locator('.scale')).toBeVisible();
    await expect(promptOf(page, 'post-visit').locator('[data-action="later"]')).toHaveCount(0);

    await voix(page, 'identify', 'cust-7', { email: 'sam@example.com' });
    await voix(page, 'show', 'inpage-only');
    await expect(promptOf(page, 'inpage-only').locator('.scale')).toBeVisible();
    await expect(promptOf(page, 'inpage-only').locator('[data-action="later"]')).toHaveCount(0);
  });
});
