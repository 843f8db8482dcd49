import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Pages of the owner's own (dashboard) get a strict CSP; the demo shop pages play a customer's site. */
const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

async function readInside(root: string, urlPath: string): Promise<{ body: Buffer; path: string } | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, rel));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const s = await stat(path);
    const file = s.isDirectory() ? join(path, 'index.html') : path;
    return { body: await readFile(file), path: file };
  } catch {
    return undefined;
  }
}

export interface StaticOptions {
  widgetDir: string;
  demoDir: string;
  /** Values substituted into the demo pages. */
  demo: { siteKey: string; publicUrl: string } | undefined;
}

/** Serves the built widget at `/` and the built demo shop and dashboard at `/demo/` (Node only). */
export function staticRoutes(opts: StaticOptions) {
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) => c.redirect('/demo/'));

  routes.get('/demo/*', async (c) => {
    if (!opts.demo) return c.notFound();
    const found = await readInside(opts.demoDir, c.req.path.slice('/demo'.length) || '/');
    if (!found) return c.notFound();
    const type = TYPES[extname(found.path)] ?? 'application/octet-stream';
    c.header('Content-Type', type);
    if (found.path.endsWith('.html')) {
      c.header('Cache-Control', 'no-cache');
      if (found.path.endsWith('dashboard.html')) c.header('Content-Security-Policy', DASHBOARD_CSP);
      const html = found.body
        .toString('utf8')
        .replaceAll('__VOIX_SITE_KEY__', opts.demo.siteKey)
        .replaceAll('__VOIX_COLLECTOR__', opts.demo.publicUrl);
      return c.body(html);
    }
    c.header('Cache-Control', found.path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(new Uint8Array(found.body));
  });

  routes.get('/:file{[A-Za-z0-9._-]+\\.(js|mjs|map)}', async (c) => {
    const name = c.req.param('file');
    const found = await readInside(opts.widgetDir, `/${name}`);
    if (!found) return c.notFound();
    c.header('Content-Type', TYPES[extname(name)]!);
    // The loader keeps a stable URL and a short cache; chunks are content-hashed.
    c.header('Cache-Control', name === 'widget.js' ? 'public, max-age=300' : 'public, max-age=31536000, immutable');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(new Uint8Array(found.body));
  });

  return routes;
}
