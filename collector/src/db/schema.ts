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

/** Small key/value store for instance-level facts (e.g. which site is the demo site). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`0`),
});
