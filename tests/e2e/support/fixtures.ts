import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { CollectorRequests } from './collector-requests.ts';

/**
 * Fixtures shared by the end-to-end tests. Every test gets a fresh browser context (so the
 * widget's localStorage — fatigue, outbox — never leaks between scenarios) and fails if any page
 * of that context throws an uncaught error.
 */
interface Fixtures {
  /** Requests the context made to the collector, in order. */
  collectorRequests: CollectorRequests;
  /** Uncaught page errors, checked after each test. */
  pageErrors: string[];
}

export const test = base.extend<Fixtures>({
  pageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on('weberror', (error) => errors.push(`${error.page()?.url() ?? '?'}: ${error.error().message}`));
      await use(errors);
      expect(errors, 'no uncaught error on any page').toEqual([]);
    },
    { auto: true },
  ],
  collectorRequests: async ({ context }, use) => {
    await use(new CollectorRequests(context));
  },
});

export { expect };

/** The widget's prompt for a moment (its host element; locators pierce the open shadow root). */
export function prompt(page: Page, momentId: string): Locator {
  return page.locator(`voix-prompt[data-moment="${momentId}"]`);
}

/** Calls `voix(...)` in the page, as the site's own code would. */
export async function callVoix(page: Page, ...args: unknown[]): Promise<void> {
  await page.evaluate((a) => (window as unknown as { voix: (...x: unknown[]) => void }).voix(...a), args);
}
