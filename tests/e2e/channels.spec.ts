import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { SiteConfigInput } from '@voix/shared';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { ADMIN_TOKEN } from './pages/host.ts';
import { E2E, port } from './support/env.ts';
import { callVoix, expect, prompt, test } from './support/fixtures.ts';
import { getJson } from './support/read-api.ts';

/**
 * The customer's channel (issue #7) in a real browser: a customer who prefers email completes an
 * order on the demo shop; nothing shows in the page, the collector's dispatcher mails the
 * question (to the SMTP server started here, which playwright.config.ts points SMTP_URL at), the
 * customer clicks a score in the email (a real HTTP GET), answers the follow-up on the hosted
 * page, and the aggregate API shows the response with channel `email`.
 *
 * The demo shop's pages are served with a site of this test's own (same origin, same pages), so
 * that the demo site's counts, which core-loop.spec.ts expects fresh, are untouched.
 */
const CONFIG: SiteConfigInput = {
  ...DEMO_CONFIG,
  moments: DEMO_CONFIG.moments.map((m) => (m.id === 'post-checkout' ? { ...m, channels: ['inpage', 'email'] } : m)),
};

const messages: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      messages.push(mail);
      callback();
    }, callback);
  },
});

test.beforeAll(async () => {
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(port + 25, '127.0.0.1', () => resolve());
  });
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

test('a customer who prefers email gets the question by email and answers it in one click', async ({ page, request }) => {
  const created = await request.post(`${E2E.collector}/v1/admin/sites`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    data: { name: 'Channels', origins: [new URL(E2E.shop).origin], config: CONFIG },
  });
  expect(created.status()).toBe(201);
  const site = (await created.json()) as { siteKey: string; secretKey: string };
  // The demo shop, installed with this test's site. A page answered by the test runner loses its
  // loopback address space: let it reach the collector on localhost as the real page does.
  await page.context().grantPermissions(['local-network-access']);
  await page.route(/\/demo\/[\w-]*\.html$/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (await res.text()).replaceAll(E2E.siteKey, site.siteKey) });
  });

  await page.goto(`${E2E.shop}/index.html`);
  await callVoix(page, 'identify', 'u-email-1', { email: 'claire@example.com', preferredChannel: 'email' });
  const log: string[] = [];
  page.on('console', (m) => log.push(m.text()));
  await page.getByRole('link', { name: 'Buy now' }).click();
  const requested = page.waitForRequest((r) => r.url().endsWith('/v1/invitations/request'), { timeout: 10_000 });
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/demo\/thanks\.html$/);

  // The moment fires: the widget asks the collector for an invitation, and shows nothing.
  const invitationRequest = await requested.catch((error) => {
    throw new Error(`${error}\nwidget log:\n${log.join('\n')}`);
  });
  expect(invitationRequest.postDataJSON()).toMatchObject({ momentId: 'post-checkout', channel: 'email', email: 'claire@example.com', userId: 'u-email-1' });
  await page.waitForTimeout(500);
  await expect(prompt(page, 'post-checkout')).toHaveCount(0);

  // The dispatcher (every 500 ms) sends the email.
  await expect.poll(() => messages.length, { timeout: 15_000 }).toBe(1);
  const mail = messages[0]!;
  expect(mail.subject).toBe('Demo Shop: one quick question');
  expect(mail.text).toContain('How satisfied are you with your checkout?');
  const links = new Map([...String(mail.html).matchAll(/href="([^"]+\?score=(\d+))"/g)].map((m) => [Number(m[2]), m[1]!.replace(/&amp;/g, '&')]));
  expect([...links.keys()]).toEqual([1, 2, 3, 4, 5]);
  const { body: pending } = await getJson<{ data: { status: string; channel: string }[] }>(request, '/v1/invitations', site.secretKey);
  expect(pending.data).toEqual([expect.objectContaining({ status: 'sent', channel: 'email' })]);

  // One click on "5" in the email: the browser's GET records it and opens the follow-up.
  const cspViolations: string[] = [];
  page.on('console', (m) => m.text().includes('Content Security Policy') && cspViolations.push(m.text()));
  const opened = await page.goto(links.get(5)!);
  expect(opened?.status()).toBe(200);
  expect(opened?.headers()['content-security-policy']).toContain("script-src 'self'");
  const { body: scored } = await getJson<{ data: { score: number; channel: string; comment: string | null }[] }>(request, '/v1/responses', site.secretKey);
  expect(scored.data).toEqual([expect.objectContaining({ score: 5, channel: 'email', comment: null })]);

  // The hosted page mounts the same prompt full page, straight on the follow-up question.
  const hosted = prompt(page, 'post-checkout');
  const comment = hosted.locator('[name="comment"]');
  await expect(comment).toBeVisible();
  await expect(hosted).toContainText('What is the main reason for your score?');
  await comment.fill('Fast <b>delivery</b>');
  await hosted.locator('[data-action="send"]').click();
  await expect(hosted.locator('[data-state="thanks"]')).toBeVisible();
  await expect(page.locator('#voix-status')).toContainText('Thank you for your answer!', { timeout: 10_000 });
  expect(cspViolations).toEqual([]);

  await expect
    .poll(async () => (await getJson<{ data: { comment: string | null }[] }>(request, '/v1/responses', site.secretKey)).body.data[0]?.comment)
    .toBe('Fast <b>delivery</b>');
  const { body: agg } = await getJson<{ n: number; groups: { key: string; n: number; score: number }[] }>(request, '/v1/aggregates?metric=csat&groupBy=channel', site.secretKey);
  expect(agg.n).toBe(1);
  expect(agg.groups).toEqual([expect.objectContaining({ key: 'email', n: 1, score: 100 })]);

  // The link is now used: a friendly page, not an error.
  const again = await page.goto(links.get(1)!);
  expect(again?.status()).toBe(410);
  await expect(page.getByRole('heading', { name: 'You have already answered' })).toBeVisible();
});
