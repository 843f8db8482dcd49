import { z } from 'zod';
import { CHANNELS, ERROR_CODES, METRICS, SECTORS, STAGES, WEBHOOK_EVENTS } from '@voix/shared';

/**
 * Zod schemas of the API's response bodies. Request schemas are the ones the handlers validate
 * with (from `shared/`); these describe what comes back, for the OpenAPI document and its readers.
 */
const Interval = z.tuple([z.number(), z.number()]).nullable().meta({ description: '95% interval [low, high]; null when n = 0' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      issues: z.array(z.object({ path: z.string().meta({ description: 'Dotted path of the field, e.g. `moments.0.question.en`' }), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'The one error body of the API.' });

const summaryFields = {
  n: z.number().int().meta({ description: 'Number of responses' }),
  score: z.number().nullable().meta({ description: 'NPS −100…100, CSAT 0…100 (% of 4–5), CES 1…7 (mean); null when n = 0' }),
  ci95: Interval,
  counts: z.record(z.string(), z.number().int()).meta({ description: 'NPS: promoters/passives/detractors; CSAT/CES: one count per scale point' }),
  mean: z.number().nullable().optional().meta({ description: 'CSAT only: mean answer (1–5)' }),
  easyShare: z.number().nullable().optional().meta({ description: 'CES only: % of answers 5–7' }),
};
export const Summary = z.object(summaryFields).meta({ id: 'Summary' });

export const Comparison = z
  .object({
    previous: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), ...summaryFields }),
    difference: z.number().nullable().meta({ description: 'current − previous, in the score’s unit' }),
    ci95: Interval,
    significant: z.boolean().nullable().meta({ description: 'True when the 95% interval of the difference excludes 0' }),
    method: z.enum(['nps-wald', 'newcombe-wilson', 'welch-t']),
  })
  .meta({ id: 'Comparison', description: 'The previous period of equal length, and the difference with its 95% interval.' });

export const Benchmark = z
  .object({ sector: z.enum(SECTORS), score: z.number().nullable().meta({ description: 'Sector reference; null when none is quoted (CES)' }), source: z.string() })
  .meta({ id: 'Benchmark' });

const GroupKey = z
  .union([z.string(), z.null(), z.record(z.string(), z.string().nullable())])
  .meta({ description: 'The group’s value for one dimension (null: attribute missing); an object by dimension name for several (`{ "stage": "purchase", "week": "2025-01-06" }`)' });

export const Aggregate = z
  .object({
    metric: z.enum(METRICS),
    ...summaryFields,
    groups: z.array(
      z.object({
        key: GroupKey,
        ...summaryFields,
        displays: z.number().int().optional().meta({ description: 'Groups by moment: prompts shown' }),
        responseRate: z.number().nullable().optional().meta({ description: 'n ÷ displays' }),
        comparison: Comparison.optional(),
      }),
    ),
    comparison: Comparison.optional(),
    benchmark: Benchmark.optional(),
  })
  .meta({ id: 'Aggregate' });

export const StoredResponse = z
  .object({
    id: z.string(),
    momentId: z.string(),
    metric: z.enum(METRICS),
    stage: z.enum(STAGES),
    score: z.number().int(),
    comment: z.string().nullable(),
    anonymousId: z.string(),
    userId: z.string().nullable(),
    locale: z.string().nullable(),
    channel: z.enum(CHANNELS),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'StoredResponse' });

export const ResponsesPage = z.object({ data: z.array(StoredResponse), nextCursor: z.string().nullable() }).meta({ id: 'ResponsesPage' });
export const Ack = z.object({ id: z.string(), duplicate: z.boolean().meta({ description: 'True when this id was already stored (nothing new was counted)' }) }).meta({ id: 'Ack' });

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    format: z.enum(['standard', 'slack']),
    detractorThresholds: z.object({ nps: z.number().int(), csat: z.number().int(), ces: z.number().int() }),
    secretPrefix: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });
export const CreatedWebhookEndpoint = WebhookEndpoint.extend({ secret: z.string().meta({ description: 'Signing secret `whsec_…`, shown only here' }) }).meta({ id: 'CreatedWebhookEndpoint' });
export const WebhookDelivery = z
  .object({
    id: z.string().meta({ description: 'Also the `webhook-id` header' }),
    event: z.enum(WEBHOOK_EVENTS),
    responseId: z.string(),
    attempts: z.number().int(),
    status: z.enum(['pending', 'delivered', 'failed']),
    nextAttemptAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookPayload = z
  .object({
    type: z.enum(WEBHOOK_EVENTS),
    timestamp: z.iso.datetime(),
    data: z.object({ siteKey: z.string(), response: StoredResponse }),
  })
  .meta({ id: 'WebhookPayload', description: 'Body of a `standard` delivery. A `slack` endpoint receives `{ "text": "…" }` instead.' });

export const LiveEvent = z
  .object({
    type: z.literal('response'),
    response: StoredResponse,
    scores: z.object({ metric: z.enum(METRICS), ...summaryFields, moment: z.object({ id: z.string(), ...summaryFields }) }),
  })
  .meta({ id: 'LiveEvent', description: 'The `data` of each `event: response` of the stream.' });

export const CreateSiteBody = z
  .object({
    name: z.string().min(1).max(100),
    origins: z.array(z.string()).min(1).max(50).meta({ description: 'Allowed origins, e.g. `https://shop.example`' }),
    config: z.unknown().optional().meta({ description: 'An optional site config document (see PUT /v1/admin/sites/{siteKey}/config)' }),
  })
  .meta({ id: 'CreateSite' });
export const CreatedSite = z.object({ siteKey: z.string(), secretKey: z.string().meta({ description: 'Shown once; stored hashed' }), origins: z.array(z.string()), configVersion: z.number().int() }).meta({ id: 'CreatedSite' });
export const ConfigApplied = z.object({ siteKey: z.string(), version: z.number().int(), moments: z.number().int() }).meta({ id: 'ConfigApplied' });
