/**
 * The page's side of the install snippet: `window.voix` is the stub queue until the widget's
 * loader arrives, then the real function. Calls go through `window.voix` at call time so that
 * they reach whichever is installed.
 */
type VoixCall =
  | [command: 'track', event: string, properties?: Record<string, string | number | boolean>]
  | [command: 'show', momentId: string]
  | [command: 'locale', locale: string];

declare global {
  interface Window {
    voix?: (...args: unknown[]) => void;
  }
}

export function voix(...call: VoixCall): void {
  if (typeof window.voix === 'function') window.voix(...call);
}
