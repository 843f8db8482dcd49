import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The demo shop and the owner's dashboard, built as plain multi-page HTML into `demo/dist`.
 * The collector serves that folder at `/demo/…` and, in every `.html` file, replaces
 * `__VOIX_SITE_KEY__` and `__VOIX_COLLECTOR__`. The install snippet is a classic script, which
 * Vite leaves as written (only `type="module"` scripts are bundled; it warns about the rest).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const pages = ['index', 'checkout', 'thanks', 'support', 'account', 'dashboard'];

/**
 * Shop pages share a header and a footer: `<!-- partial:header -->` is replaced at build time
 * by `partials/header.html`, with the link to the current page marked `aria-current="page"`.
 */
function partials(): Plugin {
  return {
    name: 'voix-demo-partials',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const page = basename(ctx.filename, '.html');
        return html.replace(/<!-- partial:([a-z-]+) -->/g, (_, name: string) =>
          readFileSync(`${root}partials/${name}.html`, 'utf8')
            .trim()
            .replace(`data-page="${page}"`, `data-page="${page}" aria-current="page"`),
        );
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/demo/',
  plugins: [partials()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The dashboard runs under `script-src 'self'`: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: Object.fromEntries(pages.map((page) => [page, `${root}${page}.html`])),
    },
  },
});
