import './shop.css';
import { voix } from './voix.ts';

/**
 * Behaviour shared by every shop page: the EN/FR switch. The chosen language is remembered for
 * the visit and handed to the widget with `voix('locale', …)`, so prompts speak it.
 */
const STORAGE_KEY = 'demo-shop:locale';
const LOCALES = ['en', 'fr'] as const;
type Locale = (typeof LOCALES)[number];

function storedLocale(): Locale | null {
  try {
    const value = sessionStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : null;
  } catch {
    return null;
  }
}

function applyLocale(locale: Locale, remember: boolean): void {
  document.documentElement.lang = locale;
  for (const button of document.querySelectorAll<HTMLButtonElement>('.lang-switch [data-locale]')) {
    button.setAttribute('aria-pressed', String(button.dataset.locale === locale));
  }
  voix('locale', locale);
  if (remember) {
    try {
      sessionStorage.setItem(STORAGE_KEY, locale);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }
}

const initial = storedLocale();
if (initial) applyLocale(initial, false);

document.querySelector('.lang-switch')?.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('[data-locale]');
  const locale = button?.dataset.locale as Locale | undefined;
  if (locale && (LOCALES as readonly string[]).includes(locale)) applyLocale(locale, true);
});
