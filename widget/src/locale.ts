/**
 * Which language to speak: `voix('locale')` > `data-locale` > the browser's language (primary
 * subtag) > the site's default locale. Text then falls back to the default locale, then to the
 * first text available, so that a prompt is never empty.
 */

export function primary(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

/** `preferred` is `[voix('locale'), data-locale, navigator.language]`, any of them unset. */
export function wantedLocale(preferred: (string | undefined)[], defaultLocale: string): string {
  const [override, dataLocale, browser] = preferred;
  return override || dataLocale || (browser && primary(browser)) || defaultLocale;
}

/** The locale key of the text to show, and the text; `undefined` when no text is usable. */
export function pickText(
  texts: Record<string, string> | undefined,
  wanted: string,
  defaultLocale: string,
): [locale: string, text: string] | undefined {
  if (!texts) return undefined;
  for (const key of [wanted, primary(wanted), defaultLocale, ...Object.keys(texts)]) {
    const text = texts[key];
    if (typeof text === 'string' && text.trim()) return [key, text];
  }
  return undefined;
}
