import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { SiteConfigInput } from '@voix/shared';
import { E2E } from '../support/env.ts';

/**
 * A customer's website for the widget tests: a tiny static server on its own port (so its origin,
 * `http://127.0.0.1:<port>`, differs from the collector's `http://localhost:<port>`), serving pages
 * built per test with the headers a test asks for (a strict CSP…). Sites are created through the
 * admin API with this origin allowed, one per test, so that counts and rate limits never mix.
 */

/** Must match `VOIX_ADMIN_TOKEN` in playwright.config.ts's webServer env. */
export const ADMIN_TOKEN = process.env.VOIX_ADMIN_TOKEN ?? 'e2e-admin-token-000000000000000001';

/** The snippet's queue stub, as a file: a strict CSP forbids the usual inline `<script>`. */
const STUB = 'window.voix = window.voix || function () { (voix.q = voix.q || []).push(arguments); };\n';

interface Route {
  body: string;
  type: string;
  headers: Record<string, string>;
  /** Answer only after this many milliseconds (a slow image holding the page's load event). */
  delayMs?: number;
}

export interface PageOptions {
  siteKey: string;
  /** Extra `<head>` markup (stylesheet links…). */
  head?: string;
  /** `<body>` markup; a heading and a button by default. */
  body?: string;
  /** Response headers, e.g. `{ 'Content-Security-Policy': … }`. */
  headers?: Record<string, string>;
  /** Extra attributes of the widget's script tag, e.g. `data-locale="ar"`. */
  scriptAttributes?: string;
  /** How many copies of the script tag (a site that pasted it twice). */
  copies?: number;
  /** Calls queued by the page before the loader runs, e.g. `voix('track', 'ask')`, from a file. */
  calls?: string;
  /** `lang` of the page. */
  lang?: string;
  /**
   * Insert the widget's tag only after the `load` event, once the browser is idle (from a file of
   * the site's own, so that a strict CSP allows it): the widget then costs the load event nothing.
   */
  afterLoad?: boolean;
}

export class HostSite {
  private readonly routes = new Map<string, Route>();
  private server!: Server;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const route = this.routes.get(path);
      if (!route) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const send = () => res.writeHead(200, { 'Content-Type': route.type, 'Cache-Control': 'no-store', ...route.headers }).end(route.body);
      if (route.delayMs) setTimeout(send, route.delayMs);
      else send();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.file('/stub.js', STUB, 'text/javascript');
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Serves any file at `path`. */
  file(path: string, body: string, type: string, headers: Record<string, string> = {}, delayMs?: number): string {
    this.routes.set(path, { body, type: `${type}; charset=utf-8`, headers, delayMs });
    return this.origin + path;
  }

  /** Serves an HTML page with the widget installed; returns its URL. */
  page(path: string, o: PageOptions): string {
    let calls = '';
    if (o.calls) {
      this.file(`${path}.calls.js`, o.calls, 'text/javascript');
      calls = `<script src="${path}.calls.js"></script>`;
    }
    let tag = `<script async src="${E2E.collector}/widget.js" data-site="${o.siteKey}" ${o.scriptAttributes ?? ''}></script>`;
    if (o.afterLoad) {
      this.file(
        `${path}.after-load.js`,
        `addEventListener('load', function () {
  (window.requestIdleCallback || setTimeout)(function () {
    var s = document.createElement('script');
    s.src = ${JSON.stringify(`${E2E.collector}/widget.js`)};
    s.setAttribute('data-site', ${JSON.stringify(o.siteKey)});
    document.head.appendChild(s);
  });
});
`,
        'text/javascript',
      );
      tag = `<script src="${path}.after-load.js"></script>`;
    }
    const html = `<!doctype html>
<html lang="${o.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>
${o.head ?? ''}
<script src="/stub.js"></script>
${calls}
${tag.repeat(o.copies ?? 1)}
</head>
<body>
${o.body ?? '<main><h1>Shop</h1><p>A page of the customer’s site.</p><button id="host-button" type="button">Add to cart</button></main>'}
</body>
</html>`;
    return this.file(path, html, 'text/html', o.headers);
  }
}

/** A host site for the tests of one spec file: started before them, stopped after them. */
export function useHostSite(): HostSite {
  const host = new HostSite();
  test.beforeAll(() => host.start());
  test.afterAll(() => host.stop());
  return host;
}

/** The widget's debug log lines of a page (`[voix] …` after `voix('debug', true)`), as they come. */
export function debugLog(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'debug' && m.text().startsWith('[voix]')) lines.push(m.text().slice(7));
  });
  return lines;
}

export interface Site {
  siteKey: string;
  secretKey: string;
}

/** A config with one moment per metric, each fired by `voix('track', '<metric>')`. */
export function threeMoments(extra: Partial<SiteConfigInput> = {}): SiteConfigInput {
  const followUp = { en: 'What is the main reason for your score?', fr: 'Quelle est la raison principale de votre note ?' };
  return {
    brand: 'Maison Voix',
    defaultLocale: 'en',
    fatigue: { globalCooldownDays: 0, dismissCooldownDays: 0, maxPerSession: 100 },
    moments: [
      {
        id: 'nps',
        stage: 'recommendation',
        metric: 'nps',
        question: {
          en: 'How likely are you to recommend {brand} to a friend or colleague?',
          fr: 'Quelle est la probabilité que vous recommandiez {brand} à un proche ?',
          es: '¿Qué probabilidad hay de que recomiende {brand} a un amigo o colega?',
          de: 'Wie wahrscheinlich ist es, dass Sie {brand} weiterempfehlen?',
          ar: 'ما مدى احتمال أن توصي بـ {brand} لصديق أو زميل؟',
        },
        followUp,
        trigger: { event: 'nps' },
        cooldownDays: 0,
      },
      {
        id: 'csat',
        stage: 'purchase',
        metric: 'csat',
        question: { en: 'How satisfied are you with your order?', fr: 'Êtes-vous satisfait de votre commande ?' },
        followUp,
        trigger: { event: 'csat' },
        cooldownDays: 0,
      },
      {
        id: 'ces',
        stage: 'service',
        metric: 'ces',
        question: { en: '{brand} made it easy for me to solve my problem.', de: '{brand} hat es mir leicht gemacht, mein Problem zu lösen.' },
        followUp,
        trigger: { event: 'ces' },
        cooldownDays: 0,
      },
    ],
    ...extra,
  };
}

/** Creates a site allowed on `origins` (admin API), with `config`. */
export async function createSite(request: APIRequestContext, origins: string[], config: SiteConfigInput = threeMoments()): Promise<Site> {
  const res = await request.post(`${E2E.collector}/v1/admin/sites`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    data: { name: 'Widget test shop', origins, config },
  });
  expect(res.status(), `POST /v1/admin/sites: ${await res.text()}`).toBe(201);
  return (await res.json()) as Site;
}

export interface StoredRow {
  id: string;
  momentId: string;
  score: number;
  comment: string | null;
  locale: string | null;
}

/** The responses stored for a site, read back with its secret key. */
export async function storedResponses(request: APIRequestContext, site: Site): Promise<StoredRow[]> {
  const res = await request.get(`${E2E.collector}/v1/responses?limit=200`, { headers: { Authorization: `Bearer ${site.secretKey}` } });
  expect(res.status(), 'GET /v1/responses').toBe(200);
  return ((await res.json()) as { data: StoredRow[] }).data;
}

/** The prompt of a moment (locators pierce its open shadow root). */
export function promptOf(page: Page, momentId: string) {
  return page.locator(`voix-prompt[data-moment="${momentId}"]`);
}

/** Calls `voix(...)` as the site's own code would. */
export async function voix(page: Page, ...args: unknown[]): Promise<void> {
  await page.evaluate((a) => (window as unknown as { voix: (...x: unknown[]) => void }).voix(...a), args);
}

/** Fires a moment once the loader runs (it holds `track` until its config has arrived). */
export async function ask(page: Page, metric: 'nps' | 'csat' | 'ces'): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __voix?: boolean }).__voix === true);
  await voix(page, 'track', metric);
}
