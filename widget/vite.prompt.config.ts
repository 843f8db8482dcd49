import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The prompt chunk: an ES module with a content-hashed name (`dist/prompt-[hash].js`), Preact
 * bundled in, imported by the loader on demand; it imports the words of a language other than
 * English from `dist/locale-<lang>-[hash].js`. Built first: it empties `dist/`, and
 * `vite.loader.config.ts` then reads the file name it produced.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    // Three entries, no code shared between them: the prompt UI, the rules (`src/rules.ts`) that
    // the loader imports once a trigger matches, to decide whether and which moment to show, and
    // the feedback tab (`src/tab.ts`), imported only by sites that declare one.
    lib: {
      entry: { prompt: 'src/prompt/index.tsx', rules: 'src/rules.ts', tab: 'src/tab.ts' },
      formats: ['es'],
      fileName: (_format, entry) => `${entry}-[hash].js`,
    },
    // Vite keeps whitespace in ES library builds; this chunk is served as is, so minify it fully.
    // Each language other than English is a tiny chunk of its own, imported beside the prompt.
    rolldownOptions: { output: { minify: true, comments: false, chunkFileNames: 'locale-[name]-[hash].js' } },
  },
});
