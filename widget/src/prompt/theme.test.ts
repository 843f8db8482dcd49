import { describe, expect, it } from 'vitest';
import { luminance, textOn } from './theme.ts';

/** WCAG 2.2 contrast ratio of two relative luminances. */
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('text on the brand colour', () => {
  it('computes relative luminance as WCAG does', () => {
    expect(luminance('#000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 10);
    expect(luminance('#777')).toBeCloseTo(0.1845, 3);
  });

  it.each(['#1d4ed8', '#7c3aed', '#ffd400', '#777777', '#808080', '#00ff00', '#e11d48', '#0f0', '#123', '#fafafa'])(
    '%s gets black or white text with contrast ≥ 4.5:1',
    (colour) => {
      const text = textOn(colour);
      expect(['#000', '#fff']).toContain(text);
      expect(contrast(luminance(colour), luminance(text))).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('picks whichever contrasts more, for every grey', () => {
    for (let v = 0; v < 256; v++) {
      const grey = `#${v.toString(16).padStart(2, '0').repeat(3)}`;
      const l = luminance(grey);
      const best = Math.max(contrast(l, 0), contrast(l, 1));
      expect(contrast(l, luminance(textOn(grey)))).toBeCloseTo(best, 10);
    }
  });
});
