// Prints the raw, gzip (level 9) and brotli (quality 11) sizes of the built widget: `node widget/size.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('./dist/', import.meta.url);
const budgets = { loader: 4096, prompt: 10240, rules: 2560, tab: 1280, locale: 512 };

let files;
try {
  files = readdirSync(dist).filter((name) => name.endsWith('.js')).sort((a, b) => (a === 'widget.js' ? -1 : b === 'widget.js' ? 1 : 0));
} catch {
  console.error('widget/dist is missing: run npm run build -w @voix/widget first.');
  process.exit(1);
}

const rows = files.map((name) => {
  const bytes = readFileSync(new URL(name, dist));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const budget =
    name === 'widget.js' ? budgets.loader
    : name.startsWith('prompt-') ? budgets.prompt
    : name.startsWith('rules-') ? budgets.rules
    : name.startsWith('tab-') ? budgets.tab
    : name.startsWith('locale-') ? budgets.locale
    : undefined;
  return { file: name, raw: bytes.length, gzip, brotli, budget: budget ? `${gzip <= budget ? 'ok' : 'OVER'} ≤ ${budget}` : '' };
});
// The prompt budget covers Preact, the UI and the words in use: the chunk plus its largest locale.
const prompt = rows.find((r) => r.file.startsWith('prompt-'));
const locales = rows.filter((r) => r.file.startsWith('locale-'));
const inUse = [];
if (prompt && locales.length) {
  const largest = locales.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const gzip = prompt.gzip + largest.gzip;
  inUse.push({ file: `prompt + ${largest.file.split('-')[1]}`, raw: prompt.raw + largest.raw, gzip, brotli: prompt.brotli + largest.brotli, budget: `${gzip <= budgets.prompt ? 'ok' : 'OVER'} ≤ ${budgets.prompt}` });
}
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
rows.push(...inUse, { file: 'total', ...total, budget: '' });

const cols = ['file', 'raw', 'gzip', 'brotli', 'budget'];
const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (cells) => cells.map((cell, i) => (i === 0 || i === 4 ? String(cell).padEnd(width[i]) : String(cell).padStart(width[i]))).join('  ');
console.log(line(cols));
for (const row of rows) console.log(line(cols.map((c) => row[c])));
process.exitCode = rows.some((r) => r.budget.startsWith('OVER')) ? 1 : 0;
