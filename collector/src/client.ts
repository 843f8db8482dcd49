/**
 * A typed client for the Voix API (`@voix/collector/client`): a thin `fetch` wrapper, so it runs
 * in browsers, Node, Deno and Workers. Every non-2xx answer becomes a `VoixApiError` carrying the
 * API's error body.
 *
 *   const voix = createVoixClient({ baseUrl: 'https://voix.example', secretKey: 'sk_…' });
 *   const nps = await voix.aggregates({ metric: 'nps', groupBy: 'moment,week', tz: 'Europe/Paris' });
 */
import type { z } from 'zod';
import type { AggregateQueryInput, ErrorBody, PublicSiteConfig, SiteConfigInput, StoredResponse, WebhookEndpoint, WebhookEndpointInput } from '@voix/shared';
import type { DisplayPayload, ResponsePayload } from '@voix/shared';
import type { Aggregate } from './db/aggregates.ts';
import type { LiveEvent } from './live/bus.ts';

export type { Aggregate, AggregateGroup, Comparison, GroupKey } from './db/aggregates.ts';
export type { LiveEvent, StoredResponse, WebhookEndpoint };

export interface VoixClientOptions {
  baseUrl: string;
  /** Secret key `sk_…` for the read, export, stream and webhook APIs. */
  secretKey?: string;
  /** Instance admin token, for `admin.createSite`. */
  adminToken?: string;
  fetch?: typeof fetch;
}

export class VoixApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.name = 'VoixApiError';
  }
  get code() {
    return this.body?.error.code;
  }
}

/** Filters shared by aggregates and responses; `attr` becomes `attr.<name>=value` parameters. */
export interface Filters {
  moment?: string;
  stage?: string;
  channel?: string;
  locale?: string;
  /** ISO date or date-time, inclusive. */
  from?: string;
  /** ISO date or date-time, exclusive. */
  to?: string;
  attr?: Record<string, string>;
}
export type AggregatesParams = Omit<AggregateQueryInput, 'attr' | 'from' | 'to'> & Filters;
export type ResponsesParams = Filters & { metric?: 'nps' | 'csat' | 'ces'; limit?: number; cursor?: string };
export interface ResponsesPage {
  data: StoredResponse[];
  nextCursor: string | null;
}
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };
export interface WebhookDelivery {
  id: string;
  event: 'response.created' | 'response.detractor';
  responseId: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

function query(params: object): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (k === 'attr') for (const [name, value] of Object.entries(v as Record<string, string>)) out.set(`attr.${name}`, value);
    else out.set(k, String(v));
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}

export function createVoixClient(options: VoixClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;

  async function raw(path: string, init: RequestInit & { token?: string | undefined } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = 'token' in init ? init.token : options.secretKey;
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const res = await doFetch(`${base}${path}`, { ...init, headers });
    if (!res.ok && res.status !== 304) {
      let body: ErrorBody | null = null;
      try {
        body = (await res.json()) as ErrorBody;
      } catch {
        // Not JSON (a proxy in between): keep the status.
      }
      throw new VoixApiError(res.status, body);
    }
    return res;
  }
  async function json<T>(path: string, init?: RequestInit & { token?: string | undefined }): Promise<T> {
    const res = await raw(path, init);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
  const send = (method: string, body: unknown, extra: Record<string, string> = {}) => ({ method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...extra } });

  return {
    health: () => json<{ status: string }>('/v1/health'),
    openapi: () => json<Record<string, unknown>>('/v1/openapi.json'),

    /** Exact scores; the `Voix-Aggregate-Source` header is dropped (use `raw()` to see it). */
    aggregates: (params: AggregatesParams) => json<Aggregate>(`/v1/aggregates${query(params)}`),
    /** One page of responses, newest first. */
    responses: (params: ResponsesParams = {}) => json<ResponsesPage>(`/v1/responses${query({ ...params, format: 'json' })}`),
    /** Every matching response, streamed: the raw body of a CSV or NDJSON export. */
    export: async (params: Omit<ResponsesParams, 'limit' | 'cursor'> & { format: 'csv' | 'ndjson' }) => (await raw(`/v1/responses${query(params)}`)).body!,
    /** Every matching response as objects, read from a streamed NDJSON export. */
    async *exportAll(params: Omit<ResponsesParams, 'limit' | 'cursor'> = {}): AsyncGenerator<StoredResponse> {
      const body = (await raw(`/v1/responses${query({ ...params, format: 'ndjson' })}`)).body!;
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line) yield JSON.parse(line) as StoredResponse;
        }
        if (done) break;
      }
    },

    webhooks: {
      create: (input: WebhookEndpointInput) => json<CreatedWebhookEndpoint>('/v1/webhooks', send('POST', input)),
      list: () => json<{ data: WebhookEndpoint[] }>('/v1/webhooks'),
      delete: (id: string) => json<void>(`/v1/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
      deliveries: (id: string) => json<{ data: WebhookDelivery[] }>(`/v1/webhooks/${encodeURIComponent(id)}/deliveries`),
    },

    /** Public ingest, as the widget calls it (server-side callers must send an allowed `origin`). */
    ingest: {
      config: (siteKey: string) => json<PublicSiteConfig>(`/v1/sites/${encodeURIComponent(siteKey)}/config`, { token: undefined }),
      display: (payload: z.input<typeof DisplayPayload>, origin?: string) =>
        json<{ id: string; duplicate: boolean }>('/v1/displays', { ...send('POST', payload, origin ? { Origin: origin } : {}), token: undefined }),
      response: (payload: z.input<typeof ResponsePayload>, origin?: string) =>
        json<{ id: string; duplicate: boolean }>('/v1/responses', { ...send('POST', payload, origin ? { Origin: origin } : {}), token: undefined }),
    },

    admin: {
      createSite: (body: { name: string; origins: string[]; config?: SiteConfigInput }) =>
        json<{ siteKey: string; secretKey: string; origins: string[]; configVersion: number }>('/v1/admin/sites', { ...send('POST', body), token: options.adminToken }),
      putConfig: (siteKey: string, config: SiteConfigInput) =>
        json<{ siteKey: string; version: number; moments: number }>(`/v1/admin/sites/${encodeURIComponent(siteKey)}/config`, send('PUT', config)),
    },

    /** Any other call, authenticated like the others; errors still throw `VoixApiError`. */
    raw,
  };
}

export type VoixClient = ReturnType<typeof createVoixClient>;
