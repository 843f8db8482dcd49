import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../collector/src/demo.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'voix-cli-'));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}` };
const voix = (...args: string[]) => run('node', ['collector/bin/voix.mjs', ...args], { env });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('voix CLI', () => {
  let siteKey = '';
  it('creates a site and prints its keys as JSON', async () => {
    const { stdout } = await voix('sites', 'create', '--name', 'Shop', '--origin', 'https://shop.example', '--origin', 'https://www.shop.example', '--json');
    const keys = JSON.parse(stdout);
    expect(keys.siteKey).toMatch(/^pk_[A-Za-z0-9]{24}$/);
    expect(keys.secretKey).toMatch(/^sk_[A-Za-z0-9]{40}$/);
    siteKey = keys.siteKey;
  });

  it('applies a valid config and refuses an invalid one with each field named', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(DEMO_CONFIG));
    const ok = await voix('config', 'apply', '--site', siteKey, good);
    expect(ok.stdout).toContain('config v1');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ brand: 'x', moments: [{ ...DEMO_CONFIG.moments[0], metric: 'stars', sample: 2 }] }));
    const err = await voix('config', 'apply', '--site', siteKey, bad).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('moments.0.metric');
    expect(err.stderr).toContain('moments.0.sample');
    expect(err.stderr).toContain('stays in force');
    const shown = JSON.parse((await voix('config', 'show', '--site', siteKey)).stdout);
    expect(shown.brand).toBe('Demo Shop');
  });

  it('diffs a document against the stored config without applying it', async () => {
    const next = join(dir, 'next.json');
    writeFileSync(next, JSON.stringify({ ...DEMO_CONFIG, moments: DEMO_CONFIG.moments.map((m) => (m.id === 'post-checkout' ? { ...m, cooldownDays: 7 } : m)) }));
    const { stdout } = await voix('config', 'diff', '--site', siteKey, next);
    expect(stdout).toContain('~ moments[post-checkout].cooldownDays: 30 → 7');
    const shown = JSON.parse((await voix('config', 'show', '--site', siteKey)).stdout);
    expect(shown.moments[0].cooldownDays).toBe(30);
  });

  it('explains a missing flag and an unknown command', async () => {
    const noOrigin = await voix('sites', 'create', '--name', 'x').catch((e) => e);
    expect(noOrigin.code).toBe(1);
    expect(noOrigin.stderr).toContain('--origin');
    const unknown = await voix('sites', 'explode').catch((e) => e);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage');
  });

  it('exports and erases a customer (GDPR), asking for confirmation first', async () => {
    const exported = JSON.parse((await voix('users', 'export', 'u-1', '--site', siteKey)).stdout);
    expect(exported).toEqual({ userId: 'u-1', preferredChannel: null, responses: [], invitations: [] });
    const unconfirmed = await voix('users', 'delete', 'u-1', '--site', siteKey).catch((e) => e);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect((await voix('users', 'delete', 'u-1', '--site', siteKey, '--yes')).stdout).toContain('0 responses');
  });

  it('rotates the secret key', async () => {
    const { stdout } = await voix('keys', 'rotate', '--site', siteKey, '--json');
    expect(JSON.parse(stdout).secretKey).toMatch(/^sk_/);
  });
});
