/**
 * Invitation link tokens: `<invitation id>.<expiry, epoch seconds in base 36>.<HMAC>` where the
 * HMAC is HMAC-SHA256 over `v1.<id>.<expiry>` with the instance secret (`VOIX_SECRET`, or the one
 * generated into the `meta` table), truncated to 128 bits and base64url-encoded. Short enough
 * for an SMS (~55 characters). The signature proves the link was issued by this instance; the
 * expiry is checked against the server clock; single use is enforced by the invitation's row.
 * Web Crypto only (Node and Workers).
 */

const MAC_BYTES = 16;
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random url-safe id (16 bytes → 22 characters). */
export const newInvitationId = () => base64url(crypto.getRandomValues(new Uint8Array(16)));

async function mac(secret: string, id: string, exp: string): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(`v1.${id}.${exp}`));
  return base64url(new Uint8Array(sig).subarray(0, MAC_BYTES));
}

export async function signInvitationToken(secret: string, id: string, expiresAt: number): Promise<string> {
  const exp = Math.ceil(expiresAt / 1000).toString(36);
  return `${id}.${exp}.${await mac(secret, id, exp)}`;
}

export type TokenCheck = { ok: true; id: string; expiresAt: number } | { ok: false; reason: 'malformed' | 'signature' };

/** Checks the shape and the signature (constant time); the caller checks expiry and use. */
export async function verifyInvitationToken(secret: string, token: string): Promise<TokenCheck> {
  const match = /^([A-Za-z0-9_-]{16,64})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, id, exp, given] = match as unknown as [string, string, string, string];
  const expected = await mac(secret, id, exp);
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) return { ok: false, reason: 'signature' };
  return { ok: true, id, expiresAt: parseInt(exp, 36) * 1000 };
}

/**
 * The id of the response recorded through an invitation: a UUID derived from the invitation id
 * (SHA-256), so that every click and every retry of the same invitation names the same response
 * and the collector's idempotent ingest counts it once.
 */
export async function responseIdFor(invitationId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`voix-invitation:${invitationId}`)));
  const b = digest.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8 (custom)
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
