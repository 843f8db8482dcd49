/**
 * Site keys (public, `pk_…`) and secret keys (`sk_…`, shown once, stored as SHA-256).
 * Web Crypto only, so the same code runs on Node and on Workers.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  // Rejection sampling keeps every character equally likely.
  const out: string[] = [];
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < 248 && out.length < length) out.push(ALPHABET[b % 62]!);
    }
  }
  return out.join('');
}

export const newSiteKey = () => `pk_${randomToken(24)}`;
export const newSecretKey = () => `sk_${randomToken(40)}`;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Constant-time comparison of two equal-length strings (hex digests). */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export const SECRET_KEY_PATTERN = /^sk_[A-Za-z0-9]{16,64}$/;
export const keyPrefix = (secret: string) => `${secret.slice(0, 7)}…`;
