import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Byte budgets of the widget (DESIGN.md: the widget never slows the host page), measured on the
 * built files as served: gzip level 9. Run `npm run build -w @voix/widget` first.
 */
const dist = new URL('../../widget/dist/', import.meta.url);
const LOADER_BUDGET = 4096;
const PROMPT_BUDGET = 10_240;
/** The rules chunk (audience, sampling, fatigue), imported once a trigger matches. */
const RULES_BUDGET = 2560;
/** The feedback tab, imported only by sites that declare one. */
const TAB_BUDGET = 1280;

function gzipped(name: string): number {
  return gzipSync(readFileSync(new URL(name, dist)), { level: 9 }).length;
}

function chunk(entry: 'prompt' | 'rules' | 'tab'): string {
  const names = existsSync(dist) ? readdirSync(dist).filter((name) => new RegExp(`^${entry}-[\\w-]+\\.js$`).test(name)) : [];
  if (names.length !== 1) {
    throw new Error(`Expected one widget/dist/${entry}-*.js, found ${names.length}: run npm run build first.`);
  }
  return names[0]!;
}
const promptChunk = () => chunk('prompt');

describe('widget size', () => {
  it(`loader widget.js is at most ${LOADER_BUDGET} B gzipped`, () => {
    if (!existsSync(new URL('widget.js', dist))) throw new Error('widget/dist/widget.js is missing: run npm run build first.');
    const size = gzipped('widget.js');
    expect(size, `widget.js is ${size} B gzipped, over its ${LOADER_BUDGET} B budget`).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it(`prompt chunk with the words of each language is at most ${PROMPT_BUDGET} B gzipped`, () => {
    const name = promptChunk();
    const locales = readdirSync(dist).filter((file) => /^locale-[a-z]+-[\w-]+\.js$/.test(file));
    expect(locales.map((file) => file.split('-')[1]).sort()).toEqual(['ar', 'de', 'en', 'es', 'fr']);
    for (const locale of locales) {
      const size = gzipped(name) + gzipped(locale);
      expect(size, `${name} + ${locale} is ${size} B gzipped, over the ${PROMPT_BUDGET} B budget`).toBeLessThanOrEqual(PROMPT_BUDGET);
    }
  });

  it(`feedback tab chunk is at most ${TAB_BUDGET} B gzipped`, () => {
    const name = chunk('tab');
    const size = gzipped(name);
    expect(size, `${name} is ${size} B gzipped, over its ${TAB_BUDGET} B budget`).toBeLessThanOrEqual(TAB_BUDGET);
  });

  it(`rules chunk is at most ${RULES_BUDGET} B gzipped`, () => {
    const name = chunk('rules');
    const size = gzipped(name);
    expect(size, `${name} is ${size} B gzipped, over its ${RULES_BUDGET} B budget`).toBeLessThanOrEqual(RULES_BUDGET);
  });
});
