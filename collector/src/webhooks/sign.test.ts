import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './sign.ts';

describe('Standard Webhooks signature', () => {
  it('matches the specification’s test vector', async () => {
    // From the Standard Webhooks reference libraries' test suite.
    const sig = await signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('agrees with node:crypto on random input', async () => {
    const raw = Buffer.from(crypto.getRandomValues(new Uint8Array(32)));
    const body = JSON.stringify({ type: 'response.created', text: 'Très bien « ok » 👍' });
    const expected = createHmac('sha256', raw).update(`msg_1.1700000000.${body}`).digest('base64');
    expect(await signWebhook(`whsec_${raw.toString('base64')}`, 'msg_1', 1700000000, body)).toBe(`v1,${expected}`);
  });
});
