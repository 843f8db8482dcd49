import { expect, type BrowserContext, type Request } from '@playwright/test';
import { E2E } from './env.ts';

/**
 * Records every request the shop pages make to the collector, in order, so that a test can
 * assert both what must happen (the config fetch, the display, the response) and what must not:
 * before a moment fires, the widget talks to the collector only to load itself and its config
 * (and the feedback tab of a site that has one, like the demo shop).
 */
export type CollectorRequestKind = 'loader' | 'config' | 'rules-chunk' | 'tab-chunk' | 'prompt-chunk' | 'display' | 'response' | 'other';

export interface CollectorRequest {
  kind: CollectorRequestKind;
  method: string;
  path: string;
  pageUrl: string;
}

function kindOf(request: Request, path: string): CollectorRequestKind {
  const method = request.method();
  if (method === 'GET' && path === '/widget.js') return 'loader';
  if (method === 'GET' && path === `/v1/sites/${E2E.siteKey}/config`) return 'config';
  // Loaded once a trigger matches, to decide (audience, fatigue…): a moment may or may not follow.
  if (method === 'GET' && /^\/rules-[\w-]+\.js$/.test(path)) return 'rules-chunk';
  // The feedback tab of a site that declares one: a button, no moment yet.
  if (method === 'GET' && /^\/tab-[\w-]+\.js$/.test(path)) return 'tab-chunk';
  if (method === 'GET' && /^\/[A-Za-z0-9._-]+\.m?js$/.test(path)) return 'prompt-chunk';
  if (method === 'POST' && path === '/v1/displays') return 'display';
  if (method === 'POST' && path === '/v1/responses') return 'response';
  return 'other';
}

/** A moment has fired once the prompt chunk is imported or a display is sent. */
const FIRES: readonly CollectorRequestKind[] = ['prompt-chunk', 'display'];

export class CollectorRequests {
  readonly log: CollectorRequest[] = [];

  constructor(context: BrowserContext) {
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== E2E.collector) return;
      let pageUrl = '';
      try {
        pageUrl = request.frame().url();
      } catch {
        /* service worker or beacon without a frame */
      }
      this.log.push({ kind: kindOf(request, url.pathname), method: request.method(), path: url.pathname, pageUrl });
    });
  }

  kinds(): CollectorRequestKind[] {
    return this.log.map((r) => r.kind);
  }

  /** The request by which the first moment fired, if one did. */
  firstMoment(): CollectorRequest | undefined {
    return this.log.find((r) => FIRES.includes(r.kind));
  }

  /** Requests made before the first moment fired (all of them if none fired). */
  beforeFirstMoment(): CollectorRequest[] {
    const fired = this.log.findIndex((r) => FIRES.includes(r.kind));
    return fired === -1 ? [...this.log] : this.log.slice(0, fired);
  }

  /** The widget loaded and fetched its config, and nothing else reached the collector before a moment fired. */
  expectQuietUntilMoment(): void {
    const before = this.beforeFirstMoment();
    expect(before.map((r) => r.kind), 'the widget loads its script and config first').toContain('config');
    expect(
      before.filter((r) => !['loader', 'config', 'rules-chunk', 'tab-chunk'].includes(r.kind)),
      'no request to the collector besides the loader, its config (and the feedback tab) before a moment fires',
    ).toEqual([]);
  }

  /** After the moment fired: the prompt chunk, one display, and answers for the same response. */
  async expectMomentTraffic(minimum: { responses: number }): Promise<void> {
    await expect.poll(() => this.kinds().filter((k) => k === 'response').length, { message: 'answers posted' }).toBeGreaterThanOrEqual(minimum.responses);
    expect(this.kinds().filter((k) => k === 'display'), 'one display per prompt shown').toHaveLength(1);
    expect(this.kinds(), 'the prompt UI is loaded on demand').toContain('prompt-chunk');
    expect(this.log.filter((r) => r.kind === 'other'), 'no unexpected request to the collector').toEqual([]);
  }
}
