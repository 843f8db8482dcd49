import { describe, expect, it } from 'vitest';
import { Moment } from '@voix/shared';
import { invitation, type LoaderFacts } from './rules.ts';
import type { State } from './engine.ts';

const moment = Moment.parse({
  id: 'delivery',
  stage: 'purchase',
  metric: 'csat',
  question: { en: 'How was your delivery?' },
  trigger: { event: 'delivered' },
  channels: ['inpage', 'email', 'sms'],
});
const facts = (locales: (string | undefined)[]): LoaderFacts => ({ now: 0, promptedThisPageView: false, consent: undefined, view: 1, locales });
const customer = (attributes: State['attributes']): State => ({ anonymousId: 'anon-1', userId: 'u-1', asked: {}, dismissed: {}, attributes });

describe('invitation (the channel a moment goes out on)', () => {
  it('stays in the page unless the customer prefers a channel the moment allows', () => {
    expect(invitation(moment, customer({ email: 'a@example.com' }), facts([]))).toBeUndefined();
    expect(invitation(moment, customer({ preferredChannel: 'whatsapp', email: 'a@example.com' }), facts([]))).toBeUndefined();
  });

  it('asks for an email invitation in the customer’s language, with the request’s fields only', () => {
    const attributes = { email: 'a@example.com', plan: 'pro', preferredChannel: 'email' };
    expect(invitation(moment, customer(attributes), facts([undefined, 'fr', 'en-US']))).toEqual({
      momentId: 'delivery',
      anonymousId: 'anon-1',
      userId: 'u-1',
      channel: 'email',
      email: 'a@example.com',
      phone: undefined,
      preferredChannel: 'email',
      locale: 'fr',
    });
  });

  it('never sends what the collector would refuse: a malformed language or a non-text preference', () => {
    const email = invitation({ ...moment, channels: ['email'] }, customer({ email: 'a@example.com', preferredChannel: 3 }), facts(['fr_FR']))!;
    expect(email).toMatchObject({ channel: 'email', preferredChannel: undefined, locale: undefined });
  });
});
