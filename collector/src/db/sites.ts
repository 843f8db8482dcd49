import { and, eq, isNull, max } from 'drizzle-orm';
import type { ZodError } from 'zod';
import { SiteConfig, type SiteConfigInput } from '@voix/shared';
import { keyPrefix, newSecretKey, newSiteKey, sha256Hex, timingSafeEqual } from '../keys.ts';
import { secretKeys, siteConfigs, sites } from './schema.ts';
import type { Db, Site } from './types.ts';

/** Normalises `https://Shop.example/path` to `https://shop.example`; throws on anything else. */
export function normalizeOrigin(input: string): string {
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Origin must be http(s): ${input}`);
  return url.origin;
}

export interface CreatedSite {
  site: Site;
  siteKey: string;
  /** Shown once; only its hash is stored. */
  secretKey: string;
}

export async function createSite(
  db: Db,
  input: { name: string; origins: string[]; siteKey?: string; secretKey?: string; now: number },
): Promise<CreatedSite> {
  const siteKey = input.siteKey ?? newSiteKey();
  const secretKey = input.secretKey ?? newSecretKey();
  const origins = [...new Set(input.origins.map(normalizeOrigin))];
  const [site] = await db
    .insert(sites)
    .values({ siteKey, name: input.name, origins, createdAt: input.now })
    .returning();
  await db.insert(secretKeys).values({
    siteId: site!.id,
    hash: await sha256Hex(secretKey),
    prefix: keyPrefix(secretKey),
    scope: 'admin',
    createdAt: input.now,
  });
  return { site: site!, siteKey, secretKey };
}

export async function findSiteByKey(db: Db, siteKey: string): Promise<Site | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.siteKey, siteKey)).limit(1);
  return site;
}

export async function listSites(db: Db): Promise<Site[]> {
  return db.select().from(sites).orderBy(sites.id);
}

/** The site a secret key belongs to, or undefined for an unknown or revoked key. */
export async function findSiteBySecret(db: Db, secret: string): Promise<{ site: Site; scope: 'admin' | 'read' } | undefined> {
  const hash = await sha256Hex(secret);
  const [row] = await db
    .select({ site: sites, hash: secretKeys.hash, scope: secretKeys.scope })
    .from(secretKeys)
    .innerJoin(sites, eq(sites.id, secretKeys.siteId))
    .where(and(eq(secretKeys.hash, hash), isNull(secretKeys.revokedAt)))
    .limit(1);
  if (!row || !timingSafeEqual(row.hash, hash)) return undefined;
  return { site: row.site, scope: row.scope };
}

/** Revokes every live secret key of the site and issues a new one (shown once). */
export async function rotateSecretKey(db: Db, siteId: number, now: number, scope: 'admin' | 'read' = 'admin'): Promise<string> {
  const secretKey = newSecretKey();
  await db.batch([
    db.update(secretKeys).set({ revokedAt: now }).where(and(eq(secretKeys.siteId, siteId), eq(secretKeys.scope, scope), isNull(secretKeys.revokedAt))),
    db.insert(secretKeys).values({ siteId, hash: await sha256Hex(secretKey), prefix: keyPrefix(secretKey), scope, createdAt: now }),
  ]);
  return secretKey;
}

export type ApplyResult = { ok: true; version: number; config: SiteConfig } | { ok: false; error: ZodError };

/**
 * Validates a config document and stores it as the site's new version. On failure nothing is
 * written and the previous config stays in force.
 */
export async function applyConfig(db: Db, site: Site, document: unknown, now: number): Promise<ApplyResult> {
  const parsed = SiteConfig.safeParse(document);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const config = parsed.data;
  const [last] = await db.select({ v: max(siteConfigs.version) }).from(siteConfigs).where(eq(siteConfigs.siteId, site.id));
  const version = (last?.v ?? 0) + 1;
  await db.batch([
    db.insert(siteConfigs).values({ siteId: site.id, version, document: config, createdAt: now }),
    db.update(sites).set({ config, configVersion: version }).where(eq(sites.id, site.id)),
  ]);
  return { ok: true, version, config };
}

export function siteConfigOf(site: Site): SiteConfig | null {
  return (site.config as SiteConfig | null) ?? null;
}

export type { SiteConfigInput };
