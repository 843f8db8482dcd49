import type { Moment, Theme } from '@voix/shared';

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
  /** The prompt is gone (dismissed, or thanked and closed). */
  onClose(): void;
}

/** What the prompt chunk exports. */
export interface PromptModule {
  /** Shows the prompt; returns a function that removes it (without counting a dismissal). */
  mount(options: PromptOptions): () => void;
}
