import type { StoredResponse, Summary } from '@voix/shared';

/**
 * In-process publish/subscribe for the live stream (`GET /v1/stream`), injected through the app's
 * deps. On Node one process holds every subscriber, so this is all it takes. On Workers each
 * isolate has its own memory: a response stored by one isolate is not seen by a stream held by
 * another, so the Workers entry should inject a bus backed by a Durable Object, or let clients
 * poll `GET /v1/responses` / `GET /v1/aggregates` instead (the stream's payloads are the same).
 */
export interface LiveScores extends Summary {
  metric: StoredResponse['metric'];
  /** The summary of the response's moment. */
  moment: Summary & { id: string };
}
export interface LiveEvent {
  type: 'response';
  response: StoredResponse;
  scores: LiveScores;
}

export interface EventBus {
  publish(siteKey: string, event: LiveEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(siteKey: string, listener: (event: LiveEvent) => void): () => void;
  subscribers(siteKey: string): number;
}

export function createEventBus(): EventBus {
  const listeners = new Map<string, Set<(event: LiveEvent) => void>>();
  return {
    publish(siteKey, event) {
      for (const l of listeners.get(siteKey) ?? []) {
        try {
          l(event);
        } catch {
          // One broken subscriber never stops the others.
        }
      }
    },
    subscribe(siteKey, listener) {
      let set = listeners.get(siteKey);
      if (!set) listeners.set(siteKey, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(siteKey);
      };
    },
    subscribers: (siteKey) => listeners.get(siteKey)?.size ?? 0,
  };
}
