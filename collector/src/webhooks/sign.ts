/**
 * Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the base64-decoded part of the `whsec_`
 * secret, sent as `webhook-signature: v1,<base64>`. Web Crypto only (Node and Workers).
 */
function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function toBase64(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}

export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', fromBase64(secret.replace(/^whsec_/, '')), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${toBase64(mac)}`;
}

/** The three headers of one delivery attempt. */
export async function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Promise<Record<string, string>> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': await signWebhook(secret, id, timestampSeconds, body),
  };
}

/** A Standard Webhooks `whsec_` secret as is; any other string is used as its UTF-8 bytes. */
export function standardWebhookSecret(secret: string): string {
  if (secret.startsWith('whsec_')) return secret;
  let s = '';
  for (const b of new TextEncoder().encode(secret)) s += String.fromCharCode(b);
  return `whsec_${btoa(s)}`;
}

/** Delay before the next attempt after `attempt` failed ones: `base · 2^(attempt−1)`, at most `max`. */
export const retryDelay = (attempt: number, base: number, max: number) => Math.min(max, base * 2 ** Math.max(0, attempt - 1));

/**
 * One signed delivery attempt: a JSON `POST` with the Standard Webhooks headers (`id` stays the
 * same on every retry, so that receivers can dedupe), no redirect followed, the body of the answer
 * discarded. Resolves with the HTTP status; rejects on a network error or the timeout.
 */
export async function postSigned(o: {
  url: string;
  secret: string;
  id: string;
  now: number;
  body: string;
  userAgent: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
}): Promise<number> {
  const headers = await webhookHeaders(standardWebhookSecret(o.secret), o.id, Math.floor(o.now / 1000), o.body);
  const res = await (o.fetch ?? fetch)(o.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': o.userAgent, ...headers },
    body: o.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(o.timeoutMs),
  });
  await res.body?.cancel().catch(() => {});
  return res.status;
}
