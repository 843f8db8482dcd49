import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '@voix/shared';
import { ApiError } from './errors.ts';

/**
 * Size limit applied to the raw bytes before anything is parsed (chunked bodies included),
 * answering the API's JSON error instead of Hono's plain-text default.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    c.json(errorBody('payload_too_large', `Body exceeds ${maxSize} bytes`, [{ path: 'body', message: `At most ${maxSize} bytes` }]), 413);
  const limit = bodyLimit({ maxSize, onError: tooLarge });
  return async function limitBodyMiddleware(c, next) {
    const encoding = c.req.header('content-encoding');
    if (encoding && encoding.toLowerCase() !== 'identity') {
      throw new ApiError(415, 'unsupported_media_type', 'Compressed bodies are not accepted', [
        { path: 'Content-Encoding', message: 'Send the body uncompressed' },
      ]);
    }
    // A declared length is the length (the HTTP parser frames the body by it): checked from the
    // header, so the body is read once, directly, by the handler. Streamed (chunked) bodies are
    // counted as they arrive by Hono's bodyLimit.
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && !c.req.header('transfer-encoding')) {
      return Number(length) > maxSize ? tooLarge(c) : next();
    }
    return limit(c, next);
  };
}

/**
 * Reads a JSON body whatever its Content-Type (`text/plain` from `sendBeacon` and
 * preflight-free `fetch`, or `application/json`). Invalid JSON is a 400 naming the body.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'The body is empty; expected JSON', [{ path: 'body', message: 'Expected a JSON object' }]);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON', [{ path: 'body', message: (err as Error).message.slice(0, 200) }]);
  }
}
