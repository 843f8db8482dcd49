/**
 * Where the end-to-end collector runs and the demo site's keys (passed to it at start-up, so the
 * tests know them). The shop is opened from 127.0.0.1 and the collector is localhost: two
 * origins, as on a customer's site.
 */
export const port = Number(process.env.E2E_PORT ?? 8797);

export const E2E = {
  collector: `http://localhost:${port}`,
  shop: `http://127.0.0.1:${port}/demo`,
  siteKey: 'pk_e2etestsite0001',
  secretKey: 'sk_e2etestsecret000000000000000001',
} as const;
