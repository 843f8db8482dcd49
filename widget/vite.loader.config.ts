import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The loader: `dist/widget.js`, a classic script (IIFE) that site owners paste. Runs after
 * `vite.prompt.config.ts` and injects the hashed file names of the prompt, rules and feedback tab
 * chunks as `__VOIX_PROMPT__`, `__VOIX_RULES__` and `__VOIX_TAB__`.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

function chunk(entry: 'prompt' | 'rules' | 'tab'): string {
  const dir = fileURLToPath(new URL('dist/', import.meta.url));
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => new RegExp(`^${entry}-[\\w-]+\\.js$`).test(name));
  } catch {
    // Reported below.
  }
  if (names.length !== 1) {
    throw new Error(`Expected one dist/${entry}-*.js, found ${names.length}: build the chunks first (vite.prompt.config.ts).`);
  }
  return names[0]!;
}

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  define: { __VOIX_PROMPT__: JSON.stringify(chunk('prompt')), __VOIX_RULES__: JSON.stringify(chunk('rules')), __VOIX_TAB__: JSON.stringify(chunk('tab')) },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // ES2020: `import()` of the prompt needs it anyway; `??` and `?.` stay short.
    target: 'es2020',
    minify: true,
    sourcemap: false,
    lib: {
      entry: 'src/loader.ts',
      formats: ['iife'],
      name: 'voixLoader',
      fileName: () => 'widget.js',
    },
  },
});
