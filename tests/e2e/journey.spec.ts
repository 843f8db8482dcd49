import type { BrowserContext, Page } from '@playwright/test';
import type { SiteConfigInput } from '@voix/shared';
import { expect, test } from './support/fixtures.ts';
import { createSite, promptOf, storedResponses, voix, type Site, useHostSite, debugLog } from './pages/host.ts';

/**
 * Triggers, audience, sampling, fatigue and privacy in a real Chromium, with the built loader and
 * its rules chunk (issue #3). Each test creates its own site (admin API) with the config it needs,
 * served from a customer's origin (`HostSite`), and reads the widget's decisions from its debug
 * log (`voix('debug', true)`): what must happen is asserted on the page, what must not happen on
 * the reason the widget gives for it.
 */

// Real timers (time on page, delays, the thank-you) on a shared 2-core machine.
test.describe.configure({ timeout: 60_000 });

const host = useHostSite();

type MomentInput = SiteConfigInput['moments'][number];

/** A CSAT moment (1–5) with this id and trigger; `over` sets anything else. */
function moment(id: string, trigger: MomentInput['trigger'], over: Partial<MomentInput> = {}): MomentInput {
  return { id, stage: 'usage', metric: 'csat', question: { en: `Question of ${id}?` }, trigger, cooldownDays: 0, ...over };
}

/** No fatigue between moments unless a test asks for it. */
const NO_FATIGUE = { globalCooldownDays: 0, dismissCooldownDays: 0, maxPerSession: 100 };

async function site(request: Parameters<typeof createSite>[0], moments: MomentInput[], extra: Partial<SiteConfigInput> = {}): Promise<Site> {
  return createSite(request, [host.origin], { brand: 'Journey', fatigue: NO_FATIGUE, moments, ...extra });
}

/** Serves a page of the site at `path` with debug on; `calls` run before the loader. */
function url(s: Site, path: string, o: { body?: string; calls?: string } = {}): string {
  return host.page(path, { siteKey: s.siteKey, body: o.body, calls: `voix('debug', true);\n${o.calls ?? ''}` });
}

/** Waits until the loader has its config and has decided on the page view. */
async function ready(log: string[]): Promise<void> {
  await expect.poll(() => log.some((l) => l.startsWith('config'))).toBe(true);
}

const anyPrompt = (page: Page) => page.locator('voix-prompt');

test.describe('triggers', () => {
  test('custom event with property conditions', async ({ page, request }) => {
    const s = await site(request, [moment('big-order', { event: 'order_completed', where: { total: { gte: 100 }, currency: { in: ['EUR', 'USD'] } } })]);
    const log = debugLog(page);
    await page.goto(url(s, '/thanks'));
    await ready(log);
    await voix(page, 'track', 'order_completed', { total: 40, currency: 'EUR' });
    await voix(page, 'track', 'order_completed', { total: 120, currency: 'GBP' });
    await voix(page, 'track', 'order_cancelled', { total: 120, currency: 'EUR' });
    await page.waitForTimeout(300);
    await expect(anyPrompt(page)).toHaveCount(0);
    await voix(page, 'track', 'order_completed', { total: 120, currency: 'EUR' });
    await expect(promptOf(page, 'big-order')).toBeVisible();
    expect(log).toContain('big-order: matched, chosen');
  });

  test('URL: exact, prefix, glob and regex', async ({ page, request }) => {
    const s = await site(request, [
      moment('exact', { url: '/pricing', match: 'exact' }),
      moment('prefix', { url: '/docs/', match: 'prefix' }),
      moment('glob', { url: '/shop/*/reviews' }),
      moment('regex', { url: '^/orders/\\d+$', match: 'regex' }),
    ]);
    const cases: [path: string, expected: string | null][] = [
      ['/pricing', 'exact'],
      ['/pricing/team', null],
      ['/docs/install', 'prefix'],
      ['/shop/carafe/reviews', 'glob'],
      ['/shop/carafe', null],
      ['/orders/42', 'regex'],
      ['/orders/42x', null],
    ];
    for (const [path, expected] of cases) {
      const log = debugLog(page);
      await page.goto(url(s, path));
      await ready(log);
      if (expected) await expect(promptOf(page, expected), path).toBeVisible();
      else {
        await page.waitForTimeout(200);
        await expect(anyPrompt(page), path).toHaveCount(0);
      }
      page.removeAllListeners('console');
    }
  });

  test('click on a selector, on an element added after the load', async ({ page, request }) => {
    const s = await site(request, [moment('help', { click: '.help-link' })]);
    const log = debugLog(page);
    await page.goto(url(s, '/product'));
    await ready(log);
    await page.locator('#host-button').click();
    await page.waitForTimeout(200);
    await expect(anyPrompt(page)).toHaveCount(0);
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.className = 'help-link';
      link.href = '#help';
      link.innerHTML = '<span>Need help?</span>';
      // The page stops the click from bubbling: the capture-phase listener still sees it.
      link.addEventListener('click', (e) => e.stopPropagation());
      document.body.appendChild(link);
    });
    await page.getByText('Need help?').click();
    await expect(promptOf(page, 'help')).toBeVisible();
  });

  test('exit intent on desktop: the pointer leaves through the top', async ({ page, request }) => {
    const s = await site(request, [moment('leaving', { exitIntent: true })]);
    const log = debugLog(page);
    await page.goto(url(s, '/cart'));
    await ready(log);
    await page.mouse.move(600, 400);
    // Leaving through the side is not an exit intent.
    await page.mouse.move(1300, 400);
    await page.waitForTimeout(200);
    await expect(anyPrompt(page)).toHaveCount(0);
    await page.mouse.move(600, 400);
    await page.mouse.move(600, 5, { steps: 4 });
    await page.mouse.move(600, -20);
    await expect(promptOf(page, 'leaving')).toBeVisible();
  });

  test('exit intent on a touch screen: a fast scroll back up', async ({ browser, request }) => {
    const s = await site(request, [moment('leaving', { exitIntent: true })]);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const log = debugLog(page);
    await page.goto(url(s, '/article', { body: '<main style="height:6000px"><h1>A long article</h1></main>' }));
    await ready(log);
    /** Scrolls to `y` and waits two frames, so that the scroll event has fired. */
    const scrollPage = (y: number) =>
      page.evaluate((top) => new Promise((done) => {
        window.scrollTo(0, top);
        requestAnimationFrame(() => requestAnimationFrame(done));
      }), y);
    // Reading down slowly, then a slow way back up: no exit intent.
    for (const y of [400, 800, 1200, 1600, 2000, 2400, 2370, 2340, 2310]) {
      await scrollPage(y);
      await page.waitForTimeout(60);
    }
    await expect(anyPrompt(page)).toHaveCount(0);
    // A flick back towards the top: 350 px per frame.
    await page.evaluate(() => new Promise((done) => {
      let y = window.scrollY;
      const frame = () => {
        y = Math.max(0, y - 350);
        window.scrollTo(0, y);
        requestAnimationFrame(y > 0 ? frame : () => requestAnimationFrame(done));
      };
      requestAnimationFrame(frame);
    }));
    await expect(promptOf(page, 'leaving')).toBeVisible();
    await context.close();
  });

  test('scroll depth', async ({ page, request }) => {
    const s = await site(request, [moment('deep-reader', { scrollDepth: 70 })]);
    const log = debugLog(page);
    await page.goto(url(s, '/blog', { body: '<main style="height:4000px"><h1>Blog</h1></main>' }));
    await ready(log);
    await page.evaluate(() => scrollTo(0, 1000)); // (1000 + 800) / 4016 ≈ 45 %
    await page.waitForTimeout(300);
    await expect(anyPrompt(page)).toHaveCount(0);
    await page.evaluate(() => scrollTo(0, 2400)); // ≈ 79 %
    await expect(promptOf(page, 'deep-reader')).toBeVisible();
  });

  test('time on page', async ({ page, request }) => {
    const s = await site(request, [moment('lingering', { timeOnPage: 2 })]);
    const log = debugLog(page);
    await page.goto(url(s, '/pricing'));
    await ready(log);
    const started = Date.now();
    await expect(promptOf(page, 'lingering')).toBeVisible({ timeout: 5000 });
    expect(Date.now() - started).toBeGreaterThan(1500);
  });

  test('Nth page view of a visit, and Nth visit (a visit ends after 30 minutes without a page view)', async ({ page, request }) => {
    const s = await site(request, [moment('third-page', { pageView: 3 }), moment('second-visit', { visit: 2 })], {
      fatigue: { ...NO_FATIGUE, globalCooldownDays: 1 },
    });
    await page.clock.install({ time: new Date('2026-06-01T09:00:00Z') });
    const log = debugLog(page);
    for (const path of ['/a', '/b']) {
      await page.goto(url(s, path));
      await ready(log);
      await page.waitForTimeout(200);
      await expect(anyPrompt(page), path).toHaveCount(0);
    }
    await page.goto(url(s, '/c'));
    await expect(promptOf(page, 'third-page')).toBeVisible();
    // Next day (the global cooldown is over), a new visit.
    await page.clock.setSystemTime(new Date('2026-06-02T12:00:00Z'));
    await page.goto(url(s, '/d'));
    await expect(promptOf(page, 'second-visit')).toBeVisible();
  });

  test('delaySeconds: shown after the delay, cancelled when the customer leaves the page first', async ({ page, request }) => {
    const s = await site(request, [moment('patient', { url: '/wait*', delaySeconds: 1.5 })]);
    const log = debugLog(page);
    await page.goto(url(s, '/wait'));
    await ready(log);
    await expect.poll(() => log).toContain('patient: matched, chosen, shown in 1.5s');
    // An SPA navigation to a page the trigger does not match, before the delay ends.
    await page.evaluate(() => history.pushState({}, '', '/elsewhere'));
    await expect.poll(() => log, { timeout: 4000 }).toContain('patient: dropped, page left before the delay');
    await expect(anyPrompt(page)).toHaveCount(0);

    await page.goto(url(s, '/wait'));
    const shownAfter = Date.now();
    await expect(promptOf(page, 'patient')).toBeVisible({ timeout: 5000 });
    expect(Date.now() - shownAfter).toBeGreaterThan(1000);
  });
});

test('SPA navigation: pushState, replaceState, popstate and hashchange, each page view once', async ({ page, request }) => {
  const s = await site(request, [moment('checkout', { url: '/app/checkout', match: 'exact' }), moment('account', { url: '/app/account', match: 'exact' })]);
  const log = debugLog(page);
  // The site pasted the snippet twice: history is still patched once.
  await page.goto(host.page('/app', { siteKey: s.siteKey, copies: 2, calls: "voix('debug', true);" }));
  await ready(log);
  const pages = () => log.filter((l) => l.startsWith('page '));
  expect(pages()).toEqual(['page /app']);

  await page.evaluate(() => history.pushState({}, '', '/app/checkout'));
  const checkout = promptOf(page, 'checkout');
  await expect(checkout).toBeVisible();
  await checkout.locator('[data-score="5"]').click();
  await checkout.locator('[data-action="close"]').click();
  await expect(checkout).toHaveCount(0);

  // The same path again (a query or a hash changes): not a new page view.
  await page.evaluate(() => history.replaceState({}, '', '/app/checkout?step=2'));
  await page.evaluate(() => (location.hash = '#summary'));
  await page.evaluate(() => history.replaceState({}, '', '/app/account'));
  await expect(promptOf(page, 'account')).toBeVisible();
  // Back (popstate) to the checkout entry: a page view again.
  await page.evaluate(() => history.back());
  await expect.poll(() => pages()).toEqual(['page /app', 'page /app/checkout', 'page /app/account', 'page /app/checkout']);
});

test.describe('audience and sampling', () => {
  test('identify attributes, page rules and new vs returning visitors', async ({ page, request }) => {
    const s = await site(request, [
      moment('pro-nps', { event: 'renewed' }, { metric: 'nps', audience: { attributes: { plan: { in: ['pro', 'team'] }, lifetimeValue: { gte: 500 } }, page: { device: 'desktop', language: 'fr' } } }),
      moment('returning-only', { event: 'browsed' }, { audience: { visitor: 'returning' } }),
    ]);
    const log = debugLog(page);
    await page.goto(url(s, '/account', { calls: "voix('locale', 'fr'); voix('identify', 'u-42', { plan: 'free', lifetimeValue: 900 });" }));
    await ready(log);
    await voix(page, 'track', 'renewed');
    await expect.poll(() => log).toContain('pro-nps: matched, skipped: audience rule failed: attributes.plan (free)');
    await voix(page, 'track', 'browsed');
    await expect.poll(() => log).toContain('returning-only: matched, skipped: audience rule failed: visitor is not returning');
    await voix(page, 'identify', 'u-42', { plan: 'pro' });
    await voix(page, 'track', 'renewed');
    await expect(promptOf(page, 'pro-nps')).toBeVisible();
  });

  test('sample: decided once per customer, sticky across reloads', async ({ page, request }) => {
    const s = await site(request, [moment('never', { url: '/s' }, { sample: 0 }), moment('always', { event: 'go' }, { sample: 1 })]);
    const log = debugLog(page);
    await page.goto(url(s, '/s'));
    await expect.poll(() => log).toContain('never: matched, skipped: sampled out (0% asked)');
    await voix(page, 'track', 'go');
    await expect(promptOf(page, 'always')).toBeVisible();
  });
});

test.describe('fatigue', () => {
  test('two moments firing at once: the higher priority is shown, the other loses its turn for good', async ({ page, request }) => {
    const s = await site(request, [
      moment('low', { event: 'order_completed' }, { priority: 1 }),
      moment('high', { url: '/thanks' }, { priority: 5, metric: 'nps' }),
    ]);
    const log = debugLog(page);
    await page.goto(url(s, '/thanks', { calls: "voix('track', 'order_completed');" }));
    await expect(promptOf(page, 'high')).toBeVisible();
    expect(log).toContain('low: matched, skipped: lower priority than high');
    await promptOf(page, 'high').locator('[data-action="close"]').click();
    await page.waitForTimeout(300);
    await expect(anyPrompt(page), 'not shown later, out of context').toHaveCount(0);
    await voix(page, 'track', 'order_completed');
    await expect.poll(() => log).toContain('low: matched, skipped: already prompted on this page view');
  });

  test('answered once, not asked again after a reload', async ({ page, request }) => {
    const s = await site(request, [moment('thanks-csat', { url: '/thanks' }, { cooldownDays: 90 })], { fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30 } });
    const log = debugLog(page);
    await page.goto(url(s, '/thanks'));
    const csat = promptOf(page, 'thanks-csat');
    await csat.locator('[data-score="4"]').click();
    await expect.poll(async () => (await storedResponses(request, s)).length).toBe(1);
    await page.reload();
    await expect.poll(() => log.filter((l) => /^thanks-csat: matched, skipped: (cooling down|global cooldown) until \d{4}-/.test(l))).toHaveLength(1);
    await expect(anyPrompt(page)).toHaveCount(0);
  });

  test('a dismissal waits the dismissal cooldown; at most maxPerSession per visit', async ({ page, request }) => {
    const s = await site(request, [moment('a', { event: 'a' }), moment('b', { event: 'b' }), moment('c', { event: 'c' })], {
      fatigue: { globalCooldownDays: 0, dismissCooldownDays: 30, maxPerSession: 2 },
    });
    const log = debugLog(page);
    await page.goto(url(s, '/one'));
    await ready(log);
    await voix(page, 'track', 'a');
    await promptOf(page, 'a').locator('[data-action="close"]').click();
    await page.goto(url(s, '/two'));
    await ready(log);
    await voix(page, 'track', 'a');
    await expect.poll(() => log.some((l) => l.startsWith('a: matched, skipped: dismissed, cooling down until'))).toBe(true);
    await voix(page, 'track', 'b');
    await expect(promptOf(page, 'b')).toBeVisible();
    await page.goto(url(s, '/three'));
    await ready(log);
    await voix(page, 'track', 'c');
    await expect.poll(() => log).toContain('c: matched, skipped: 2 prompt(s) this session already');
  });

  test('two tabs of the site share fatigue, and the identified customer keeps it', async ({ context, request }) => {
    const s = await site(request, [moment('tab-a', { event: 'a' }), moment('tab-b', { event: 'b' })], { fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30 } });
    const [one, two] = [await context.newPage(), await context.newPage()];
    const [logOne, logTwo] = [debugLog(one), debugLog(two)];
    await one.goto(url(s, '/one'));
    await two.goto(url(s, '/two'));
    await Promise.all([ready(logOne), ready(logTwo)]);
    await voix(one, 'track', 'a');
    await promptOf(one, 'tab-a').locator('[data-score="5"]').click();
    // The customer logs in, in the other tab: the fatigue of their anonymous answer stays.
    await voix(two, 'identify', 'u-7', { plan: 'pro' });
    await voix(two, 'track', 'b');
    await expect.poll(() => logTwo.some((l) => l.startsWith('tab-b: matched, skipped: global cooldown until'))).toBe(true);
    await expect(promptOf(two, 'tab-b')).toHaveCount(0);
  });
});

test.describe('privacy', () => {
  test('requireConsent: nothing is asked (or counted) until voix("consent", true); withdrawing closes the prompt in every tab', async ({ context, request }) => {
    const s = await site(request, [moment('consented', { url: '/home' })], { privacy: { respectDoNotTrack: false, requireConsent: true } });
    const page = await context.newPage();
    const log = debugLog(page);
    await page.goto(url(s, '/home'));
    await expect.poll(() => log).toContain('consented: matched, skipped: waiting for consent');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':state')))).toEqual([]);
    await voix(page, 'consent', true);
    await expect(promptOf(page, 'consented')).toBeVisible();

    // Consent is remembered; withdrawing it in another tab closes the prompt here.
    const other = await context.newPage();
    await other.goto(url(s, '/elsewhere'));
    await voix(other, 'consent', false);
    await expect(promptOf(page, 'consented')).toHaveCount(0);
  });

  test('respectDoNotTrack: with Global Privacy Control, nothing is asked', async ({ page, request }) => {
    const s = await site(request, [moment('tracked', { url: '/home' })], { privacy: { respectDoNotTrack: true, requireConsent: false } });
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const log = debugLog(page);
    await page.goto(url(s, '/home'));
    await expect.poll(() => log).toContain('Do Not Track: asking nothing');
    await voix(page, 'show', 'tracked');
    await page.waitForTimeout(300);
    await expect(anyPrompt(page)).toHaveCount(0);
  });
});

test('follow-ups per score: detractors and promoters get their own question', async ({ browser, request }) => {
  const s = await site(request, [
    moment('nps', { event: 'ask' }, {
      metric: 'nps',
      followUp: [
        { scores: 'detractors', text: { en: 'What should we improve?' } },
        { scores: 'promoters', text: { en: 'What did you like most?' } },
      ],
    }),
  ]);
  const answer = async (score: number): Promise<BrowserContext> => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = debugLog(page);
    await page.goto(url(s, '/nps'));
    await ready(log);
    await voix(page, 'track', 'ask');
    await promptOf(page, 'nps').locator(`[data-score="${score}"]`).click();
    return context;
  };
  for (const [score, text] of [[3, 'What should we improve?'], [10, 'What did you like most?']] as const) {
    const context = await answer(score);
    await expect(promptOf(context.pages()[0]!, 'nps').locator('label')).toHaveText(text);
    await context.close();
  }
  // Passives have no follow-up here: thanked straight away.
  const context = await answer(8);
  await expect(promptOf(context.pages()[0]!, 'nps').locator('[data-state="thanks"]')).toBeVisible();
  await context.close();
});
