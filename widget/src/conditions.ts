import type { Condition, PropertyConditions } from '@voix/shared';

/**
 * Rules on named values, shared by event triggers (`where` on the event's properties) and
 * audiences (the customer's attributes, the page): a literal means equals; an object's rules
 * (`equals`, `in`, `gte`, `lte`, `exists`) must all hold. `gte`/`lte` only match numbers.
 */

export function conditionHolds(value: unknown, cond: Condition): boolean {
  if (cond === null || typeof cond !== 'object') return value === cond;
  const present = value !== undefined && value !== null && value !== '';
  if (cond.exists !== undefined && present !== cond.exists) return false;
  if (cond.equals !== undefined && value !== cond.equals) return false;
  if (cond.in !== undefined && !cond.in.includes(value as never)) return false;
  if (cond.gte !== undefined && !(typeof value === 'number' && value >= cond.gte)) return false;
  if (cond.lte !== undefined && !(typeof value === 'number' && value <= cond.lte)) return false;
  return true;
}

/** The first key whose condition fails, or `undefined` when they all hold. */
export function failingKey(where: Partial<PropertyConditions> | undefined, values: object = {}): string | undefined {
  return Object.keys(where || {}).find((key) => !conditionHolds((values as Record<string, unknown>)[key], where![key]!));
}

export function whereHolds(where: PropertyConditions | undefined, values: object = {}): boolean {
  return !failingKey(where, values);
}
