/**
 * The Node entry (`collector/src/node.ts`) as a process of its own, as `npm start` runs it: for
 * the crash test, the ingest benchmark and the tests of what only the entry does (static pages,
 * request logs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts the entry on `port` with `env` added to this process's; stdout ignored unless piped. */
export function spawnNodeEntry(port: number, env: Record<string, string>, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'collector/src/node.ts'], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
}

/** Resolves once `GET /v1/ready` answers 200 (polled every 100 ms, 30 s at most). */
export async function waitUntilReady(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/v1/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the collector at ${base} did not become ready`);
}
