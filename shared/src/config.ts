import { z } from 'zod';
import { CHANNELS, METRICS, SCALES, SCORE_BANDS, STAGES } from './scales.ts';

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
/** One rule on a value: a literal (equals), or `{ equals, in, gte, lte, exists }`, all of which must hold. */
export const Condition = z.union([
  Comparable,
  z.strictObject({
    equals: Comparable.optional(),
    in: z.array(Comparable).min(1, 'An empty "in" list never matches').max(100).optional(),
    gte: z.number().finite().optional(),
    lte: z.number().finite().optional(),
    exists: z.boolean().optional(),
  }),
]);
export type Condition = z.infer<typeof Condition>;
/** Conditions on named values: `{ "total": { "gte": 100 } }` or `{ "plan": "pro" }`. */
export const PropertyConditions = z.record(z.string().min(1).max(64), Condition);
export type PropertyConditions = z.infer<typeof PropertyConditions>;

/** Seconds to wait after the trigger; cancelled if the customer leaves the page meanwhile. */
const delaySeconds = z.number().min(0).max(3600).optional();

export const EventTrigger = z.strictObject({
  /** Fires on `voix('track', event, properties)`. */
  event: z.string().min(1).max(64),
  where: PropertyConditions.optional(),
  delaySeconds,
});

export const UrlTrigger = z.strictObject({
  /** Path pattern matched against `location.pathname` (glob by default: `*` any characters). */
  url: z.string().min(1).max(500),
  match: z.enum(['exact', 'prefix', 'glob', 'regex']).default('glob'),
  delaySeconds,
});

export const ClickTrigger = z.strictObject({
  /** CSS selector: fires on a click on a matching element or inside one, added later or not. */
  click: z.string().trim().min(1).max(300),
  delaySeconds,
});

export const ExitIntentTrigger = z.strictObject({
  /** Desktop: the pointer leaves the page through the top. Touch screens: a fast scroll back up. */
  exitIntent: z.literal(true),
  delaySeconds,
});

export const ScrollTrigger = z.strictObject({
  /** Percentage of the page seen (bottom of the viewport), 1–100. */
  scrollDepth: z.number().min(1).max(100),
  delaySeconds,
});

export const TimeTrigger = z.strictObject({
  /** Seconds spent on the page view (a load, or an SPA navigation to another path). */
  timeOnPage: z.number().min(1).max(3600),
  delaySeconds,
});

export const VisitTrigger = z.strictObject({
  /** Fires on the page views of the customer's Nth visit and later (a visit ends after 30 min idle). */
  visit: z.number().int().min(1).max(1000),
  delaySeconds,
});

export const PageViewTrigger = z.strictObject({
  /** Fires from the Nth page view of a visit on. */
  pageView: z.number().int().min(1).max(1000),
  delaySeconds,
});

export const Trigger = z.union([
  EventTrigger,
  UrlTrigger,
  ClickTrigger,
  ExitIntentTrigger,
  ScrollTrigger,
  TimeTrigger,
  VisitTrigger,
  PageViewTrigger,
]);
export type Trigger = z.infer<typeof Trigger>;

/** Who may be asked: every rule present must hold. */
export const Audience = z.strictObject({
  /** Rules on the attributes given with `voix('identify', userId, attributes)`. */
  attributes: PropertyConditions.optional(),
  /** Rules on the page: its path, the referrer's host ("" when none), the device and the language. */
  page: z
    .strictObject({
      path: Condition.optional(),
      referrer: Condition.optional(),
      /** `mobile`, `tablet` or `desktop`. */
      device: Condition.optional(),
      /** Primary language subtag the widget speaks to this customer, e.g. `fr`. */
      language: Condition.optional(),
    })
    .optional(),
  /** `new`: first visit; `returning`: any later visit. */
  visitor: z.enum(['new', 'returning']).optional(),
  /** `true`: only customers identified with `voix('identify')`; `false`: only anonymous ones. */
  identified: z.boolean().optional(),
});
export type Audience = z.infer<typeof Audience>;

/** A follow-up question for a band of scores (`detractors`…) or an inclusive `[min, max]` range. */
export const FollowUpRule = z.strictObject({
  scores: z.union([z.enum(SCORE_BANDS), z.tuple([z.number().int(), z.number().int()])]),
  text: LocalizedText,
});
export type FollowUpRule = z.infer<typeof FollowUpRule>;

export const Moment = z.strictObject({
  id: MomentId,
  stage: z.enum(STAGES),
  metric: z.enum(METRICS),
  question: LocalizedText,
  /**
   * Optional free-text question shown after the score: one text for every score, or rules
   * tried in order (the first whose scores contain the answer wins; none → no follow-up).
   */
  followUp: z.union([LocalizedText, z.array(FollowUpRule).min(1).max(10)]).optional(),
  /**
   * When the moment fires. Without one it is shown only on request: from the feedback tab or
   * by `voix('show', id)` (docs/channels.md).
   */
  trigger: z.union([Trigger, z.array(Trigger).min(1).max(10)]).optional(),
  /**
   * How the in-page prompt appears: `popover` (a card in a corner or the centre, see `theme`) or
   * `inline`, rendered inside the page's `<div data-voix-moment="ID">` and only on pages that
   * have one (issue #7).
   */
  display: z.enum(['popover', 'inline']).default('popover'),
  audience: Audience.optional(),
  /** Days before the same customer can be asked this moment again. */
  cooldownDays: z.number().min(0).max(3650).default(90),
  /** Share of customers asked, 0…1, decided once per customer. */
  sample: z.number().min(0).max(1).default(1),
  /** Higher wins when two moments fire together. */
  priority: z.number().int().min(-100).max(100).default(0),
  /**
   * Channels this moment may use, in order of preference when the customer has none among them
   * (issue #7): `inpage`, or an invitation by `email`, `sms` or `link` (docs/channels.md).
   */
  channels: z.array(z.enum(CHANNELS)).min(1).max(4).default(['inpage']),
  /** Hours between the moment and its invitation being sent, e.g. 48 for "2 days after delivery". */
  delayHours: z.number().min(0).max(24 * 365).optional(),
});
export type Moment = z.infer<typeof Moment>;

export const Fatigue = z.strictObject({
  /** At most one prompt across all moments per this many days. */
  globalCooldownDays: z.number().min(0).max(3650).default(14),
  /** After a dismissal, the dismissed moment waits this many days. */
  dismissCooldownDays: z.number().min(0).max(3650).default(30),
  /** At most this many prompts per visit (a visit ends after 30 minutes without a page view). */
  maxPerSession: z.number().int().min(0).max(100).default(1),
});

export const Privacy = z.strictObject({
  /** Ask nobody whose browser sends Do Not Track or Global Privacy Control (widget and collector). */
  respectDoNotTrack: z.boolean().default(false),
  /** Ask only after the page calls `voix('consent', true)`. */
  requireConsent: z.boolean().default(false),
  /** Delete answers older than this many days (counts in rollups are kept); unset keeps them. */
  retentionDays: z.number().int().min(1).max(3650).optional(),
});

type Path = (string | number)[];
type Issue = (path: Path, message: string) => void;

/** Rules that parse one by one but contradict each other (a range that is empty, …). */
function checkCondition(cond: Condition, path: Path, issue: Issue) {
  if (cond === null || typeof cond !== 'object') return;
  const { equals, gte, lte, exists } = cond;
  if (gte !== undefined && lte !== undefined && gte > lte) issue([...path, 'gte'], `"gte" (${gte}) is above "lte" (${lte}): nothing matches`);
  if (exists === false && Object.keys(cond).length > 1) issue([...path, 'exists'], '"exists": false cannot be combined with other rules');
  if (equals !== undefined && cond.in && !cond.in.includes(equals)) issue([...path, 'in'], '"equals" is not in the "in" list: nothing matches');
  const numbers = [equals, ...(cond.in ?? [])].filter((v) => v !== undefined);
  if ((gte !== undefined || lte !== undefined) && numbers.length && numbers.every((v) => typeof v !== 'number')) {
    issue(path, '"gte"/"lte" only match numbers, and "equals"/"in" only allow other values');
  }
}

function checkConditions(conds: Record<string, Condition | undefined> | undefined, path: Path, issue: Issue) {
  for (const [key, cond] of Object.entries(conds ?? {})) if (cond !== undefined) checkCondition(cond, [...path, key], issue);
}

function checkMoment(moment: Moment, at: Path, defaultLocale: string, issue: Issue) {
  if (!(defaultLocale in moment.question)) {
    issue([...at, 'question', defaultLocale], `Missing text in the default locale "${defaultLocale}"`);
  }
  const { followUp } = moment;
  if (Array.isArray(followUp)) {
    const { min, max } = SCALES[moment.metric];
    followUp.forEach((rule, k) => {
      const path = [...at, 'followUp', k];
      if (!(defaultLocale in rule.text)) issue([...path, 'text', defaultLocale], `Missing text in the default locale "${defaultLocale}"`);
      if (typeof rule.scores === 'string') return;
      const [lo, hi] = rule.scores;
      if (lo > hi) issue([...path, 'scores'], `The range [${lo}, ${hi}] is empty`);
      else if (lo < min || hi > max) issue([...path, 'scores'], `The range [${lo}, ${hi}] is outside the ${moment.metric} scale ${min}–${max}`);
    });
  } else if (followUp && !(defaultLocale in followUp)) {
    issue([...at, 'followUp', defaultLocale], `Missing text in the default locale "${defaultLocale}"`);
  }

  const many = Array.isArray(moment.trigger);
  const triggers = many ? (moment.trigger as Trigger[]) : moment.trigger ? [moment.trigger as Trigger] : [];
  triggers.forEach((t, j) => {
    const path = many ? [...at, 'trigger', j] : [...at, 'trigger'];
    if ('url' in t && t.match === 'regex') {
      try {
        new RegExp(t.url);
      } catch {
        issue([...path, 'url'], 'Invalid regular expression');
      }
    }
    if ('where' in t) checkConditions(t.where, [...path, 'where'], issue);
    if ('visit' in t && t.visit > 1 && moment.audience?.visitor === 'new') {
      issue([...path, 'visit'], `Visit ${t.visit} never happens for the "new" visitors of the audience`);
    }
    if ('click' in t && /[{}]/.test(t.click)) issue([...path, 'click'], 'Expected a CSS selector');
  });

  const { audience } = moment;
  if (audience) {
    checkConditions(audience.attributes, [...at, 'audience', 'attributes'], issue);
    checkConditions(audience.page, [...at, 'audience', 'page'], issue);
    if (audience.identified === false && audience.attributes && Object.keys(audience.attributes).length) {
      issue([...at, 'audience', 'attributes'], 'Anonymous customers have no attributes ("identified": false)');
    }
  }
}

/** How the in-page prompt looks (issue #4). Every field is optional; the widget has accessible defaults. */
export const Theme = z.strictObject({
  /** Brand colour of the buttons, `#rgb` or `#rrggbb`; text on it is black or white, whichever contrasts more. */
  color: z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'Expected a colour such as "#1d4ed8"').optional(),
  /** Where the card sits; on narrow screens (≤ 480 px) it is always a bottom sheet. */
  position: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center']).optional(),
  /** `auto` follows the customer's `prefers-color-scheme`. */
  scheme: z.enum(['auto', 'light', 'dark']).optional(),
  /** `inherit` uses the host page's font family; `system` the platform's UI font. */
  font: z.enum(['system', 'inherit']).optional(),
});
export type Theme = z.infer<typeof Theme>;

/** An always-visible "Feedback" button at the side of the page that opens one moment (issue #7). */
export const FeedbackTab = z.strictObject({
  /** The moment it opens, whatever its trigger, audience or fatigue: the customer asked. */
  momentId: MomentId,
  /** Button text per locale; the widget's own word ("Feedback", "Votre avis"…) when absent. */
  label: LocalizedText.optional(),
  /** Edge of the viewport it sits on (mirrored for right-to-left languages). */
  side: z.enum(['right', 'left']).default('right'),
});
export type FeedbackTab = z.infer<typeof FeedbackTab>;

export const SiteConfig = z
  .strictObject({
    brand: z.string().trim().min(1).max(100),
    defaultLocale: LocaleTag.default('en'),
    fatigue: Fatigue.default({ globalCooldownDays: 14, dismissCooldownDays: 30, maxPerSession: 1 }),
    privacy: Privacy.default({ respectDoNotTrack: false, requireConsent: false }),
    theme: Theme.optional(),
    tab: FeedbackTab.optional(),
    moments: z.array(Moment).max(100),
  })
  .superRefine((doc, ctx) => {
    const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path, message });
    if (doc.fatigue.maxPerSession === 0 && doc.moments.length > 0) {
      issue(['fatigue', 'maxPerSession'], 'With 0 prompts per session no moment is ever shown: remove the moments or raise it');
    }
    const seen = new Set<string>();
    doc.moments.forEach((moment, i) => {
      if (seen.has(moment.id)) issue(['moments', i, 'id'], `Duplicate moment id "${moment.id}"`);
      seen.add(moment.id);
      checkMoment(moment, ['moments', i], doc.defaultLocale, issue);
    });
    const tab = doc.tab;
    const tabbed = tab && doc.moments.find((m) => m.id === tab.momentId);
    if (tab && !tabbed) issue(['tab', 'momentId'], `No moment "${tab.momentId}" in "moments"`);
    else if (tabbed && !tabbed.channels.includes('inpage')) issue(['tab', 'momentId'], `The moment "${tab!.momentId}" has no "inpage" channel to open in`);
    if (tab?.label && !(doc.defaultLocale in tab.label)) issue(['tab', 'label', doc.defaultLocale], `Missing text in the default locale "${doc.defaultLocale}"`);
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
