import { describe, expect, it } from 'vitest';
import { newInvitationId, responseIdFor, signInvitationToken, verifyInvitationToken } from './token.ts';

describe('invitation link tokens', () => {
  const secret = 'test-secret';
  const exp = Date.UTC(2030, 0, 15, 12, 0, 0);

  it('verifies what it signed, with the id and the expiry (to the second)', async () => {
    const id = newInvitationId();
    const token = await signInvitationToken(secret, id, exp);
    expect(token.length).toBeLessThan(60);
    expect(await verifyInvitationToken(secret, token)).toEqual({ ok: true, id, expiresAt: exp });
  });

  it('refuses another secret, a changed id, expiry or signature, and garbage', async () => {
    const id = newInvitationId();
    const token = await signInvitationToken(secret, id, exp);
    const [i, e, s] = token.split('.') as [string, string, string];
    const flip = (x: string) => (x[0] === 'A' ? 'B' : 'A') + x.slice(1);
    expect(await verifyInvitationToken('other', token)).toEqual({ ok: false, reason: 'signature' });
    for (const bad of [`${flip(i)}.${e}.${s}`, `${i}.${(parseInt(e, 36) + 1).toString(36)}.${s}`, `${i}.${e}.${flip(s)}`]) {
      expect(await verifyInvitationToken(secret, bad)).toEqual({ ok: false, reason: 'signature' });
    }
    for (const bad of ['', 'abc', `${i}.${e}`, `${i}.${e}.${s}x`, `${i}.${e}.${s}.x`, '../../etc/passwd']) {
      expect(await verifyInvitationToken(secret, bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('derives one response id per invitation, shaped as a UUID', async () => {
    const a = await responseIdFor('inv-a');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await responseIdFor('inv-a')).toBe(a);
    expect(await responseIdFor('inv-b')).not.toBe(a);
  });
});
