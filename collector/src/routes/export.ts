import type { Context } from 'hono';
import type { ResponsesQuery } from '@voix/shared';
import { iterateResponses } from '../db/responses.ts';
import { csvHeader, csvLine } from '../export/csv.ts';
import type { AppEnv } from '../app.ts';

/** Rows fetched per database round trip while streaming an export. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Streams every matching response as CSV or NDJSON, newest first. One page of rows is read from
 * the database each time the client is ready for more (keyset pagination behind a pull-based
 * `ReadableStream`), so memory stays flat whatever the export's size, and a slow client slows
 * the reads instead of buffering them.
 */
export function exportResponse(c: Context<AppEnv>, q: ResponsesQuery): Response {
  const { db } = c.var.deps;
  const site = c.var.site!;
  const pages = iterateResponses(db, site.id, q, EXPORT_PAGE_SIZE);
  const encoder = new TextEncoder();
  const csv = q.format === 'csv';
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (csv && !headerSent) {
            headerSent = true;
            // UTF-8 BOM so spreadsheets read accents correctly.
            controller.enqueue(encoder.encode('\uFEFF' + csvHeader()));
            return;
          }
          const next = await pages.next();
          if (next.done) {
            controller.close();
            return;
          }
          const text = next.value.map((r) => (csv ? csvLine(r) : JSON.stringify(r) + '\n')).join('');
          controller.enqueue(encoder.encode(text));
        } catch (err) {
          c.var.deps.log({ level: 'error', msg: 'export failed', requestId: c.var.requestId, error: String(err) });
          controller.error(err);
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  const stamp = new Date(c.var.deps.clock()).toISOString().slice(0, 10);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="voix-responses-${stamp}.${csv ? 'csv' : 'ndjson'}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...Object.fromEntries(c.res.headers),
    },
  });
}
