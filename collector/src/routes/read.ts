import { Hono } from 'hono';
import { AggregateQuery, ResponsesQuery } from '@voix/shared';
import { aggregate, RollupUnavailable } from '../db/aggregates.ts';
import { isValidCursor, listResponses } from '../db/responses.ts';
import { requireSecretKey } from '../http/auth.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { exportResponse } from './export.ts';
import type { AppEnv } from '../app.ts';

/** The read API: exact scores and the responses behind them, for the key's site. */
export const readRoutes = new Hono<AppEnv>();

// Middleware per route: a `use()` here would also catch every other /v1 path once mounted.
const auth = requireSecretKey('read');

readRoutes.get('/aggregates', auth, async (c) => {
  const parsed = AggregateQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  try {
    const { source, ...body } = await aggregate(c.var.deps.db, c.var.site!.id, parsed.data);
    c.header('Voix-Aggregate-Source', source);
    return c.json(body);
  } catch (err) {
    if (err instanceof RollupUnavailable) throw new ApiError(400, 'invalid_request', err.message, [{ path: 'source', message: err.message }]);
    throw err;
  }
});

readRoutes.get('/responses', auth, async (c) => {
  const parsed = ResponsesQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const q = parsed.data;
  if (q.cursor && !isValidCursor(q.cursor)) {
    throw new ApiError(400, 'invalid_request', 'Invalid cursor', [{ path: 'cursor', message: 'Use the nextCursor of a previous page' }]);
  }
  if (q.format !== 'json') return exportResponse(c, q);
  return c.json(await listResponses(c.var.deps.db, c.var.site!.id, q));
});
