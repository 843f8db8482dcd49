import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The prompt chunk: an ES module with a content-hashed name (`dist/prompt-[hash].js`), Preact
 * bundled in, imported by the loader on demand. Built first: it empties `dist/`, and
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
    lib: {
      entry: 'src/prompt/index.tsx',
      formats: ['es'],
      fileName: () => 'prompt-[hash].js',
    },
    // Vite keeps whitespace in ES library builds; this chunk is served as is, so minify it fully.
    rolldownOptions: { output: { minify: true, comments: false } },
  },
});
