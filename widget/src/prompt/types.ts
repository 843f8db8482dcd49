import type { Moment, PublicSiteConfig, Theme } from '@voix/shared';
import type { State } from '../engine.ts';

/**
 * The contract between the loader and the prompt chunk. The loader decides which moment to show
 * and owns the network and the state; the prompt picks the language and texts, renders, and
 * reports what the customer did. Everything only needed once a prompt shows lives in the chunk.
 */
export interface PromptOptions {
  moment: Moment;
  brand: string;
  defaultLocale: string;
  /** The site's theme (brand colour, position, scheme, font); defaults when absent. */
  theme?: Theme | undefined;
  /** Preferred languages, strongest first: `voix('locale')`, `data-locale`, the browser's language. */
  locales: (string | undefined)[];
  /** CSP nonce for the `<style>` fallback when constructable stylesheets are unavailable. */
  nonce?: string | undefined;
  /** A score was chosen (`comment` undefined), or the follow-up was answered (same score, with a comment). */
  onAnswer(score: number, comment: string | undefined, locale: string): void;
  /** Closed (Escape or the close button) before a score was given. */
  onDismiss(): void;
  /**
   * Set when the customer may be asked later by email instead (an email on file and a moment
   * that lists the email channel): the prompt then offers "Ask me later by email".
   */
  onLater?: ((locale: string) => void) | undefined;
  /** The prompt is gone (dismissed, or thanked and closed). */
  onClose(): void;
}

/**
 * What the loader hands over when a moment shows in the page: the moment and config, and its
 * services (the outbox, the stored state, ids, logging). The chunk turns what the customer does
 * into payloads, so that the always-loaded loader stays small.
 */
export interface PresentContext {
  moment: Moment;
  config: PublicSiteConfig;
  locales: (string | undefined)[];
  nonce?: string | undefined;
  anonymousId: string;
  /** Queues a POST in the outbox (sent at once, retried until acknowledged). */
  send(path: string, body: Record<string, unknown>): void;
  /** Reads the stored state, optionally changing it first (shared by the site's tabs). */
  state(change?: (state: State) => void): State;
  uuid(): string;
  /** Wraps a callback so that it logs (debug mode) instead of throwing into the host page. */
  safe<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void;
  log(...args: unknown[]): void;
  onClose(): void;
}

/** What the prompt chunk exports. */
export interface PromptModule {
  /** Shows the prompt; returns a function that removes it (without counting a dismissal). */
  mount(options: PromptOptions): () => void;
  /** Shows a moment in the page for the loader, and reports the answers through its outbox. */
  present(context: PresentContext): () => void;
}
