import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Context } from 'hono';
import { errorBody, issuesFromZod, type ErrorCode, type ErrorIssue } from '@voix/shared';
import type { z } from 'zod';

/** An error with the API's one body shape; thrown anywhere, rendered by `onError`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
  }
}

export const badRequest = (message: string, issues?: ErrorIssue[]) => new ApiError(400, 'invalid_request', message, issues);

export function validationError(error: z.core.$ZodError, prefix: PropertyKey[] = []): ApiError {
  const issues = issuesFromZod(error, prefix);
  const first = issues[0];
  const message = first ? `Invalid ${first.path || 'body'}: ${first.message}` : 'Invalid request';
  return new ApiError(400, 'invalid_request', message, issues);
}

/** True when an error from the database driver means "locked, try again later". */
export function isBusyError(err: unknown): boolean {
  // Drizzle wraps driver errors; walk the `cause` chain.
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = String((e as { code?: string }).code ?? '') + ' ' + String((e as Error).message ?? '');
    if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(text)) return true;
  }
  return false;
}

export function renderError(err: unknown, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(errorBody(err.code, err.message, err.issues), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : status >= 500 ? 'internal' : 'invalid_request';
    return c.json(errorBody(code, err.message || 'Request failed'), status);
  }
  if (isBusyError(err)) {
    c.header('Retry-After', '2');
    return c.json(errorBody('busy', 'The database is busy; retry shortly'), 503);
  }
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', requestId: c.get('requestId' as never), error: String((err as Error)?.stack ?? err) }));
  return c.json(errorBody('internal', 'Internal error'), 500);
}
