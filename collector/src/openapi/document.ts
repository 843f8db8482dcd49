import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  AggregateQueryFields,
  DisplayPayload,
  HostedAnswerPayload,
  InvitationCreatePayload,
  InvitationRequestPayload,
  InvitationsQuery,
  ResponsePayload,
  ResponsesQueryFields,
  SiteConfig,
  WebhookEndpointInput,
} from '@voix/shared';
import * as S from './schemas.ts';

/**
 * The OpenAPI 3.1 document of the whole API, generated from the zod schemas the handlers use
 * (request side) and from `schemas.ts` (response side). Served at `GET /v1/openapi.json`.
 */
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(S.ErrorBody, 'Invalid input: the issues name each field'),
  401: json(S.ErrorBody, 'Missing, unknown or revoked key'),
  429: json(S.ErrorBody, 'Rate limited (see Retry-After)'),
  503: json(S.ErrorBody, 'The database is busy (see Retry-After)'),
};
const secret = [{ secretKey: [] }];
const attrParam = {
  name: 'attr.{name}',
  in: 'query' as const,
  required: false,
  description: 'Filter on an identified attribute, e.g. `attr.plan=pro` (text form: numbers as JSON writes them, booleans `true`/`false`). Repeatable with different names.',
  schema: { type: 'string' as const },
};

function build() {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'secretKey', { type: 'http', scheme: 'bearer', description: 'A site secret key `sk_…` (read or admin scope), or the instance admin token where stated' });

  r.registerPath({ method: 'get', path: '/v1/health', tags: ['Operations'], summary: 'Liveness', responses: { 200: json(z.object({ status: z.literal('ok'), ingest: z.record(z.string(), z.unknown()).optional().meta({ description: 'Ingest counters' }), rateLimits: z.string().optional().meta({ description: 'Where ingest rate limits are counted: `memory`, `workers-rate-limiting` (Cloudflare bindings) or `off`' }) }).passthrough(), 'Alive') } });
  r.registerPath({ method: 'get', path: '/v1/ready', tags: ['Operations'], summary: 'Readiness (database reachable)', responses: { 200: json(z.object({ status: z.literal('ready') }), 'Ready'), 503: errors[503] } });

  r.registerPath({
    method: 'get', path: '/v1/sites/{siteKey}/config', tags: ['Public ingest'], summary: 'The site’s public config (moments), as the widget fetches it',
    description: 'Cacheable with `ETag` / `If-None-Match` (304).',
    request: { params: z.object({ siteKey: z.string() }) },
    responses: { 200: json(SiteConfig.extend({ siteKey: z.string(), version: z.number().int() }), 'Config'), 304: { description: 'Not modified' }, 404: json(S.ErrorBody, 'Unknown site') },
  });
  r.registerPath({
    method: 'post', path: '/v1/displays', tags: ['Public ingest'], summary: 'Record a prompt shown (idempotent by id)',
    description: 'Body read as JSON whatever the Content-Type (`text/plain` avoids a preflight). Needs an allowed `Origin`.',
    request: { body: { content: { 'text/plain': { schema: DisplayPayload }, 'application/json': { schema: DisplayPayload } } } },
    responses: { 202: json(S.Ack, 'Stored, or already stored'), ...errors, 403: json(S.ErrorBody, 'Origin not allowed'), 413: json(S.ErrorBody, 'Body too large') },
  });
  r.registerPath({
    method: 'post', path: '/v1/responses', tags: ['Public ingest'], summary: 'Record an answer (idempotent by id; a later send may add the comment)',
    description: 'Metric, scale and stage come from the stored moment. A new response updates the rollups, queues webhooks and is pushed to live streams.',
    request: { body: { content: { 'text/plain': { schema: ResponsePayload }, 'application/json': { schema: ResponsePayload } } } },
    responses: { 202: json(S.Ack, 'Stored, or already stored'), ...errors, 403: json(S.ErrorBody, 'Origin not allowed'), 413: json(S.ErrorBody, 'Body too large') },
  });

  r.registerPath({
    method: 'get', path: '/v1/aggregates', tags: ['Read'], security: secret, summary: 'Exact scores, grouped and filtered',
    description: [
      'Groups (`groupBy`, comma-separated, at most 3): moment, stage, channel, locale, attr.<name>, and one of day/week/month in `tz` (weeks start on Monday). With one dimension a group’s `key` is a string; with several it is an object by dimension name.',
      '`from` inclusive, `to` exclusive (ISO date = midnight UTC). `compare=previous` adds the period of equal length before `from`. `benchmark` adds the seed-003 sector reference beside the score.',
      'Answered from rollups when exact (response header `Voix-Aggregate-Source: rollup|raw|mixed`); `source=raw` recomputes from raw responses.',
    ].join('\n\n'),
    request: { query: AggregateQueryFields.omit({ attr: true }) },
    parameters: [attrParam],
    responses: { 200: json(S.Aggregate, 'The aggregate'), 400: errors[400], 401: errors[401] },
  });
  r.registerPath({
    method: 'get', path: '/v1/responses', tags: ['Read'], security: secret, summary: 'Responses, newest first: a page (JSON) or a streamed export (CSV, NDJSON)',
    description: '`format=json` (default): a page of `limit` and a `nextCursor`. `format=csv|ndjson`: every matching response, streamed (keyset pagination inside). CSV text cells starting with = + - @ tab or CR are prefixed with `\'`; the numeric `score` column is exempt.',
    request: { query: ResponsesQueryFields.omit({ attr: true }) },
    parameters: [attrParam],
    responses: {
      200: { description: 'A page, or the export', content: { 'application/json': { schema: S.ResponsesPage }, 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } } },
      400: errors[400], 401: errors[401],
    },
  });
  r.registerPath({
    method: 'get', path: '/v1/stream', tags: ['Read'], summary: 'Live: server-sent events with each new response and the updated scores',
    description: 'Authenticate with `Authorization: Bearer sk_…`, or `?key=sk_…` for `EventSource` (which cannot send headers; the key then appears in URLs and logs — prefer a read-scoped key). Events: `ready`, then `response` (data: LiveEvent, `id` = response id); a comment every 25 s keeps the connection open.',
    request: { query: z.object({ key: z.string().optional().meta({ description: 'Secret key, when the header cannot be sent' }) }) },
    responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: S.LiveEvent } } }, 401: errors[401] },
  });

  r.registerPath({
    method: 'post', path: '/v1/webhooks', tags: ['Webhooks'], security: secret, summary: 'Create a webhook endpoint (admin key); returns the signing secret once',
    request: { body: { content: { 'application/json': { schema: WebhookEndpointInput } } } },
    responses: { 201: json(S.CreatedWebhookEndpoint, 'Created'), 400: errors[400], 401: errors[401], 403: json(S.ErrorBody, 'Read-only key') },
  });
  r.registerPath({ method: 'get', path: '/v1/webhooks', tags: ['Webhooks'], security: secret, summary: 'List the site’s webhook endpoints', responses: { 200: json(z.object({ data: z.array(S.WebhookEndpoint) }), 'Endpoints'), 401: errors[401], 403: json(S.ErrorBody, 'Read-only key') } });
  r.registerPath({
    method: 'delete', path: '/v1/webhooks/{id}', tags: ['Webhooks'], security: secret, summary: 'Delete an endpoint and its pending deliveries',
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Deleted' }, 401: errors[401], 404: json(S.ErrorBody, 'No such endpoint for this site') },
  });
  r.registerPath({
    method: 'get', path: '/v1/webhooks/{id}/deliveries', tags: ['Webhooks'], security: secret, summary: 'Recent deliveries of an endpoint (newest first, 100)',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(z.object({ data: z.array(S.WebhookDelivery) }), 'Deliveries'), 401: errors[401], 404: json(S.ErrorBody, 'No such endpoint for this site') },
  });
  for (const event of ['response.created', 'response.detractor'] as const) {
    r.registerWebhook({
      method: 'post', path: event, tags: ['Webhooks'],
      summary: event === 'response.created' ? 'Every new response' : 'A response at or below the detractor threshold (NPS ≤ 6, CSAT ≤ 2, CES ≤ 3 by default)',
      description: 'Signed per Standard Webhooks: `webhook-id`, `webhook-timestamp` (s), `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the secret after `whsec_`. Answer 2xx within 10 s; otherwise retried with exponential backoff (30 s·2ⁿ, up to 8 attempts). A delivered event is never sent again.',
      request: { body: { content: { 'application/json': { schema: S.WebhookPayload } } } },
      responses: { 200: { description: 'Any 2xx acknowledges the delivery' } },
    });
  }

  r.registerPath({
    method: 'post', path: '/v1/admin/sites', tags: ['Admin'], security: secret, summary: 'Create a site (instance admin token only); the secret key is shown once',
    request: { body: { content: { 'application/json': { schema: S.CreateSiteBody } } } },
    responses: { 201: json(S.CreatedSite, 'Created'), 400: errors[400], 401: errors[401] },
  });
  r.registerPath({
    method: 'put', path: '/v1/admin/sites/{siteKey}/config', tags: ['Admin'], security: secret, summary: 'Apply a new config document (versioned); the admin token or the site’s admin key',
    request: { params: z.object({ siteKey: z.string() }), body: { content: { 'application/json': { schema: SiteConfig } } } },
    responses: { 200: json(S.ConfigApplied, 'Applied'), 400: errors[400], 401: errors[401], 404: json(S.ErrorBody, 'Unknown site') },
  });
  // Invitations and the hosted survey page (issue #7; bodies validated by the shared schemas).
  const invitation = z.object({ id: z.string(), momentId: z.string(), channel: z.string(), status: z.string(), source: z.enum(['widget', 'api']), sendAt: z.iso.datetime(), expiresAt: z.iso.datetime().optional() }).passthrough().meta({ id: 'Invitation' });
  r.registerPath({
    method: 'post', path: '/v1/invitations/request', tags: ['Invitations'], summary: 'The widget asks for a moment to be sent by email, SMS or link (site key, allowed origin; idempotent by id)',
    request: { body: { content: { 'text/plain': { schema: InvitationRequestPayload }, 'application/json': { schema: InvitationRequestPayload } } } },
    responses: { 202: json(z.object({ id: z.string().optional(), duplicate: z.boolean().optional(), dropped: z.string().optional() }), 'Queued, already queued, or dropped (cooldown, do-not-track)'), ...errors, 403: json(S.ErrorBody, 'Origin not allowed') },
  });
  r.registerPath({
    method: 'post', path: '/v1/invitations', tags: ['Invitations'], security: secret, summary: 'Invite a customer from your backend (admin key); without a channel, the customer’s preferred one',
    request: { body: { content: { 'application/json': { schema: InvitationCreatePayload } } } },
    responses: { 201: json(z.object({ invitation, duplicate: z.boolean() }), 'Created'), 200: json(z.object({ invitation, duplicate: z.boolean() }), 'Already created with this id'), 400: errors[400], 401: errors[401] },
  });
  r.registerPath({
    method: 'get', path: '/v1/invitations', tags: ['Invitations'], security: secret, summary: 'Invitations, newest first, filtered and cursor-paginated',
    request: { query: InvitationsQuery },
    responses: { 200: json(z.object({ data: z.array(invitation), nextCursor: z.string().nullable() }), 'A page'), 400: errors[400], 401: errors[401] },
  });
  r.registerPath({
    method: 'post', path: '/v1/s/{token}/response', tags: ['Invitations'], summary: 'Answer from the hosted survey page (the signed token is the credential)',
    request: { params: z.object({ token: z.string() }), body: { content: { 'application/json': { schema: HostedAnswerPayload } } } },
    responses: { 202: json(z.object({ id: z.string(), duplicate: z.boolean(), score: z.number().int().optional() }), 'Recorded, or already answered'), 400: errors[400], 404: json(S.ErrorBody, 'Unknown or expired invitation') },
  });
  const userExport = z
    .object({ userId: z.string(), preferredChannel: z.enum(['inpage', 'email', 'sms']).nullable(), responses: z.array(z.object({}).passthrough()), invitations: z.array(z.object({}).passthrough()) })
    .meta({ id: 'UserExport' });
  r.registerPath({
    method: 'get', path: '/v1/users/{userId}', tags: ['Privacy'], security: secret, summary: 'Export everything stored for one customer (GDPR access; read key)',
    request: { params: z.object({ userId: z.string() }) },
    responses: { 200: json(userExport, 'Their responses, invitations and preferred channel'), 400: errors[400], 401: errors[401] },
  });
  r.registerPath({
    method: 'delete', path: '/v1/users/{userId}', tags: ['Privacy'], security: secret, summary: 'Erase one customer (GDPR erasure; admin key): responses, their counts in rollups, invitations, preferred channel',
    request: { params: z.object({ userId: z.string() }) },
    responses: { 200: json(z.object({ userId: z.string(), deleted: z.object({ responses: z.number().int(), invitations: z.number().int() }) }), 'Erased'), 400: errors[400], 401: errors[401], 403: json(S.ErrorBody, 'Read-only key') },
  });
  const html = { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } };
  r.registerPath({ method: 'get', path: '/s/{token}', tags: ['Invitations'], summary: 'Hosted survey page (`?score=` answers in one click)', request: { params: z.object({ token: z.string() }), query: z.object({ score: z.string().optional() }) }, responses: html });
  r.registerPath({ method: 'post', path: '/s/{token}', tags: ['Invitations'], summary: 'Hosted survey page form post (works without JavaScript)', request: { params: z.object({ token: z.string() }) }, responses: html });
  r.registerPath({ method: 'get', path: '/s/hosted.js', tags: ['Invitations'], summary: 'Script of the hosted page', responses: { 200: { description: 'JavaScript' } } });
  r.registerPath({ method: 'get', path: '/s/hosted.css', tags: ['Invitations'], summary: 'Stylesheet of the hosted page', responses: { 200: { description: 'CSS' } } });

  r.registerPath({ method: 'get', path: '/v1/openapi.json', tags: ['Operations'], summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.object({}).passthrough() } } } } });
  r.registerPath({ method: 'get', path: '/docs', tags: ['Operations'], summary: 'Interactive API reference (self-contained, works offline)', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } } });

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Voix API',
      version: '1',
      description: 'Customer-feedback collector: public ingest for the widget, exact NPS/CSAT/CES aggregates, exports, a live stream and webhooks. Errors are always `{ "error": { "code", "message", "issues"? } }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'Public ingest', description: 'Called by the widget with the public site key `pk_…`' },
      { name: 'Read', description: 'Scores and responses, with a secret key `sk_…`' },
      { name: 'Webhooks', description: 'Close the loop: signed events to your endpoints' },
      { name: 'Invitations', description: 'Moments sent out of the page (email, SMS, link) and the hosted survey page' },
      { name: 'Admin', description: 'Sites and config as code' },
      { name: 'Operations', description: 'Health and documentation' },
    ],
  });
}

let cached: ReturnType<typeof build> | undefined;
/** Built once per process (pure function of the schemas). */
export function openApiDocument() {
  return (cached ??= build());
}
