import { z } from 'zod';

/**
 * Webhooks that close the loop: a site's endpoints receive `response.created` for every new
 * response and `response.detractor` for an unhappy one (score at or below the metric's
 * threshold: NPS ≤ 6, CSAT ≤ 2, CES ≤ 3 unless configured). Signed per Standard Webhooks.
 */
export const WEBHOOK_EVENTS = ['response.created', 'response.detractor'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DEFAULT_DETRACTOR_THRESHOLDS = { nps: 6, csat: 2, ces: 3 } as const;

/** `POST /v1/webhooks` body. */
export const WebhookEndpointInput = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'Expected an http(s) URL' })
      .max(2000),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).default(['response.created', 'response.detractor']),
    /** `standard`: the JSON event below; `slack`: a Slack-compatible `{ text }` message (incoming webhooks). */
    format: z.enum(['standard', 'slack']).default('standard'),
    /** Scores at or below these are detractors (defaults NPS 6, CSAT 2, CES 3). */
    detractorThresholds: z
      .object({
        nps: z.number().int().min(0).max(10).optional(),
        csat: z.number().int().min(1).max(5).optional(),
        ces: z.number().int().min(1).max(7).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type WebhookEndpointInput = z.input<typeof WebhookEndpointInput>;

/** An endpoint as the API lists it (the secret is shown only in the creation response). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  format: 'standard' | 'slack';
  detractorThresholds: { nps: number; csat: number; ces: number };
  /** First characters of the signing secret. */
  secretPrefix: string;
  createdAt: string;
}
