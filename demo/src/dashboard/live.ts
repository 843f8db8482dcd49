import type { StoredResponse, Summary } from '@voix/shared';

/**
 * Live updates: `GET /v1/stream` (server-sent events) pushes each new response; the dashboard
 * then reloads its panels with the current filters. `EventSource` cannot send headers, so the
 * key goes in `?key=` on this one same-origin request. If the stream is missing (older
 * collector: 404), refused, or not open within a few seconds, the dashboard polls every 10 s
 * instead — and keeps polling while the browser reconnects a dropped stream, then reloads once
 * when it is back (answers may have arrived in between). A failed stream is retried every minute.
 * While live, a slow reload every minute still runs: the stream announces new responses only,
 * not a follow-up comment added to one later (see docs/dashboard.md).
 *
 * States, shown by the indicator: `connecting`, `live` (stream open), `polling` (fallback).
 */
export type LiveState = 'connecting' | 'live' | 'polling' | 'stopped';

export interface LiveEvent {
  type: 'response';
  response: StoredResponse;
  /** The metric's scores over all answers (no filter), and those of the response's moment. */
  scores?: Summary & { metric: StoredResponse['metric']; moment?: Summary & { id: string } };
}

export interface LiveOptions {
  secretKey: string;
  /** A new response arrived on the stream. */
  onResponse(event: LiveEvent): void;
  /** Time to reload (polling tick, or the stream came back after a gap). */
  onReload(): void;
  onState(state: LiveState): void;
  pollMs?: number;
  /** Background reload while the stream is open. */
  livePollMs?: number;
  openTimeoutMs?: number;
  retryMs?: number;
}

export class LiveUpdates {
  private source: EventSource | null = null;
  private poller: ReturnType<typeof setInterval> | undefined;
  private slowPoller: ReturnType<typeof setInterval> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private state: LiveState = 'stopped';
  private wasOpen = false;

  constructor(private readonly options: LiveOptions) {}

  start(): void {
    this.stop();
    this.connect();
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    clearInterval(this.poller);
    clearInterval(this.slowPoller);
    clearTimeout(this.openTimer);
    clearTimeout(this.retryTimer);
    this.poller = undefined;
    this.slowPoller = undefined;
    this.set('stopped');
  }

  private set(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState(state);
  }

  private connect(): void {
    if (typeof EventSource === 'undefined') {
      this.startPolling();
      return;
    }
    this.set(this.poller ? 'polling' : 'connecting');
    let source: EventSource;
    try {
      source = new EventSource(`/v1/stream?key=${encodeURIComponent(this.options.secretKey)}`);
    } catch {
      this.fallBack();
      return;
    }
    this.source = source;
    this.wasOpen = false;
    clearTimeout(this.openTimer);
    this.openTimer = setTimeout(() => {
      if (this.source === source && source.readyState !== EventSource.OPEN) this.startPolling();
    }, this.options.openTimeoutMs ?? 5_000);
    source.addEventListener('open', () => this.opened(source));
    source.addEventListener('ready', () => this.opened(source));
    source.addEventListener('response', (event) => {
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as LiveEvent;
        if (data && data.type === 'response' && data.response) this.options.onResponse(data);
      } catch {
        this.options.onReload();
      }
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      if (source.readyState === EventSource.CLOSED) this.fallBack();
      // CONNECTING: the browser reconnects by itself (the server asks for `retry: 3000`); poll meanwhile.
      else this.startPolling();
    });
  }

  private opened(source: EventSource): void {
    if (this.source !== source) return;
    clearTimeout(this.openTimer);
    const gap = this.poller !== undefined || this.wasOpen;
    clearInterval(this.poller);
    this.poller = undefined;
    if (this.state !== 'live' && gap) this.options.onReload();
    this.wasOpen = true;
    if (this.slowPoller === undefined) this.slowPoller = setInterval(this.tick, this.options.livePollMs ?? 60_000);
    this.set('live');
  }

  /** The stream is gone for good (404, 401, not an event stream): poll, and try again later. */
  private fallBack(): void {
    this.source?.close();
    this.source = null;
    clearTimeout(this.openTimer);
    this.startPolling();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), this.options.retryMs ?? 60_000);
  }

  private readonly tick = () => {
    if (!document.hidden) this.options.onReload();
  };

  private startPolling(): void {
    clearInterval(this.slowPoller);
    this.slowPoller = undefined;
    if (this.poller === undefined) this.poller = setInterval(this.tick, this.options.pollMs ?? 10_000);
    this.set('polling');
  }
}
