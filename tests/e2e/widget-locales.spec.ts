import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { createSite, promptOf, storedResponses, threeMoments, voix, useHostSite } from './pages/host.ts';

/**
 * The BUILT prompt speaks French, English, Spanish, German and Arabic (right to left), chosen by
 * `voix('locale')` > `data-locale` > the browser's language > the site's default locale. A text
 * missing in that language falls back to the default locale, never to an empty prompt. Each
 * language is a tiny chunk of its own, fetched only when it is shown.
 */

// A shared 2-core machine runs several suites at once: leave room for slow moments.
test.describe.configure({ timeout: 60_000 });

const host = useHostSite();

async function ready(page: Page) {
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
}

/** Locale chunks the page fetched, e.g. `['fr']`. */
function localeChunks(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const m = /\/locale-([a-z]+)-[\w-]+\.js$/.exec(r.url());
    if (m) seen.push(m[1]!);
  });
  return seen;
}

const EXPECTED = {
  en: { close: 'Close', nine: '9 — extremely likely', question: 'How likely are you to recommend Maison Voix', thanks: 'Thank you' },
  fr: { close: 'Fermer', nine: '9 — extrêmement probable', question: 'Quelle est la probabilité que vous recommandiez Maison Voix', thanks: 'Merci' },
  es: { close: 'Cerrar', nine: '9 — extremadamente probable', question: '¿Qué probabilidad hay de que recomiende Maison Voix', thanks: 'Gracias' },
  de: { close: 'Schließen', nine: '9 — äußerst wahrscheinlich', question: 'Wie wahrscheinlich ist es, dass Sie Maison Voix', thanks: 'Vielen Dank' },
  ar: { close: 'إغلاق', nine: '9 — محتمل للغاية', question: 'ما مدى احتمال أن توصي بـ Maison Voix', thanks: 'شكرًا' },
} as const;

for (const [locale, words] of Object.entries(EXPECTED)) {
  test(`data-locale="${locale}": question, scale labels, buttons and thanks in ${locale}`, async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    const chunks = localeChunks(page);
    await page.goto(host.page(`/lang-${locale}`, { siteKey: site.siteKey, scriptAttributes: `data-locale="${locale}"` }));
    await ready(page);
    await voix(page, 'show', 'nps');
    const prompt = promptOf(page, 'nps');
    await expect(prompt.locator('.title')).toContainText(words.question);
    await expect(prompt).toHaveAttribute('lang', locale);
    await expect(prompt).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expect(prompt.locator('[data-score="9"]')).toHaveAttribute('aria-label', words.nine);
    await expect(prompt.locator('[data-action="close"]')).toHaveAttribute('aria-label', words.close);
    await prompt.locator('[data-score="9"]').click();
    await prompt.locator('[data-action="send"]').click();
    await expect(prompt.locator('[data-state="thanks"]')).toContainText(words.thanks);
    expect(chunks, 'only the words shown are downloaded').toEqual([locale]);
    await expect.poll(async () => (await storedResponses(request, site)).map((r) => r.locale)).toEqual([locale]);
  });
}

test('voix("locale") wins over data-locale', async ({ page, request }) => {
  const site = await createSite(request, [host.origin]);
  await page.goto(host.page('/lang-override', { siteKey: site.siteKey, scriptAttributes: 'data-locale="fr"', calls: "voix('locale', 'de');" }));
  await ready(page);
  await voix(page, 'show', 'nps');
  await expect(promptOf(page, 'nps').locator('.title')).toContainText(EXPECTED.de.question);
});

test('Arabic is laid out right to left, and the arrow keys follow the layout', async ({ page, request }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const site = await createSite(request, [host.origin]);
  await page.goto(host.page('/rtl', { siteKey: site.siteKey, scriptAttributes: 'data-locale="ar"' }));
  await ready(page);
  await page.locator('#host-button').focus();
  await voix(page, 'show', 'nps');
  const prompt = promptOf(page, 'nps');
  const zero = (await prompt.locator('[data-score="0"]').boundingBox())!;
  const ten = (await prompt.locator('[data-score="10"]').boundingBox())!;
  expect(zero.x, '0 is drawn on the right, 10 on the left').toBeGreaterThan(ten.x);
  const card = (await prompt.locator('.card').boundingBox())!;
  const close = (await prompt.locator('[data-action="close"]').boundingBox())!;
  expect(close.x, 'the close button mirrors to the left').toBeLessThan(card.x + card.width / 2);
  expect(await prompt.locator('.title').evaluate((el) => getComputedStyle(el).textAlign)).toBe('start');
  expect(await prompt.locator('.title').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await expect(prompt.locator('[data-score="0"]')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(prompt.locator('[data-score="1"]'), 'ArrowLeft goes towards 10, drawn on the left').toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(prompt.locator('[data-score="0"]')).toBeFocused();
});

test.describe('the browser’s language', () => {
  test.use({ locale: 'es-ES' });
  test('picks Spanish when the page says nothing', async ({ page, request }) => {
    const site = await createSite(request, [host.origin]);
    await page.goto(host.page('/lang-browser', { siteKey: site.siteKey }));
    await ready(page);
    await voix(page, 'show', 'nps');
    await expect(promptOf(page, 'nps').locator('.title')).toContainText(EXPECTED.es.question);
    await expect(promptOf(page, 'nps').locator('[data-action="close"]')).toHaveAttribute('aria-label', 'Cerrar');
  });

  test('a question missing in Spanish falls back to the default locale, never to an empty prompt', async ({ page, request }) => {
    // CES has texts in English and German only; the site's default locale is French here.
    const config = threeMoments({ defaultLocale: 'fr' });
    const ces = config.moments!.find((m) => m.id === 'ces')!;
    ces.question = { fr: '{brand} m’a facilité la résolution de mon problème.', de: 'Es war leicht.' };
    ces.followUp = { fr: 'Pourquoi ?' };
    const site = await createSite(request, [host.origin], config);
    await page.goto(host.page('/lang-fallback', { siteKey: site.siteKey }));
    await ready(page);
    await voix(page, 'show', 'ces');
    const prompt = promptOf(page, 'ces');
    await expect(prompt.locator('.title')).toHaveText('Maison Voix m’a facilité la résolution de mon problème.');
    await expect(prompt, 'the prompt’s own words follow the text shown').toHaveAttribute('lang', 'fr');
    await expect(prompt.locator('[data-action="close"]')).toHaveAttribute('aria-label', 'Fermer');
    await prompt.locator('[data-score="7"]').click();
    await expect(prompt.locator('label[for="voix-comment"]')).toHaveText('Pourquoi ?');
  });
});
