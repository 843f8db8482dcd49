import { expect, type APIRequestContext } from '@playwright/test';
import type { Metric, StoredResponse, Summary } from '@voix/shared';
import { E2E } from './env.ts';

/** The read API as the owner's tools see it, authenticated with the demo site's secret key. */
export type Aggregate = Summary & {
  metric: Metric;
  groups: (Summary & { key: string; displays?: number; responseRate?: number | null })[];
};

export async function getJson<T>(request: APIRequestContext, path: string, secretKey: string = E2E.secretKey): Promise<{ status: number; body: T }> {
  const res = await request.get(`${E2E.collector}${path}`, { headers: { Authorization: `Bearer ${secretKey}` } });
  return { status: res.status(), body: (await res.json()) as T };
}

export async function aggregate(request: APIRequestContext, metric: Metric, query = ''): Promise<Aggregate> {
  const { status, body } = await getJson<Aggregate>(request, `/v1/aggregates?metric=${metric}${query}`);
  expect(status, `GET /v1/aggregates?metric=${metric}${query}`).toBe(200);
  return body;
}

export async function latestResponses(request: APIRequestContext, limit = 50): Promise<StoredResponse[]> {
  const { status, body } = await getJson<{ data: StoredResponse[]; nextCursor: string | null }>(request, `/v1/responses?limit=${limit}`);
  expect(status, 'GET /v1/responses').toBe(200);
  return body.data;
}
