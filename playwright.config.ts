import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E, port } from './tests/e2e/support/env.ts';

/**
 * End-to-end tests in a real Chromium against a real collector with a fresh libSQL file per run.
 * `npm run test:e2e` builds the widget and the demo first; Playwright starts the collector.
 */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    const found = execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (found) return found;
  } catch {
    /* not on PATH */
  }
  return '/usr/bin/chromium';
}

mkdirSync('.tmp', { recursive: true });

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e-artifacts',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'npx tsx collector/src/node.ts',
    url: `${E2E.collector}/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      // A fresh database file per run (the runner evaluates this once and starts the server once).
      DATABASE_URL: `file:.tmp/e2e-${Date.now()}.db`,
      VOIX_DEMO_SITE_KEY: E2E.siteKey,
      VOIX_DEMO_SECRET_KEY: E2E.secretKey,
      VOIX_ACCEPT_HEADLESS: '1',
      PUBLIC_URL: E2E.collector,
      // Lets the widget tests create their own sites (POST /v1/admin/sites); see tests/e2e/pages/host.ts.
      VOIX_ADMIN_TOKEN: process.env.VOIX_ADMIN_TOKEN ?? 'e2e-admin-token-000000000000000001',
      // Channels (issue #7): invitations are sent every 500 ms to the SMTP server that
      // tests/e2e/channels.spec.ts starts on E2E port + 25.
      VOIX_DISPATCH_INTERVAL_MS: '500',
      SMTP_URL: `smtp://127.0.0.1:${port + 25}`,
      SMTP_FROM: 'Demo Shop <feedback@shop.example>',
    },
  },
});
