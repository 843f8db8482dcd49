/**
 * Pseudonymous visitor keys for rate limiting (reference R17): HMAC-SHA256 of site, IP and
 * user agent under a random salt that rotates every UTC day. Only the current and the previous
 * day's salts exist; older ones are deleted, so a key can't be linked back to an IP after 48 h.
 * No IP, raw or hashed, is ever written to the database or the logs.
 */
const DAY = 86_400_000;

export class VisitorHasher {
  private readonly salts = new Map<number, Promise<CryptoKey>>();

  constructor(private readonly clock: () => number = Date.now) {}

  private salt(day: number): Promise<CryptoKey> {
    for (const d of this.salts.keys()) if (d < day - 1) this.salts.delete(d);
    let key = this.salts.get(day);
    if (!key) {
      key = crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(16)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      this.salts.set(day, key);
    }
    return key;
  }

  /** Days whose salt still exists (for tests and /v1/health). */
  saltDays(): number[] {
    return [...this.salts.keys()];
  }

  async hash(siteKey: string, ip: string, userAgent: string): Promise<string> {
    const day = Math.floor(this.clock() / DAY);
    const sig = await crypto.subtle.sign('HMAC', await this.salt(day), new TextEncoder().encode(`${siteKey}\u0000${ip}\u0000${userAgent}`));
    return [...new Uint8Array(sig, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
}
