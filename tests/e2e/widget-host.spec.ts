import type { Page } from '@playwright/test';
import { E2E } from './support/env.ts';
import { expect, test } from './support/fixtures.ts';
import { ask, createSite, promptOf, storedResponses, threeMoments, voix, useHostSite } from './pages/host.ts';

/**
 * The BUILT widget is invisible to the host page (reference R18, R20, R21): it works under a strict
 * Content-Security-Policy (with and without Trusted Types, and through the `data-nonce` fallback),
 * the page's CSS does not reach it and its CSS does not reach the page, and nothing the network,
 * the storage or the page does makes it throw (the `pageErrors` fixture fails a test on any
 * uncaught error or unhandled rejection).
 */

// A shared 2-core machine runs several suites at once: leave room for slow moments.
test.describe.configure({ timeout: 60_000 });
// Positions are measured on the settled card, not during its entrance animation.
test.use({ reducedMotion: 'reduce' });

const host = useHostSite();

const STRICT_CSP = `default-src 'self'; script-src 'self' ${E2E.collector}; style-src 'self'; connect-src ${E2E.collector}`;

/** Records `securitypolicyviolation` events and CSP console messages of a page. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) messages.push(m.text());
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)), ...messages];
}

/** Computed style properties of an element inside the prompt's shadow root. */
function shadowStyle(page: Page, selector: string, props: string[]) {
  return page.evaluate(
    ([sel, names]) => {
      const el = sel === ':host' ? document.querySelector('voix-prompt') : document.querySelector('voix-prompt')?.shadowRoot?.querySelector(sel);
      if (!el) return null;
      const style = getComputedStyle(el);
      return Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n)]));
    },
    [selector, props] as const,
  );
}

/** The styled prompt, as designed: position, card, buttons. */
async function expectStyled(page: Page) {
  expect(await shadowStyle(page, ':host', ['position', 'display'])).toEqual({ position: 'fixed', display: 'block' });
  expect(await shadowStyle(page, '.card', ['background-color', 'font-size', 'box-sizing', 'width', 'border-top-left-radius'])).toEqual({
    'background-color': 'rgb(255, 255, 255)',
    'font-size': '14px',
    'box-sizing': 'border-box',
    width: '380px',
    'border-top-left-radius': '12px',
  });
  expect(await shadowStyle(page, '.scale button', ['display', 'min-height', 'visibility'])).toEqual({ display: 'block', 'min-height': '36px', visibility: 'visible' });
  // Bottom right of the viewport, 16 px from both edges.
  const box = await page.evaluate(() => document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!.getBoundingClientRect().toJSON());
  const viewport = page.viewportSize()!;
  expect(Math.round(box.right)).toBe(viewport.width - 16);
  expect(Math.round(box.bottom)).toBe(viewport.height - 16);
}

for (const variant of ['strict', 'strict + Trusted Types'] as const) {
  test(`works under a ${variant} CSP: no violation, styled, markup in texts shown literally`, async ({ page, request }) => {
    const brand = '<img src=x onerror="window.__xss=1"></script>';
    const site = await createSite(request, [host.origin], threeMoments({ brand }));
    const csp = variant === 'strict' ? STRICT_CSP : `${STRICT_CSP}; require-trusted-types-for 'script'`;
    const violations = await watchViolations(page);
    await page.goto(host.page(`/csp-${variant.length}`, { siteKey: site.siteKey, headers: { 'Content-Security-Policy': csp } }));
    await ask(page, 'nps');
    const prompt = promptOf(page, 'nps');
    await expect(prompt).toBeVisible();
    await expect(prompt.locator('.title')).toHaveText(`How likely are you to recommend ${brand} to a friend or colleague?`);
    await expectStyled(page);
    await prompt.locator('[data-score="8"]').click();
    await prompt.locator('[name="comment"]').fill('<svg onload=alert(1)> javascript:alert(1)');
    await prompt.locator('[data-action="send"]').click();
    await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
    await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.comment)).toEqual(['<svg onload=alert(1)> javascript:alert(1)']);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await violations(), 'no securitypolicyviolation').toEqual([]);
  });
}

test('without constructable stylesheets, the <style> fallback carries data-nonce and passes the CSP', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  await page.addInitScript(() => {
    CSSStyleSheet.prototype.replaceSync = () => {
      throw new Error('no constructable stylesheets here');
    };
  });
  const violations = await watchViolations(page);
  const csp = STRICT_CSP.replace("style-src 'self'", "style-src 'self' 'nonce-r4nd0m'");
  await page.goto(host.page('/csp-nonce', { siteKey: site.siteKey, headers: { 'Content-Security-Policy': csp }, scriptAttributes: 'data-nonce="r4nd0m"' }));
  await ask(page, 'csat');
  await expect(promptOf(page, 'csat')).toBeVisible();
  expect(await page.evaluate(() => document.querySelector('voix-prompt')!.shadowRoot!.querySelector('style')?.nonce)).toBe('r4nd0m');
  await expectStyled(page);
  expect(await violations()).toEqual([]);
});

const HOSTILE_CSS = `
* { all: unset !important; }
*, *::before, *::after { box-sizing: content-box !important; }
html { font-size: 48px !important; }
body { transform: translate(-120px, -80px) scale(0.7); font: 32px/3 "Comic Sans MS", cursive; color: red; letter-spacing: 4px; direction: rtl; }
button { display: none !important; }
div, p { padding: 40px !important; visibility: hidden !important; }
voix-prompt { display: none !important; position: static !important; font-size: 60px !important; visibility: hidden !important; opacity: 0 !important; }
:root { --voix-radius: 0; }
`;

test('a hostile page stylesheet neither hides, moves nor restyles the prompt', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  host.file('/hostile.css', HOSTILE_CSS, 'text/css');
  await page.goto(host.page('/hostile', { siteKey: site.siteKey, head: '<link rel="stylesheet" href="/hostile.css">', headers: { 'Content-Security-Policy': STRICT_CSP } }));
  await ask(page, 'nps');
  const prompt = promptOf(page, 'nps');
  await expect(prompt.locator('[data-score="0"]')).toBeVisible();
  const card = await shadowStyle(page, '.card', ['font-size', 'letter-spacing', 'color', 'box-sizing', 'font-family']);
  expect(card).toMatchObject({ 'font-size': '14px', 'letter-spacing': 'normal', color: 'rgb(26, 26, 26)', 'box-sizing': 'border-box' });
  expect(card!['font-family']).not.toContain('Comic');
  // Custom properties inherit into the shadow tree, but the host's own defaults win over :root.
  expect(await shadowStyle(page, '.card', ['border-top-left-radius'])).toEqual({ 'border-top-left-radius': '12px' });
  const box = await page.evaluate(() => document.querySelector('voix-prompt')!.shadowRoot!.querySelector('.card')!.getBoundingClientRect().toJSON());
  expect(Math.round(box.bottom), 'still at the bottom of the viewport, whatever the transform on <body>').toBe(page.viewportSize()!.height - 16);
  // Usable: answer it with the mouse.
  await prompt.locator('[data-score="9"]').click();
  await prompt.locator('[data-action="skip"]').click();
  await expect(prompt.locator('[data-state="thanks"]')).toBeVisible();
  await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.score)).toEqual([9]);
});

test('the widget’s CSS does not leak into the page', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  await page.goto(
    host.page('/leak', {
      siteKey: site.siteKey,
      body: '<main><h1>Shop</h1><p class="card title">Text</p><button class="close primary" type="button">Buy</button><textarea></textarea></main>',
    }),
  );
  const styles = () =>
    page.evaluate(() =>
      ['h1', 'p', 'button', 'textarea', 'body'].map((sel) => {
        const s = getComputedStyle(document.querySelector(sel)!);
        return [sel, s.font, s.color, s.backgroundColor, s.boxSizing, s.padding, s.border, s.position, s.outline].join(' | ');
      }),
    );
  const before = await styles();
  await ask(page, 'ces');
  await expect(promptOf(page, 'ces')).toBeVisible();
  expect(await styles()).toEqual(before);
  expect(await page.evaluate(() => [document.styleSheets.length, document.adoptedStyleSheets.length])).toEqual([0, 0]);
});

test.describe('never throws into the page', () => {
  test('collector down: every API call fails at the network level', async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    await page.route(`${E2E.collector}/v1/**`, (route) => route.abort('connectionrefused'));
    await page.goto(host.page('/down', { siteKey: site.siteKey, calls: "voix('identify', 'u1', { plan: 'pro' }); voix('track', 'nps');" }));
    await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
    await voix(page, 'track', 'csat');
    await voix(page, 'show', 'nps');
    await page.waitForTimeout(1000);
    await expect(promptOf(page, 'nps')).toHaveCount(0);
  });

  test('collector slow (10 s): the page loads and reacts meanwhile, then the prompt works', async ({ page, request }) => {
    test.setTimeout(45_000);
    const site = await createSite(request, [host.origin]);
    await page.route(`${E2E.collector}/v1/sites/**`, async (route) => {
      await new Promise((r) => setTimeout(r, 10_000));
      await route.continue();
    });
    const started = Date.now();
    await page.goto(host.page('/slow', { siteKey: site.siteKey, body: '<button id="host-button" type="button" onclick="">Add</button>' }));
    expect(Date.now() - started, 'the load event does not wait for the collector').toBeLessThan(5000);
    const loadMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
    expect(loadMs).toBeLessThan(5000);
    await page.locator('#host-button').click({ timeout: 1000 });
    await voix(page, 'track', 'nps');
    await expect(promptOf(page, 'nps')).toBeVisible({ timeout: 20_000 });
  });

  test('blocked: the loader or the prompt chunk refused (an ad blocker)', async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    await page.route(`${E2E.collector}/widget.js`, (route) => route.abort('blockedbyclient'));
    await page.goto(host.page('/blocked', { siteKey: site.siteKey, calls: "voix('track', 'nps');" }));
    await voix(page, 'track', 'csat');
    await page.unroute(`${E2E.collector}/widget.js`);
    await page.route(/\/prompt-[\w-]+\.js$/, (route) => route.abort('blockedbyclient'));
    await page.reload();
    await ask(page, 'nps');
    await page.waitForTimeout(1000);
    await expect(promptOf(page, 'nps')).toHaveCount(0);
  });

  for (const [name, body, status] of [
    ['HTML instead of JSON', '<html><body>Bad gateway</body></html>', 200],
    ['JSON null', 'null', 200],
    ['moments of the wrong shape', JSON.stringify({ brand: 'x', defaultLocale: 'en', moments: [{ id: 1, trigger: null }, null, 'nps'] }), 200],
    ['a 500 with garbage', '}{', 500],
  ] as const) {
    test(`garbage from the collector: ${name}`, async ({ page, request }) => {
      const site = await createSite(request, [host.origin]);
      await page.route(`${E2E.collector}/v1/sites/**`, (route) =>
        route.fulfill({ status, body, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': host.origin } }),
      );
      await page.goto(host.page(`/garbage-${name.length}`, { siteKey: site.siteKey }));
      await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
      await voix(page, 'track', 'nps');
      await voix(page, 'show', 'nps');
      await voix(page, 'identify', { toString: null });
      await page.waitForTimeout(500);
    });
  }

  test('localStorage full: the answer is still delivered', async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    await page.addInitScript(() => {
      if (localStorage.length > 0) return;
      const chunk = 'x'.repeat(256 * 1024);
      try {
        for (let i = 0; i < 100; i++) localStorage.setItem(`fill${i}`, chunk);
      } catch {
        /* full */
      }
      try {
        for (let i = 0; i < 10_000; i++) localStorage.setItem(`small${i}`, 'x'.repeat(512));
      } catch {
        /* full to the last bytes */
      }
    });
    await page.goto(host.page('/full', { siteKey: site.siteKey }));
    expect(await page.evaluate(() => { try { localStorage.setItem('probe', 'x'.repeat(4096)); return 'stored'; } catch { return 'full'; } })).toBe('full');
    await ask(page, 'nps');
    await promptOf(page, 'nps').locator('[data-score="7"]').click();
    await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.score)).toEqual([7]);
  });

  test('localStorage disabled (access throws): the answer is still delivered', async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await page.goto(host.page('/nostorage', { siteKey: site.siteKey }));
    await ask(page, 'csat');
    await promptOf(page, 'csat').locator('[data-score="5"]').click();
    await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.score)).toEqual([5]);
  });

  test('the script tag pasted twice: one widget, one config fetch, one prompt', async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    const configs: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/config')) configs.push(r.url());
    });
    await page.goto(host.page('/twice', { siteKey: site.siteKey, copies: 2 }));
    await ask(page, 'nps');
    await expect(promptOf(page, 'nps')).toHaveCount(1);
    await expect(promptOf(page, 'nps')).toBeVisible();
    expect(configs).toHaveLength(1);
  });
});
