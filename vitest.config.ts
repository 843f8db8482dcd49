import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure functions, beside the file they test) and `integration`
 * (a real collector on a random port with a fresh libSQL file per test file).
 * End-to-end tests are Playwright's (playwright.config.ts).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'widget/src/**/*.test.ts', 'collector/src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
