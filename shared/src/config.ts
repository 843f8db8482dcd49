import { z } from 'zod';
import { METRICS, STAGES } from './scales.ts';

/**
 * The site config document: the journey moments a site owner measures, and the fatigue rules
 * that protect customers from being over-asked. Applied with `voix config apply` or the admin
 * API; the widget fetches the public view from `GET /v1/sites/{siteKey}/config`.
 * Unknown keys are refused so that a typo never silently disables a rule.
 */

/** BCP 47-ish language tag: `en`, `fr`, `pt-BR`, `zh-Hant`. */
export const LocaleTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a language tag such as "en", "fr" or "pt-BR"');

/** Text per locale, e.g. `{ "en": "How satisfied…", "fr": "Êtes-vous satisfait…" }`. */
export const LocalizedText = z
  .record(LocaleTag, z.string().trim().min(1, 'Text must not be empty').max(500))
  .refine((v) => Object.keys(v).length > 0, 'At least one locale is required');
export type LocalizedText = z.infer<typeof LocalizedText>;

export const MomentId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected lowercase letters, digits, "-" or "_" (at most 64)');

const Comparable = z.union([z.string().max(200), z.number().finite(), z.boolean()]);
/** Conditions on event properties: `{ "total": { "gte": 100 } }` or `{ "plan": "pro" }`. */
export const PropertyConditions = z.record(
  z.string().min(1).max(64),
  z.union([
    Comparable,
    z.strictObject({
      equals: Comparable.optional(),
      in: z.array(Comparable).max(100).optional(),
      gte: z.number().finite().optional(),
      lte: z.number().finite().optional(),
      exists: z.boolean().optional(),
    }),
  ]),
);

export const EventTrigger = z.strictObject({
  /** Fires on `voix('track', event, properties)`. */
  event: z.string().min(1).max(64),
  where: PropertyConditions.optional(),
  delaySeconds: z.number().min(0).max(3600).optional(),
});

export const UrlTrigger = z.strictObject({
  /** Path pattern matched against `location.pathname` (glob by default: `*` any characters). */
  url: z.string().min(1).max(500),
  match: z.enum(['exact', 'prefix', 'glob', 'regex']).default('glob'),
  delaySeconds: z.number().min(0).max(3600).optional(),
});

export const Trigger = z.union([EventTrigger, UrlTrigger]);
export type Trigger = z.infer<typeof Trigger>;

export const Moment = z.strictObject({
  id: MomentId,
  stage: z.enum(STAGES),
  metric: z.enum(METRICS),
  question: LocalizedText,
  /** Optional free-text question shown after the score. */
  followUp: LocalizedText.optional(),
  trigger: z.union([Trigger, z.array(Trigger).min(1).max(10)]),
  /** Days before the same customer can be asked this moment again. */
  cooldownDays: z.number().min(0).max(3650).default(90),
  /** Share of customers asked, 0…1, decided once per customer. */
  sample: z.number().min(0).max(1).default(1),
  /** Higher wins when two moments fire together. */
  priority: z.number().int().min(-100).max(100).default(0),
});
export type Moment = z.infer<typeof Moment>;

export const Fatigue = z.strictObject({
  /** At most one prompt across all moments per this many days. */
  globalCooldownDays: z.number().min(0).max(3650).default(14),
  /** After a dismissal, the dismissed moment waits this many days. */
  dismissCooldownDays: z.number().min(0).max(3650).default(30),
});

export const Privacy = z.strictObject({
  /** Ask nobody whose browser sends Do Not Track or Global Privacy Control (widget and collector). */
  respectDoNotTrack: z.boolean().default(false),
  /** Ask only after the page calls `voix('consent', true)`. */
  requireConsent: z.boolean().default(false),
  /** Delete answers older than this many days (counts in rollups are kept); unset keeps them. */
  retentionDays: z.number().int().min(1).max(3650).optional(),
});

export const SiteConfig = z
  .strictObject({
    brand: z.string().trim().min(1).max(100),
    defaultLocale: LocaleTag.default('en'),
    fatigue: Fatigue.default({ globalCooldownDays: 14, dismissCooldownDays: 30 }),
    privacy: Privacy.default({ respectDoNotTrack: false, requireConsent: false }),
    moments: z.array(Moment).max(100),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.moments.forEach((moment, i) => {
      if (seen.has(moment.id)) {
        ctx.addIssue({ code: 'custom', path: ['moments', i, 'id'], message: `Duplicate moment id "${moment.id}"` });
      }
      seen.add(moment.id);
      if (!(doc.defaultLocale in moment.question)) {
        ctx.addIssue({
          code: 'custom',
          path: ['moments', i, 'question', doc.defaultLocale],
          message: `Missing text in the default locale "${doc.defaultLocale}"`,
        });
      }
      if (moment.followUp && !(doc.defaultLocale in moment.followUp)) {
        ctx.addIssue({
          code: 'custom',
          path: ['moments', i, 'followUp', doc.defaultLocale],
          message: `Missing text in the default locale "${doc.defaultLocale}"`,
        });
      }
      const triggers = Array.isArray(moment.trigger) ? moment.trigger : [moment.trigger];
      triggers.forEach((t, j) => {
        if ('url' in t && t.match === 'regex') {
          try {
            new RegExp(t.url);
          } catch {
            const path = Array.isArray(moment.trigger) ? ['moments', i, 'trigger', j, 'url'] : ['moments', i, 'trigger', 'url'];
            ctx.addIssue({ code: 'custom', path, message: 'Invalid regular expression' });
          }
        }
      });
    });
  });
/** The document as written by the owner (defaults optional). */
export type SiteConfigInput = z.input<typeof SiteConfig>;
/** The document after validation, defaults filled in. */
export type SiteConfig = z.infer<typeof SiteConfig>;

/** What the widget receives: the validated document plus its version. */
export interface PublicSiteConfig extends SiteConfig {
  siteKey: string;
  version: number;
}
