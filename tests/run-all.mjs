#!/usr/bin/env node
/**
 * `npm test`: builds the widget and the demo, then runs every suite — unit and integration
 * (Vitest) and end-to-end (Playwright, real Chromium) — and ends with one plain summary line,
 * `N passed, N failed`, also written to test-results/summary.txt for CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const steps = [];

function run(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  steps.push({ name, ok: res.status === 0, seconds });
  return res.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

// 1. Build what the end-to-end tests and the size checks load.
const built = run('build', 'npm', ['run', 'build', '--silent']);
if (!built) failed += 1;

// 2. Type check of the whole repository (strict TypeScript).
if (run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])) passed += 1;
else failed += 1;

// 3. Unit + integration (Vitest).
run('unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`]);
const vitest = readJson(`${results}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numRuntimeErrorTestSuites ?? 0) + (vitest.numFailedTestSuites && !vitest.numFailedTests ? vitest.numFailedTestSuites : 0);
} else failed += 1;

// 4. End-to-end (Playwright in Chromium), only on a successful build.
if (built) {
  run('end-to-end', 'npx', ['playwright', 'test']);
  const e2e = readJson(`${results}/e2e.json`);
  if (e2e?.stats) {
    passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
    failed += e2e.stats.unexpected;
  } else failed += 1;
  if (e2e?.errors?.length && !e2e.stats?.unexpected) failed += e2e.errors.length;
}

// 5. Crash test: kill -9 the collector three times under load (reference R1).
if (run('crash test (kill -9 ×3 under load)', 'npx', ['tsx', 'tests/crash/kill9.ts'])) passed += 1;
else failed += 1;

console.log('\nSteps:');
for (const s of steps) console.log(`  ${s.ok ? '✓' : '✗'} ${s.name} (${s.seconds}s)`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(`${results}/summary.txt`, summary + '\n');
console.log(`\n${summary}`);
process.exitCode = failed === 0 && passed > 0 && steps.every((s) => s.ok) ? 0 : 1;
if (!existsSync(`${results}/summary.txt`)) process.exitCode = 1;
