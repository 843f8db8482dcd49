import type { Context } from 'hono';

/** A handler serving a script or stylesheet built into the collector (no file system: Workers too), cached 5 minutes. */
export function builtInAsset(type: 'text/javascript' | 'text/css', body: string) {
  return (c: Context) => {
    c.header('Content-Type', `${type}; charset=utf-8`);
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body);
  };
}
