import type { PublicSiteConfig } from '@voix/shared';

/**
 * Entry of the tab chunk (`dist/tab-[hash].js`), imported by the loader only for a site whose
 * config declares a feedback tab (issue #7): an always-visible "Feedback" button at the side of
 * the page that opens the tab's moment. Fixed in the viewport, so the page never moves; in an
 * open shadow root with `!important` host rules, like the prompt, so the page cannot restyle it.
 * Imports nothing the prompt chunk imports, so that neither pulls a shared chunk.
 */

/** The button's word when the config gives none, per primary language subtag. */
const WORDS: Record<string, string> = { en: 'Feedback', fr: 'Votre avis', es: 'Opinión', de: 'Feedback', ar: 'رأيك' };

const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;top:50%!important;bottom:auto!important;
z-index:2147482999!important;margin:0!important;padding:0!important;transform:none!important;visibility:visible!important;opacity:1!important}
:host([data-side=right]){right:0!important;left:auto!important}:host([data-side=left]){left:0!important;right:auto!important}
button{all:initial;box-sizing:border-box;display:block;cursor:pointer;writing-mode:vertical-rl;transform:translateY(-50%);
padding:14px 8px;font:600 14px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;
border:1px solid #767676;box-shadow:0 2px 10px rgba(0,0,0,.2)}
:host([data-side=right]) button{border-right:0;border-left:4px solid var(--voix-accent,#1d4ed8);border-radius:8px 0 0 8px}
:host([data-side=left]) button{border-left:0;border-right:4px solid var(--voix-accent,#1d4ed8);border-radius:0 8px 8px 0}
button:focus-visible{outline:2px solid #1a1a1a;outline-offset:2px}
@media (prefers-color-scheme:dark){button{color:#f2f2f2;background:#1f1f1f}button:focus-visible{outline-color:#f2f2f2}}`;

/** The button's text: the config's label in the customer's language, else the widget's word. */
function tabLabel(config: PublicSiteConfig, locales: (string | undefined)[]): [locale: string, text: string] {
  const wanted = locales.find(Boolean) || config.defaultLocale;
  const lang = wanted.split('-')[0]!.toLowerCase();
  const label = config.tab?.label || {};
  for (const key of [wanted, lang, config.defaultLocale]) if (label[key]) return [key, label[key]];
  return WORDS[lang] ? [lang, WORDS[lang]] : ['en', WORDS.en!];
}

/** Adds the tab (once); a click calls `open`. */
export function tab(config: PublicSiteConfig, locales: (string | undefined)[], nonce: string | undefined, open: () => void): void {
  if (!config.tab || document.querySelector('voix-tab')) return;
  const host = document.createElement('voix-tab');
  const [locale, text] = tabLabel(config, locales);
  host.lang = locale;
  host.setAttribute('data-side', config.tab.side || 'right');
  if (config.theme?.color) host.style.setProperty('--voix-accent', config.theme.color);
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = root.appendChild(document.createElement('style'));
    style.nonce = nonce || '';
    style.textContent = CSS;
  }
  const button = root.appendChild(document.createElement('button'));
  button.type = 'button';
  button.textContent = text;
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('data-action', 'feedback');
  button.onclick = open;
  document.body.appendChild(host);
}
