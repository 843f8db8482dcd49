import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The whole storage model (one file; migrations are generated from it by drizzle-kit).
 * Times are epoch milliseconds, server clock.
 */

export const sites = sqliteTable('sites', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Public key used by the widget, `pk_…`. */
  siteKey: text('site_key').notNull().unique(),
  name: text('name').notNull(),
  /** JSON array of allowed origins, e.g. `["https://shop.example"]`. */
  origins: text('origins', { mode: 'json' }).$type<string[]>().notNull(),
  /** Current validated config document (JSON) and its version; null until one is applied. */
  config: text('config', { mode: 'json' }),
  configVersion: integer('config_version').notNull().default(0),
  createdAt: integer('created_at').notNull(),
});

/** Every config document ever applied, so a version can be inspected or restored. */
export const siteConfigs = sqliteTable(
  'site_configs',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    document: text('document', { mode: 'json' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.version] })],
);

/** Secret keys, stored as SHA-256 hashes only. `scope`: `admin` (read + write config) or `read`. */
export const secretKeys = sqliteTable(
  'secret_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    hash: text('hash').notNull(),
    /** First characters of the key, to recognise it in listings (`sk_AbC1…`). */
    prefix: text('prefix').notNull(),
    scope: text('scope', { enum: ['admin', 'read'] }).notNull().default('admin'),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('secret_keys_hash').on(t.hash)],
);

/** A prompt actually shown to a customer (the denominator of the response rate). */
export const displays = sqliteTable(
  'displays',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    momentId: text('moment_id').notNull(),
    anonymousId: text('anonymous_id').notNull(),
    channel: text('channel').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] }), index('displays_site_moment').on(t.siteId, t.momentId, t.createdAt)],
);

/**
 * One answer. `(site_id, id)` is unique: the client-generated id makes ingest idempotent.
 * Metric and stage are copied from the moment at ingest time, so a later config change
 * does not rewrite history.
 */
export const responses = sqliteTable(
  'responses',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    momentId: text('moment_id').notNull(),
    metric: text('metric', { enum: ['nps', 'csat', 'ces'] }).notNull(),
    stage: text('stage').notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
    anonymousId: text('anonymous_id').notNull(),
    userId: text('user_id'),
    locale: text('locale'),
    channel: text('channel').notNull(),
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, string | number | boolean | null>>(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('responses_site_metric_time').on(t.siteId, t.metric, t.createdAt),
    index('responses_site_time').on(t.siteId, t.createdAt, t.id),
    index('responses_site_user').on(t.siteId, t.userId),
  ],
);

/**
 * Pre-aggregated counts of responses (db/rollups.ts), maintained in the same `batch()` as each
 * new response and read by the aggregate API whenever a query can be answered from them.
 * One row per (site, metric, dimension value, time bucket, score): `dim` is one of `all`,
 * `moment` (with its `stage`), `channel`, `locale` (`''` when unknown) or `segment` (the
 * `segment` attribute, encoded as `''` when missing or null, `'.' || text` otherwise).
 * `grain` is the bucket length in ms (3,600,000 = UTC hour, 86,400,000 = UTC day) and
 * `bucket` = floor(created_at / grain).
 */
export const responseRollups = sqliteTable(
  'response_rollups',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    dim: text('dim').notNull(),
    grain: integer('grain').notNull(),
    bucket: integer('bucket').notNull(),
    value: text('value').notNull(),
    stage: text('stage').notNull(),
    score: integer('score').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.metric, t.dim, t.grain, t.bucket, t.value, t.stage, t.score] })],
);

/** Pre-aggregated counts of displays per moment and channel, per UTC hour and UTC day. */
export const displayRollups = sqliteTable(
  'display_rollups',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    grain: integer('grain').notNull(),
    bucket: integer('bucket').notNull(),
    momentId: text('moment_id').notNull(),
    channel: text('channel').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.grain, t.bucket, t.momentId, t.channel] })],
);

/**
 * A site's webhook endpoint. The signing secret (`whsec_…`) must be readable to sign each
 * delivery, so unlike API keys it is stored as is; it is shown in full only at creation.
 * Detractor thresholds: a response at or below the metric's threshold is a detractor.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    format: text('format', { enum: ['standard', 'slack'] }).notNull().default('standard'),
    onCreated: integer('on_created', { mode: 'boolean' }).notNull(),
    onDetractor: integer('on_detractor', { mode: 'boolean' }).notNull(),
    detractorNps: integer('detractor_nps').notNull().default(6),
    detractorCsat: integer('detractor_csat').notNull().default(2),
    detractorCes: integer('detractor_ces').notNull().default(3),
    secret: text('secret').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('webhook_endpoints_site').on(t.siteId)],
);

/**
 * The webhook outbox: one row per (endpoint, event, response), written in the same batch as the
 * response. The dispatcher leases due rows, posts them, and marks them delivered (never sent
 * again) or schedules a retry with exponential backoff; after the last attempt it gives up.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    /** Also the `webhook-id` header: stable across retries so receivers can dedupe. */
    id: text('id').primaryKey(),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    event: text('event', { enum: ['response.created', 'response.detractor'] }).notNull(),
    responseId: text('response_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    deliveredAt: integer('delivered_at'),
    failedAt: integer('failed_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('webhook_deliveries_due').on(t.nextAttemptAt).where(sql`delivered_at is null and failed_at is null`),
    index('webhook_deliveries_endpoint').on(t.endpointId, t.createdAt),
  ],
);

/** Small key/value store for instance-level facts (e.g. which site is the demo site). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`0`),
});

/**
 * Invitations (issue #7): a moment sent out of the page by email, SMS or link, and the outbox
 * that sends it. The dispatcher claims due `pending` rows atomically (`sending`, with a lease),
 * sends, then marks them `sent` (never sent again) or back to `pending` with a backoff, and
 * `failed` after the last attempt. The link token is signed with the instance secret and names
 * the row; answering sets `answered` (single use). `expired` is derived from `expires_at`.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    /** Random, url-safe; named by the link token. */
    id: text('id').primaryKey(),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    /** Idempotency key of the request (the widget's uuid, or the backend's optional `id`). */
    requestId: text('request_id').notNull(),
    source: text('source', { enum: ['widget', 'api'] }).notNull(),
    momentId: text('moment_id').notNull(),
    channel: text('channel', { enum: ['email', 'sms', 'link'] }).notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'answered', 'expired'] }).notNull().default('pending'),
    userId: text('user_id'),
    anonymousId: text('anonymous_id'),
    email: text('email'),
    phone: text('phone'),
    locale: text('locale'),
    /** Next send attempt (the first one: the moment's delay after it fired, or the backend's `sendAt`). */
    sendAt: integer('send_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    answeredAt: integer('answered_at'),
    expiresAt: integer('expires_at').notNull(),
    responseId: text('response_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('invitations_site_request').on(t.siteId, t.requestId),
    index('invitations_due').on(t.sendAt).where(sql`status = 'pending'`),
    index('invitations_site_time').on(t.siteId, t.createdAt, t.id),
    index('invitations_site_user').on(t.siteId, t.momentId, t.userId),
  ],
);

/**
 * The channel an identified customer prefers (issue #7), as they chose it in the page ("Ask me
 * later by email") or as the site gave it to `voix('identify', id, { preferredChannel })`. Used
 * when the owner's backend invites without naming a channel; exported and erased with the
 * customer's data.
 */
export const customerChannels = sqliteTable(
  'customer_channels',
  {
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    preferredChannel: text('preferred_channel', { enum: ['inpage', 'email', 'sms'] }).notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.userId] })],
);
