import type { Audience, Moment } from '@voix/shared';
import { failingKey } from './conditions.ts';

/**
 * Who may be asked a moment: its audience rules (the identified customer's attributes, the page,
 * new or returning visitor) and its sticky sample, as pure functions.
 */

/** What the loader knows about the page, for audience rules. */
export interface Page {
  path: string;
  /** Host name of `document.referrer`, `""` when there is none. */
  referrer: string;
  device: 'mobile' | 'tablet' | 'desktop';
  /** Primary language subtag the widget speaks to this customer. */
  language: string;
}

/** What the audience rules read about the customer. */
export interface Customer {
  userId?: string | null | undefined;
  attributes?: Record<string, string | number | boolean | null> | undefined;
  visits?: number | undefined;
}

/** Why the audience rules leave this customer out (the rule that failed), or `undefined` when they are in. */
export function audienceFails(audience: Audience | undefined, customer: Customer, page: Page): string | undefined {
  if (!audience) return undefined;
  const { identified, visitor } = audience;
  if (identified !== undefined && !!customer.userId !== identified) return `identified is ${!identified}`;
  if (visitor && ((customer.visits ?? 1) > 1 ? 'returning' : 'new') !== visitor) return `visitor is not ${visitor}`;
  const attribute = failingKey(audience.attributes, customer.attributes);
  if (attribute) return `attributes.${attribute} (${customer.attributes?.[attribute] ?? 'none'})`;
  const fact = failingKey(audience.page, page);
  if (fact) return `page.${fact} (${page[fact as keyof Page] || 'none'})`;
  return undefined;
}

/** A stable number in [0, 1) for a string (FNV-1a, then murmur3's finaliser to spread the bits). */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 0x100000000;
}

/**
 * Sticky sampling: a customer (their user id once identified, else their anonymous id) is always
 * in or always out of a moment's sample; nothing is re-rolled per trigger.
 */
export function inSample(customerId: string, moment: Moment): boolean {
  return unitHash(`${customerId}:${moment.id}`) < (moment.sample ?? 1);
}
