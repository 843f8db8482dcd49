import { describe, expect, it } from 'vitest';
import { diffConfig, formatChanges } from './config-diff.ts';

describe('diffConfig', () => {
  const base = {
    brand: 'Shop',
    moments: [
      { id: 'a', metric: 'nps', cooldownDays: 30 },
      { id: 'b', metric: 'csat', cooldownDays: 90 },
    ],
  };
  it('matches moments by id and names each changed leaf', () => {
    const next = { brand: 'Shop', moments: [{ id: 'b', metric: 'csat', cooldownDays: 14 }, { id: 'c', metric: 'ces' }] };
    const text = formatChanges(diffConfig(base, next));
    expect(text).toContain('~ moments[b].cooldownDays: 90 → 14');
    expect(text).toContain('- moments[a]:');
    expect(text).toContain('+ moments[c]:');
    expect(text).not.toContain('brand');
  });
  it('says when nothing changes, and treats no stored config as empty', () => {
    expect(formatChanges(diffConfig(base, structuredClone(base)))).toBe('No changes.');
    expect(diffConfig(null, { brand: 'x' })).toEqual([{ kind: 'added', path: 'brand', after: 'x' }]);
  });
  it('reports a reorder of moments', () => {
    const swapped = { ...base, moments: [base.moments[1], base.moments[0]] };
    expect(formatChanges(diffConfig(base, swapped))).toContain('moments (order)');
  });
});
