/**
 * globalSetup of the vitest project `integration-workerd`: bundles the test Worker
 * (`workerd-entry.ts`) and applies the D1 migrations with `wrangler d1 migrations apply DB
 * --local` into a fresh `.tmp/workerd-…` persist dir, then starts one workerd server for the
 * run (Miniflare configured from wrangler.jsonc, as `wrangler dev` does), serving a snapshot of
 * widget/dist. Test files reach it through `startCollector()` (`collector.ts`) and run one at a time.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, applyMigrations, bundleTestWorker, startWorkerdServer } from './workerd.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the run's workerd server (project `integration-workerd` only). */
    voixWorkerdUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = join(ROOT, '.tmp', `workerd-${process.pid}-${Date.now().toString(36)}`);
  const started = Date.now();
  const [script] = await Promise.all([bundleTestWorker(join(dir, 'bundle')), applyMigrations(join(dir, 'state'))]);
  // The widget as built now: a rebuild during the run must not reload the server (see startWorkerdServer).
  const assets = join(dir, 'assets');
  mkdirSync(assets, { recursive: true });
  if (existsSync(join(ROOT, 'widget/dist'))) cpSync(join(ROOT, 'widget/dist'), assets, { recursive: true });
  const server = await startWorkerdServer({ script, persistTo: join(dir, 'state'), assets });
  console.log(`integration-workerd: workerd on ${server.url} (local D1), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('voixWorkerdUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
