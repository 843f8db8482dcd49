import { readdirSync } from 'node:fs';

/**
 * The URL path of the built prompt chunk (`/prompt-[hash].js`, served by `node/static.ts`), found
 * by listing `widget/dist` (its name changes with every build); undefined before a build.
 */
export function promptChunkFinder(widgetDir: string): () => string | undefined {
  let cached: { at: number; path: string | undefined } | undefined;
  return function promptScript() {
    const now = Date.now();
    if (cached && now - cached.at < 5_000) return cached.path;
    let path: string | undefined;
    try {
      const name = readdirSync(widgetDir).find((n) => /^prompt-[\w-]+\.js$/.test(n));
      path = name && `/${name}`;
    } catch {
      path = undefined;
    }
    cached = { at: now, path };
    return path;
  };
}
