import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Audience, Moment } from '@voix/shared';
import { audienceFails, inSample, unitHash, type Page } from './audience.ts';

const page: Page = { path: '/account', referrer: 'www.google.com', device: 'desktop', language: 'fr' };
const pro = { userId: 'u-1', attributes: { plan: 'pro', segment: 'b2b', lifetimeValue: 1200 }, visits: 3 };

describe('audience rules', () => {
  it('no audience: everybody', () => {
    expect(audienceFails(undefined, {}, page)).toBeUndefined();
  });

  it('attributes: equals, in, gte, lte, exists', () => {
    const audience: Audience = { attributes: { plan: { in: ['pro', 'team'] }, lifetimeValue: { gte: 1000, lte: 5000 }, segment: 'b2b', churned: { exists: false } } };
    expect(audienceFails(audience, pro, page)).toBeUndefined();
    expect(audienceFails(audience, { ...pro, attributes: { ...pro.attributes, plan: 'free' } }, page)).toBe('attributes.plan (free)');
    expect(audienceFails(audience, { ...pro, attributes: { ...pro.attributes, lifetimeValue: 10 } }, page)).toBe('attributes.lifetimeValue (10)');
    expect(audienceFails(audience, { ...pro, attributes: { ...pro.attributes, churned: true } }, page)).toBe('attributes.churned (true)');
    expect(audienceFails(audience, {}, page)).toBe('attributes.plan (none)');
  });

  it('the page: path, referrer, device, language', () => {
    expect(audienceFails({ page: { path: '/account', referrer: { exists: true }, device: { in: ['desktop', 'tablet'] }, language: 'fr' } }, pro, page)).toBeUndefined();
    expect(audienceFails({ page: { device: 'mobile' } }, pro, page)).toBe('page.device (desktop)');
    expect(audienceFails({ page: { referrer: { exists: false } } }, pro, page)).toBe('page.referrer (www.google.com)');
    expect(audienceFails({ page: { referrer: { exists: true } } }, pro, { ...page, referrer: '' })).toBe('page.referrer (none)');
    expect(audienceFails({ page: { language: { in: ['en'] } } }, pro, page)).toBe('page.language (fr)');
  });

  it('new and returning visitors; identified or anonymous customers', () => {
    expect(audienceFails({ visitor: 'new' }, { visits: 1 }, page)).toBeUndefined();
    expect(audienceFails({ visitor: 'new' }, { visits: 2 }, page)).toBe('visitor is not new');
    expect(audienceFails({ visitor: 'returning' }, { visits: 2 }, page)).toBeUndefined();
    expect(audienceFails({ visitor: 'returning' }, {}, page)).toBe('visitor is not returning');
    expect(audienceFails({ identified: true }, pro, page)).toBeUndefined();
    expect(audienceFails({ identified: true }, { userId: null }, page)).toBe('identified is false');
    expect(audienceFails({ identified: false }, pro, page)).toBe('identified is true');
  });
});

describe('sticky sampling', () => {
  const moment = (sample: number) => ({ id: 'sampled', sample }) as Moment;

  it('decides once per customer: the same id gets the same answer every time', () => {
    const m = moment(0.5);
    for (let i = 0; i < 100; i++) {
      const id = randomUUID();
      const first = inSample(id, m);
      for (let j = 0; j < 5; j++) expect(inSample(id, m)).toBe(first);
    }
    expect(unitHash('abc')).toBe(unitHash('abc'));
  });

  it.each([0.1, 0.3, 0.5, 0.9])('asks %s of 10,000 simulated customers, within ±2 points', (sample) => {
    const m = moment(sample);
    let asked = 0;
    for (let i = 0; i < 10_000; i++) if (inSample(randomUUID(), m)) asked++;
    expect(Math.abs(asked / 10_000 - sample)).toBeLessThanOrEqual(0.02);
  });

  it('also spreads sequential, look-alike user ids', () => {
    const m = moment(0.25);
    let asked = 0;
    for (let i = 0; i < 10_000; i++) if (inSample(`user-${i}`, m)) asked++;
    expect(Math.abs(asked / 10_000 - 0.25)).toBeLessThanOrEqual(0.02);
  });

  it('is independent between moments', () => {
    const a = { id: 'a', sample: 0.5 } as Moment;
    const b = { id: 'b', sample: 0.5 } as Moment;
    let both = 0;
    for (let i = 0; i < 10_000; i++) {
      const id = `user-${i}`;
      if (inSample(id, a) && inSample(id, b)) both++;
    }
    expect(Math.abs(both / 10_000 - 0.25)).toBeLessThanOrEqual(0.02);
  });

  it('0 asks nobody and 1 asks everybody', () => {
    expect(inSample(randomUUID(), moment(0))).toBe(false);
    expect(inSample(randomUUID(), moment(1))).toBe(true);
  });
});
