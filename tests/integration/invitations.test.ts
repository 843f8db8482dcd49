import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { SiteConfigInput } from '@voix/shared';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';
import { dispatchInvitations, type InvitationDispatchDeps } from '../../collector/src/invitations/dispatch.ts';
import { smtpSender } from '../../collector/src/node/mail.ts';
import { count, isWorkerd, post, read, startCollector, type TestCollector } from './collector.ts';

/**
 * Invitations end to end on a real collector: the owner's backend (or the widget) asks, the
 * dispatcher sends through a real SMTP server (smtp-server, in process) or a real webhook
 * receiver, the customer clicks a score link (a real HTTP GET) and answers the follow-up, and
 * the read API shows the response with its channel.
 */
const CONFIG: SiteConfigInput = {
  ...DEMO_CONFIG,
  moments: DEMO_CONFIG.moments.map((m) =>
    m.id === 'relationship-nps' ? { ...m, channels: ['email', 'sms', 'link'] } : m.id === 'post-checkout' ? { ...m, channels: ['inpage', 'email', 'sms'], delayHours: 48 } : m,
  ),
};

interface Mailbox {
  port: number;
  messages: ParsedMail[];
  /** Answer the next `n` DATA commands with a temporary failure (451). */
  failNext(n: number): void;
  close(): Promise<void>;
}

async function startSmtp(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const err = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks)).then((mail) => {
          messages.push(mail);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return { port, messages, failNext: (n) => (failures = n), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Receiver {
  url: string;
  deliveries: { headers: Record<string, string>; body: string }[];
  status: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', deliveries: [], status: 200, close: async () => {} };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      r.deliveries.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(r.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r;
}

/** Standard Webhooks verification, written independently of the collector's signer. */
function verifySignature(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return (headers['webhook-signature'] ?? '').split(' ').some((part) => {
    const [version, sig] = part.split(',');
    const given = Buffer.from(sig ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const SMS_SECRET = `whsec_${Buffer.from('sms-webhook-test-secret-0123456789').toString('base64')}`;

let c: TestCollector;
let mailbox: Mailbox;
let receiver: Receiver;
let now: number | undefined;
const clock = () => now ?? Date.now();
function setNow(ms: number | undefined) {
  now = ms;
  c.setNow(ms);
}
const deps = (extra: Partial<InvitationDispatchDeps> = {}): InvitationDispatchDeps => ({
  db: c.db,
  clock,
  publicUrl: c.url,
  sendEmail: smtpSender(`smtp://127.0.0.1:${mailbox.port}`, 'Demo Shop <feedback@shop.example>'),
  smsWebhook: { url: receiver.url, secret: SMS_SECRET },
  baseDelayMs: 60_000,
  maxAttempts: 4,
  ...extra,
});

async function invite(body: Record<string, unknown>, key = c.secretKey) {
  return fetch(`${c.url}/v1/invitations`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}
async function created(body: Record<string, unknown>) {
  const res = await invite(body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).invitation as { id: string; status: string };
}
const invitation = async (id: string) => (await read(c, '/v1/invitations?limit=500')).data.find((i: { id: string }) => i.id === id);
/** The score links of an email's HTML part, by score. */
function scoreLinks(mail: ParsedMail): Map<number, string> {
  const links = new Map<number, string>();
  for (const m of String(mail.html).matchAll(/href="([^"]+\?score=(\d+))"/g)) links.set(Number(m[2]), m[1]!.replace(/&amp;/g, '&'));
  return links;
}
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: 'manual', headers });

describe.skipIf(isWorkerd)('invitations by email, SMS and link', () => {
  beforeAll(async () => {
    c = await startCollector({ config: CONFIG });
    mailbox = await startSmtp();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await c?.close();
    await mailbox?.close();
    await receiver?.close();
  });

  it('sends a backend-created invitation by email; one click records the score with channel email', async () => {
    const inv = await created({ momentId: 'relationship-nps', userId: 'u-1', channel: 'email', email: 'claire@example.com', locale: 'fr-FR' });
    expect(inv.status).toBe('pending');

    const result = await dispatchInvitations(deps());
    expect(result).toMatchObject({ attempted: 1, sent: 1 });
    expect(mailbox.messages).toHaveLength(1);
    const mail = mailbox.messages[0]!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('claire@example.com');
    expect(mail.subject).toBe('Demo Shop : une petite question');
    // Plain-text part and HTML part, both with the question in the customer's language.
    expect(mail.text).toContain('Quelle est la probabilité que vous recommandiez Demo Shop');
    expect(mail.html).toContain('<table role="presentation"');
    const links = scoreLinks(mail);
    expect([...links.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(mail.text).toContain(links.get(10)!);
    expect((await invitation(inv.id)).status).toBe('sent');

    // One click: a plain GET records the score and opens the follow-up, in French.
    const click = await get(links.get(9)!);
    expect(click.status).toBe(200);
    expect(click.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await click.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Quelle est la raison principale de votre note ?');
    expect(page).not.toMatch(/<script(?![^>]*(type="application\/json"|src="\/s\/hosted\.js"))/);

    const stored = await read(c, '/v1/responses?channel=email');
    expect(stored.data).toHaveLength(1);
    expect(stored.data[0]).toMatchObject({ momentId: 'relationship-nps', score: 9, channel: 'email', userId: 'u-1', locale: 'fr-FR', comment: null });
    const agg = await read(c, '/v1/aggregates?metric=nps&groupBy=channel');
    expect(agg.groups).toEqual([expect.objectContaining({ key: 'email', n: 1, score: 100 })]);
    const listed = await invitation(inv.id);
    expect(listed).toMatchObject({ status: 'answered', responseId: stored.data[0].id });

    // A second click, even on another score, never counts twice: the first score is kept.
    const again = await get(links.get(3)!);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Votre réponse : 9');
    expect(await count(c, 'responses')).toBe(1);
    expect((await read(c, '/v1/aggregates?metric=nps')).n).toBe(1);

    // The follow-up from the hosted page (token-authorised), then the link is used.
    const token = new URL(links.get(9)!).pathname.split('/').pop()!;
    const followUp = await fetch(`${c.url}/v1/s/${token}/response`, { method: 'POST', body: JSON.stringify({ score: 9, comment: 'Livraison <b>rapide</b>' }) });
    expect(followUp.status).toBe(202);
    expect(await followUp.json()).toMatchObject({ duplicate: true, score: 9 });
    const withComment = await read(c, '/v1/responses?channel=email');
    expect(withComment.data[0]).toMatchObject({ score: 9, comment: 'Livraison <b>rapide</b>' });

    const reused = await get(links.get(10)!);
    expect(reused.status).toBe(410);
    const reusedPage = await reused.text();
    expect(reusedPage).toContain('Vous avez déjà répondu');
    expect(reusedPage).not.toContain('<b>rapide</b>');
    const reusedPost = await fetch(`${c.url}/v1/s/${token}/response`, { method: 'POST', body: JSON.stringify({ score: 2, comment: 'again' }) });
    expect(reusedPost.status).toBe(410);
    expect((await reusedPost.json()).error.code).toBe('forbidden');
    expect(await count(c, 'responses')).toBe(1);
  });

  it('refuses tampered and expired links with friendly pages', async () => {
    const inv = await created({ momentId: 'relationship-nps', channel: 'email', email: 'tom@example.com', locale: 'en' });
    mailbox.messages.length = 0;
    await dispatchInvitations(deps());
    const link = scoreLinks(mailbox.messages[0]!).get(8)!;
    const url = new URL(link);
    const token = url.pathname.split('/').pop()!;

    // Tampered: another invitation id, another expiry, another signature, or garbage.
    const [id, exp, sig] = token.split('.') as [string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [`${flip(id)}.${exp}.${sig}`, `${id}.${(parseInt(exp, 36) + 86_400).toString(36)}.${sig}`, `${id}.${exp}.${flip(sig)}`, 'not-a-token', '%3Cscript%3E']) {
      const res = await get(`${c.url}/s/${bad}?score=10`, { 'Accept-Language': 'fr-FR,fr;q=0.9' });
      expect(res.status, bad).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      const page = await res.text();
      expect(page).toContain('Ce lien n’est pas valide');
      expect(page).not.toContain('<script>');
    }
    const badPost = await fetch(`${c.url}/v1/s/${id}.${exp}.${flip(sig)}/response`, { method: 'POST', body: JSON.stringify({ score: 10 }) });
    expect(badPost.status).toBe(404);

    // Expired: 14 days by default, on the server's clock.
    setNow(Date.now() + 15 * 86_400_000);
    const expired = await get(link);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    expect((await invitation(inv.id)).status).toBe('expired');
    expect((await read(c, '/v1/invitations?status=expired')).data.map((i: { id: string }) => i.id)).toContain(inv.id);
    setNow(undefined);
    expect(await count(c, 'responses')).toBe(1);
  });

  it('sends SMS through the owner’s signed webhook; the hosted page answers with channel sms', async () => {
    const inv = await created({ momentId: 'relationship-nps', userId: 'u-2', channel: 'sms', phone: '+33612345678', locale: 'en' });
    receiver.deliveries.length = 0;
    expect(await dispatchInvitations(deps())).toMatchObject({ sent: 1 });
    expect(receiver.deliveries).toHaveLength(1);
    const delivery = receiver.deliveries[0]!;
    expect(verifySignature(SMS_SECRET, delivery.headers, delivery.body)).toBe(true);
    expect(verifySignature(`whsec_${Buffer.from('another secret').toString('base64')}`, delivery.headers, delivery.body)).toBe(false);
    expect(delivery.headers['webhook-id']).toBe(`inv_${inv.id}`);
    const payload = JSON.parse(delivery.body);
    expect(payload).toMatchObject({ type: 'invitation.send', data: { channel: 'sms', to: '+33612345678', momentId: 'relationship-nps', userId: 'u-2', locale: 'en' } });
    expect(payload.data.text).toContain(payload.data.url);
    expect(payload.data.url.length).toBeLessThan(c.url.length + 70);

    const page = await get(payload.data.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('How likely are you to recommend Demo Shop');
    expect(html).toContain('<script type="module" src="/s/hosted.js"></script>');
    const token = new URL(payload.data.url).pathname.split('/').pop()!;
    const outOfScale = await fetch(`${c.url}/v1/s/${token}/response`, { method: 'POST', body: JSON.stringify({ score: 11 }) });
    expect(outOfScale.status).toBe(400);
    const answer = await fetch(`${c.url}/v1/s/${token}/response`, { method: 'POST', body: JSON.stringify({ score: 4, locale: 'en' }) });
    expect(answer.status).toBe(202);
    const stored = await read(c, '/v1/responses?channel=sms');
    expect(stored.data[0]).toMatchObject({ score: 4, channel: 'sms', userId: 'u-2' });
    expect((await invitation(inv.id)).status).toBe('answered');
  });

  it('sends email through the owner’s signed email webhook when there is no SMTP (the way on Workers); one click records the score', async () => {
    const inv = await created({ momentId: 'relationship-nps', userId: 'u-3', channel: 'email', email: 'relay@example.com', locale: 'fr' });
    receiver.deliveries.length = 0;
    const noSmtp = deps({ sendEmail: undefined, emailWebhook: { url: receiver.url, secret: SMS_SECRET } });
    expect(await dispatchInvitations(noSmtp)).toMatchObject({ sent: 1 });
    expect(await dispatchInvitations(noSmtp)).toMatchObject({ attempted: 0 });
    expect(receiver.deliveries).toHaveLength(1);
    const delivery = receiver.deliveries[0]!;
    expect(verifySignature(SMS_SECRET, delivery.headers, delivery.body)).toBe(true);
    expect(delivery.headers['webhook-id']).toBe(`inv_${inv.id}`);
    const { data } = JSON.parse(delivery.body);
    expect(data).toMatchObject({ channel: 'email', to: 'relay@example.com', userId: 'u-3', locale: 'fr' });
    // The same email SMTP would send: subject, HTML with one link per score, and the plain text.
    expect(data.subject).toContain('Demo Shop');
    const links = [...String(data.html).matchAll(/href="([^"]+\?score=(\d+))"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links).toHaveLength(11);
    expect(data.text).toContain(data.url);

    const click = await get(links[9]!);
    expect(click.status).toBe(200);
    expect((await read(c, '/v1/responses?channel=email')).data).toEqual(expect.arrayContaining([expect.objectContaining({ score: 9, channel: 'email', userId: 'u-3' })]));

  });

  it('retries a failing SMTP server with backoff and never sends twice', async () => {
    const start = Date.UTC(2030, 0, 1, 9);
    setNow(start);
    const inv = await created({ momentId: 'relationship-nps', channel: 'email', email: 'retry@example.com' });
    mailbox.messages.length = 0;
    mailbox.failNext(2);

    expect(await dispatchInvitations(deps())).toMatchObject({ attempted: 1, sent: 0, retrying: 1 });
    let row = await invitation(inv.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/451|busy/i);
    expect(Date.parse(row.sendAt)).toBe(start + 60_000);
    // Not due yet: nothing is attempted.
    expect(await dispatchInvitations(deps())).toMatchObject({ attempted: 0 });

    setNow(start + 60_000);
    expect(await dispatchInvitations(deps())).toMatchObject({ attempted: 1, retrying: 1 });
    row = await invitation(inv.id);
    expect(Date.parse(row.sendAt)).toBe(start + 60_000 + 120_000); // doubled

    setNow(start + 180_000);
    // Two dispatchers at once: the row is claimed by one of them only.
    const [a, b] = await Promise.all([dispatchInvitations(deps()), dispatchInvitations(deps())]);
    expect(a.sent + b.sent).toBe(1);
    expect(mailbox.messages).toHaveLength(1);
    expect(await invitation(inv.id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });

    setNow(start + 86_400_000);
    expect(await dispatchInvitations(deps())).toMatchObject({ attempted: 0 });
    expect(mailbox.messages).toHaveLength(1);
    setNow(undefined);
  });

  it('gives up after the last attempt, and waits while email is not configured', async () => {
    const start = Date.UTC(2031, 0, 1);
    setNow(start);
    const inv = await created({ momentId: 'relationship-nps', channel: 'email', email: 'nobody@example.com' });
    let t = start;
    for (let attempt = 1; attempt <= 4; attempt++) {
      const r = await dispatchInvitations(deps({ sendEmail: undefined }));
      expect(r.attempted).toBe(1);
      t += 3_600_000;
      setNow(t);
    }
    expect(await invitation(inv.id)).toMatchObject({ status: 'failed', attempts: 4 });
    expect((await invitation(inv.id)).lastError).toMatch(/SMTP_URL.*VOIX_EMAIL_WEBHOOK_URL/);
    expect((await read(c, '/v1/invitations?status=failed')).data.map((i: { id: string }) => i.id)).toEqual([inv.id]);
    setNow(undefined);
  });

  it('accepts invitation requests from the widget under the rules of /v1/responses', async () => {
    const body = (extra: Record<string, unknown> = {}) => ({
      id: crypto.randomUUID(),
      siteKey: c.siteKey,
      momentId: 'post-checkout',
      anonymousId: 'anon-1',
      userId: 'u-widget',
      channel: 'email',
      email: 'widget@example.com',
      locale: 'fr',
      ...extra,
    });
    const first = body();
    const res = await post(c, '/v1/invitations/request', first);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: first.id, duplicate: false });
    expect(await (await post(c, '/v1/invitations/request', first)).json()).toEqual({ id: first.id, duplicate: true });
    // The same customer is not invited again to this moment within its cooldown.
    expect(await (await post(c, '/v1/invitations/request', body())).json()).toMatchObject({ dropped: 'cooldown' });

    const listed = await read(c, '/v1/invitations?moment=post-checkout&channel=email');
    expect(listed.data).toHaveLength(1);
    // "2 days after delivery": the moment's delayHours.
    expect(Date.parse(listed.data[0].sendAt) - Date.parse(listed.data[0].createdAt)).toBe(48 * 3_600_000);
    expect(listed.data[0]).toMatchObject({ status: 'pending', source: 'widget', anonymousId: 'anon-1' });
    expect(await dispatchInvitations(deps())).toMatchObject({ attempted: 0 });

    const refused = async (payload: unknown, status: number, path: string, headers: Record<string, string> = {}) => {
      const r = await post(c, '/v1/invitations/request', payload, headers);
      expect(r.status, JSON.stringify(payload)).toBe(status);
      expect((await r.json()).error.issues.map((i: { path: string }) => i.path)).toContain(path);
    };
    await refused(body({ email: undefined }), 400, 'email');
    await refused(body({ channel: 'sms', phone: null }), 400, 'phone');
    await refused(body({ channel: 'inpage' }), 400, 'channel');
    await refused(body({ momentId: 'support-effort', userId: 'u-x', email: 'x@example.com' }), 400, 'channel'); // inpage only
    await refused(body({ userId: 'u-y', email: 'y@example.com' }), 403, 'Origin', { Origin: 'https://evil.example' });
    await refused(body({ siteKey: c.other.siteKey, userId: 'u-z', email: 'z@example.com' }), 403, 'Origin');
  });

  it('remembers an identified customer’s preferred channel: used when the backend names none, exported and erased with them', async () => {
    const request = (userId: string, preferredChannel: unknown) => ({
      id: crypto.randomUUID(),
      siteKey: c.siteKey,
      momentId: 'post-checkout',
      anonymousId: `anon-${userId}`,
      userId,
      channel: 'email',
      email: `${userId}@example.com`,
      preferredChannel,
    });
    // "Ask me later by email" in the page: the request carries the choice.
    expect((await post(c, '/v1/invitations/request', request('u-pref', 'email'))).status).toBe(202);
    // What a site gave `voix('identify')` is passed on as is; a value Voix does not know is ignored.
    expect((await post(c, '/v1/invitations/request', request('u-odd', 'carrier-pigeon'))).status).toBe(202);
    expect((await read(c, '/v1/users/u-pref')).preferredChannel).toBe('email');
    expect((await read(c, '/v1/users/u-odd')).preferredChannel).toBeNull();

    // The backend invites without a channel: the remembered one, when the moment lists it.
    const preferred = await invite({ momentId: 'relationship-nps', userId: 'u-pref', email: 'u-pref@example.com' });
    expect(preferred.status).toBe(201);
    expect((await preferred.json()).invitation.channel).toBe('email');
    // No preference: the moment's first channel out of the page (relationship-nps: email, sms, link).
    const fallback = await invite({ momentId: 'relationship-nps', userId: 'u-none', phone: '+33612345678' });
    expect(fallback.status).toBe(400);
    expect((await fallback.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['email']);
    // A moment with no channel out of the page cannot be sent at all.
    const inpageOnly = await invite({ momentId: 'support-effort', userId: 'u-pref', email: 'u-pref@example.com' });
    expect(inpageOnly.status).toBe(400);
    expect((await inpageOnly.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['channel']);

    // Erasure takes the preference with the rest.
    const erased = await fetch(`${c.url}/v1/users/u-pref`, { method: 'DELETE', headers: { Authorization: `Bearer ${c.secretKey}` } });
    expect(erased.status).toBe(200);
    expect((await read(c, '/v1/users/u-pref')).preferredChannel).toBeNull();
  });

  it('guards the backend API: admin key, validation, idempotent ids, filters and pagination', async () => {
    expect((await invite({ momentId: 'relationship-nps', channel: 'email', email: 'a@example.com' }, 'sk_wrong')).status).toBe(401);
    const unauthenticated = await fetch(`${c.url}/v1/invitations`);
    expect(unauthenticated.status).toBe(401);
    const bad = await invite({ momentId: 'relationship-nps', channel: 'email', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('email');
    expect((await invite({ momentId: 'nope', channel: 'email', email: 'a@example.com' })).status).toBe(400);

    const id = crypto.randomUUID();
    const once = await invite({ id, momentId: 'relationship-nps', channel: 'link', userId: 'u-link', sendAt: '2035-01-01T00:00:00Z' });
    expect(once.status).toBe(201);
    const twice = await invite({ id, momentId: 'relationship-nps', channel: 'link', userId: 'u-link' });
    expect(twice.status).toBe(200);
    expect((await twice.json()).duplicate).toBe(true);

    const page1 = await read(c, '/v1/invitations?limit=2');
    expect(page1.data).toHaveLength(2);
    const page2 = await read(c, `/v1/invitations?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.data[0].id).not.toBe(page1.data[1].id);
    const all = await read(c, '/v1/invitations?limit=500');
    // Expired is derived from the clock: the link expired earlier is valid again at real time.
    expect(new Set(all.data.map((i: { status: string }) => i.status))).toEqual(new Set(['answered', 'sent', 'failed', 'pending']));
    expect((await read(c, '/v1/invitations?status=pending&channel=link')).data.map((i: { userId: string }) => i.userId)).toEqual(['u-link']);
    // Keys never cross sites.
    expect((await read(c, '/v1/invitations', c.other.secretKey)).data).toEqual([]);
    const badQuery = await fetch(`${c.url}/v1/invitations?status=lost`, { headers: { Authorization: `Bearer ${c.secretKey}` } });
    expect(badQuery.status).toBe(400);
  });

  it('serves the hosted page’s script and stylesheet from the collector', async () => {
    const js = await get(`${c.url}/s/hosted.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain("prompt.mount(");
    const css = await get(`${c.url}/s/hosted.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});
