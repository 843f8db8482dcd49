import { Hono } from 'hono';
import { builtInAsset } from '../http/asset.ts';
import { openApiDocument } from '../openapi/document.ts';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from '../openapi/docs-page.ts';
import type { AppEnv } from '../app.ts';

/** `GET /v1/openapi.json` and the self-contained reference page `GET /docs` (+ its script and style). */
export const docsRoutes = new Hono<AppEnv>();

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

docsRoutes.get('/v1/openapi.json', (c) => {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(openApiDocument());
});
docsRoutes.get('/docs', (c) => {
  c.header('Content-Security-Policy', CSP);
  return c.html(DOCS_HTML);
});
docsRoutes.get('/docs/app.js', builtInAsset('text/javascript', DOCS_JS));
docsRoutes.get('/docs/style.css', builtInAsset('text/css', DOCS_CSS));
