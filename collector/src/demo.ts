import { eq } from 'drizzle-orm';
import type { SiteConfigInput } from '@voix/shared';
import { meta } from './db/schema.ts';
import { applyConfig, createSite, findSiteByKey } from './db/sites.ts';
import type { Db, Site } from './db/types.ts';

/**
 * The demo shop's moments: one per metric, at three stages of the journey, and a feedback tab on
 * every page that opens a fourth (no trigger: asked only when the customer clicks the tab).
 */
export const DEMO_CONFIG: SiteConfigInput = {
  brand: 'Demo Shop',
  defaultLocale: 'en',
  fatigue: { globalCooldownDays: 14, dismissCooldownDays: 30, maxPerSession: 1 },
  moments: [
    {
      id: 'post-checkout',
      stage: 'purchase',
      metric: 'csat',
      question: { en: 'How satisfied are you with your checkout?', fr: 'Êtes-vous satisfait de votre commande ?' },
      followUp: { en: 'What is the main reason for your score?', fr: 'Quelle est la raison principale de votre note ?' },
      trigger: { event: 'order_completed' },
      cooldownDays: 30,
      sample: 1,
    },
    {
      id: 'support-effort',
      stage: 'service',
      metric: 'ces',
      question: {
        en: 'The support team made it easy to solve my problem.',
        fr: "L'équipe support m'a facilité la résolution de mon problème.",
      },
      followUp: { en: 'What could we have done better?', fr: 'Que pourrions-nous améliorer ?' },
      trigger: { event: 'ticket_resolved' },
    },
    {
      id: 'relationship-nps',
      stage: 'recommendation',
      metric: 'nps',
      question: {
        en: 'How likely are you to recommend Demo Shop to a friend or colleague?',
        fr: 'Quelle est la probabilité que vous recommandiez Demo Shop à un ami ou un collègue ?',
      },
      // One follow-up per group of scores (issue #3): detractors, passives, promoters.
      followUp: [
        { scores: 'detractors', text: { en: 'What should we improve?', fr: 'Que devrions-nous améliorer ?' } },
        { scores: 'passives', text: { en: 'What is the main reason for your score?', fr: 'Quelle est la raison principale de votre note ?' } },
        { scores: 'promoters', text: { en: 'What did you like most?', fr: 'Qu’avez-vous le plus apprécié ?' } },
      ],
      trigger: { url: '/demo/account*' },
    },
    {
      id: 'site-feedback',
      stage: 'usage',
      metric: 'csat',
      question: { en: 'How satisfied are you with Demo Shop?', fr: 'Êtes-vous satisfait de Demo Shop ?' },
      followUp: { en: 'What could we do better?', fr: 'Que pourrions-nous améliorer ?' },
      cooldownDays: 0,
    },
  ],
  tab: { momentId: 'site-feedback' },
};

const DEMO_KEY = 'demo_site_key';

export interface DemoSite {
  site: Site;
  /** Set only when the site was created by this call (the secret is shown once). */
  secretKey?: string;
}

/** Returns the demo site, creating it with its config on first start. */
export async function ensureDemoSite(
  db: Db,
  opts: { origins: string[]; now: number; siteKey?: string; secretKey?: string },
): Promise<DemoSite> {
  const [row] = await db.select().from(meta).where(eq(meta.key, DEMO_KEY));
  const existing = row && (await findSiteByKey(db, row.value));
  if (existing) return { site: existing };
  const created = await createSite(db, { name: 'Demo Shop', origins: opts.origins, siteKey: opts.siteKey, secretKey: opts.secretKey, now: opts.now });
  const applied = await applyConfig(db, created.site, DEMO_CONFIG, opts.now);
  if (!applied.ok) throw new Error(`Demo config is invalid: ${applied.error.message}`);
  await db
    .insert(meta)
    .values({ key: DEMO_KEY, value: created.siteKey, updatedAt: opts.now })
    .onConflictDoUpdate({ target: meta.key, set: { value: created.siteKey, updatedAt: opts.now } });
  const site = (await findSiteByKey(db, created.siteKey))!;
  return { site, secretKey: created.secretKey };
}
