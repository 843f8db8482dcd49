import { findSiteByKey } from './sites.ts';
import type { Db, Site } from './types.ts';

/**
 * Ingest reads the site (origins, config) on every request; this keeps each site for a short
 * time. Config applied through this process is seen at once (`forget`); other processes see it
 * within `ttlMs`. Unknown keys are cached too, so a flood of bad keys does not hit the database.
 */
export class SiteCache {
  private readonly entries = new Map<string, { site: Site | undefined; expires: number }>();

  constructor(private readonly db: Db, private readonly clock: () => number, private readonly ttlMs = 2000, private readonly maxEntries = 10_000) {}

  async get(siteKey: string): Promise<Site | undefined> {
    const now = this.clock();
    const hit = this.entries.get(siteKey);
    if (hit && hit.expires > now) return hit.site;
    const site = await findSiteByKey(this.db, siteKey);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(siteKey, { site, expires: now + this.ttlMs });
    return site;
  }

  forget(siteKey: string): void {
    this.entries.delete(siteKey);
  }
}
