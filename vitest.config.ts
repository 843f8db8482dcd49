import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure functions, beside the file they test), `integration` (a real
 * collector on a random port with a fresh libSQL file per test file) and `integration-workerd`
 * (the same test files against the Worker in workerd with a local D1, as under `wrangler dev`).
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
      {
        test: {
          name: 'integration-workerd',
          include: ['tests/integration/**/*.test.ts'],
          // The CLI test drives the Node CLI on a libSQL file; it has no collector to retarget.
          exclude: ['tests/integration/cli.test.ts'],
          environment: 'node',
          env: { VOIX_TARGET: 'workerd' },
          // Bundles the Worker, applies the D1 migrations (wrangler d1 migrations apply --local)
          // and starts one workerd server for the run.
          globalSetup: ['tests/integration/workerd-setup.ts'],
          // The files share that server (each empties the tables first): one at a time.
          fileParallelism: false,
          // Generous: tests that seed through `c.db` go over HTTP to D1 statement by statement.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
