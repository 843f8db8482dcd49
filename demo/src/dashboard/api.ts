import type { ErrorBody, Metric, StoredResponse, Summary } from '@voix/shared';

/**
 * The read API as the dashboard uses it: same origin, `Authorization: Bearer sk_…`.
 * Every failure becomes an `ApiError` carrying the API's own message (or a network message).
 */
export type AggregateGroup = Summary & {
  key: string;
  /** Only with `groupBy=moment`. */
  displays?: number;
  responseRate?: number | null;
};

export type Aggregate = Summary & { metric: Metric; groups?: AggregateGroup[] };

export interface ResponsesPage {
  data: StoredResponse[];
  nextCursor: string | null;
}

export interface AggregateParams {
  metric: Metric;
  groupBy?: 'moment' | 'stage' | 'channel' | 'day' | 'week' | 'month';
  from?: string;
  to?: string;
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

export class ReadApi {
  constructor(private readonly secretKey: string) {}

  aggregate(params: AggregateParams): Promise<Aggregate> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
    return this.get(`/v1/aggregates?${query}`);
  }

  responses(limit: number): Promise<ResponsesPage> {
    return this.get(`/v1/responses?limit=${limit}`);
  }

  private async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, { headers: { Authorization: `Bearer ${this.secretKey}`, Accept: 'application/json' } });
    } catch {
      throw new ApiError('The collector cannot be reached. Is it running?', 0, 'network');
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const error = (body as Partial<ErrorBody> | null)?.error;
      throw new ApiError(error?.message ?? `The collector answered ${res.status} ${res.statusText}.`, res.status, error?.code ?? 'http');
    }
    if (body === null) throw new ApiError('The collector sent an unreadable answer.', res.status, 'invalid_json');
    return body as T;
  }
}
