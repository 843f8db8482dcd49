import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';

/** The Workers static-assets binding (`assets.binding` in wrangler.jsonc), serving `widget/dist`. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/**
 * Serves the built widget (`/widget.js` and its content-hashed chunks) from the assets binding,
 * with the headers the Node entry sends (`node/static.ts`): CORS for the chunk's cross-origin
 * `import()`, a short cache on the loader's stable URL, an immutable one on hashed chunks.
 * Requests reach this only because `assets.run_worker_first` is true in wrangler.jsonc.
 */
export function assetRoutes(assets: AssetsBinding) {
  const routes = new Hono<AppEnv>();

  routes.get('/:file{[A-Za-z0-9._-]+\\.(js|mjs|map)}', async function widgetAsset(c) {
    const name = c.req.param('file');
    const res = await assets.fetch(c.req.raw);
    if (res.status !== 200 && res.status !== 304) return c.notFound();
    const headers = new Headers(res.headers);
    headers.set('Cache-Control', name === 'widget.js' ? 'public, max-age=300' : 'public, max-age=31536000, immutable');
    headers.set('Access-Control-Allow-Origin', '*');
    if (res.status === 200) headers.set('Content-Type', name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8');
    return new Response(res.body, { status: res.status, headers });
  });

  return routes;
}
