import type { Benchmark, Difference, ErrorBody, Metric, PublicSiteConfig, Sector, StoredResponse, Summary } from '@voix/shared';

/**
 * The read API as the dashboard uses it: same origin, `Authorization: Bearer sk_…`.
 * Every failure becomes an `ApiError` carrying the API's own message (or a network message).
 */
export type GroupKey = string | null | Record<string, string | null>;

export interface Comparison extends Difference {
  previous: Summary & { from: string; to: string };
}

export type AggregateGroup = Summary & {
  key: GroupKey;
  /** Only with `groupBy=moment` (and filters that displays know about). */
  displays?: number;
  responseRate?: number | null;
  comparison?: Comparison;
};

export type Aggregate = Summary & { metric: Metric; groups?: AggregateGroup[]; comparison?: Comparison; benchmark?: Benchmark };

export interface ResponsesPage {
  data: StoredResponse[];
  nextCursor: string | null;
}

/** Filters every panel applies (`from` inclusive, `to` exclusive, ISO instants). */
export interface Filters {
  from?: string;
  to?: string;
  moment?: string;
  stage?: string;
  channel?: string;
  locale?: string;
}

export interface AggregateParams extends Filters {
  metric: Metric;
  /** One dimension or several, comma-separated: `moment`, `stage,moment`, `moment,day`… */
  groupBy?: string;
  tz?: string;
  compare?: 'previous';
  benchmark?: Sector;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function queryOf(params: object): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, String(value));
  return query;
}

export class ReadApi {
  constructor(readonly secretKey: string) {}

  aggregate(params: AggregateParams): Promise<Aggregate> {
    return this.get(`/v1/aggregates?${queryOf(params)}`);
  }

  responses(filters: Filters & { metric?: Metric }, limit: number): Promise<ResponsesPage> {
    return this.get(`/v1/responses?${queryOf({ ...filters, limit })}`);
  }

  /** Every response matching the filters as CSV, fetched with the key in a header (never in a URL). */
  async exportCsv(filters: Filters): Promise<{ blob: Blob; filename: string }> {
    const res = await this.fetch(`/v1/responses?${queryOf({ ...filters, format: 'csv' })}`, 'text/csv');
    if (!res.ok) await this.fail(res);
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `voix-responses-${new Date().toISOString().slice(0, 10)}.csv`;
    return { blob: await res.blob(), filename };
  }

  private async fetch(path: string, accept: string): Promise<Response> {
    try {
      return await fetch(path, { headers: { Authorization: `Bearer ${this.secretKey}`, Accept: accept }, cache: 'no-store' });
    } catch {
      throw new ApiError('The collector cannot be reached. Is it running?', 0, 'network');
    }
  }

  private async fail(res: Response): Promise<never> {
    const body: unknown = await res.json().catch(() => null);
    const error = (body as Partial<ErrorBody> | null)?.error;
    throw new ApiError(error?.message ?? `The collector answered ${res.status} ${res.statusText}.`, res.status, error?.code ?? 'http');
  }

  private async get<T>(path: string): Promise<T> {
    const res = await this.fetch(path, 'application/json');
    if (!res.ok) await this.fail(res);
    const body: unknown = await res.json().catch(() => null);
    if (body === null) throw new ApiError('The collector sent an unreadable answer.', res.status, 'invalid_json');
    return body as T;
  }
}

/**
 * The site's moments as the widget sees them (public config, read with the site key the collector
 * writes into the page). Lets the journey show moments that have no answer yet; null if unavailable.
 */
export async function fetchSiteConfig(siteKey: string | null): Promise<PublicSiteConfig | null> {
  if (!siteKey || !/^pk_[A-Za-z0-9]{8,64}$/.test(siteKey)) return null;
  try {
    const res = await fetch(`/v1/sites/${siteKey}/config`, { headers: { Accept: 'application/json' } });
    return res.ok ? ((await res.json()) as PublicSiteConfig) : null;
  } catch {
    return null;
  }
}
