import type { Theme } from '@voix/shared';

/**
 * Applies the site's theme to the `<voix-prompt>` host: position and colour scheme as attributes
 * (matched by `:host([data-…])` in styles.ts), brand colour and font as custom properties, set
 * one CSSOM property at a time (a `style` attribute string would be blocked by a strict CSP).
 */

/** Relative luminance of `#rgb` / `#rrggbb` (WCAG 2.2). */
export function luminance(hex: string): number {
  let digits = hex.slice(1);
  if (digits.length === 3) digits = digits.replace(/./g, '$&$&');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * Text colour on the brand colour: black or white, whichever contrasts more (at least 4.58:1
 * for any colour). Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05).
 */
export function textOn(hex: string): string {
  const l = luminance(hex);
  return (l + 0.05) ** 2 > 0.0525 ? '#000' : '#fff';
}

export function applyTheme(host: HTMLElement, theme: Theme | undefined): void {
  if (!theme) return;
  if (theme.position) host.setAttribute('data-position', theme.position);
  if (theme.scheme) host.setAttribute('data-scheme', theme.scheme);
  if (theme.color && /^#([\da-f]{3}){1,2}$/i.test(theme.color)) {
    host.style.setProperty('--voix-accent', theme.color);
    host.style.setProperty('--voix-accent-fg', textOn(theme.color));
  }
  if (theme.font === 'inherit') {
    try {
      host.style.setProperty('--voix-font', getComputedStyle(document.body).fontFamily);
    } catch {
      // Keep the system font.
    }
  }
}
