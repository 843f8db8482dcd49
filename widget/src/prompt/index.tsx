import { render } from 'preact';
import { followUpFor } from '../followup.ts';
import { pickText, wantedLocale } from '../locale.ts';
import { Prompt } from './Prompt.tsx';
import { directionOf, loadStrings, type Strings } from './strings.ts';
import { applyStyles } from './styles.ts';
import { applyTheme } from './theme.ts';
import type { PromptOptions } from './types.ts';

/**
 * Entry of the prompt chunk (`dist/prompt-[hash].js`), imported by the loader when a moment fires.
 * Renders into an open shadow root on `<voix-prompt data-moment="…">`, fixed in a corner (or a
 * bottom sheet on narrow screens), so the host page neither shifts nor styles it. The host is a
 * manual popover shown in the top layer where supported: a `transform`, `overflow` or `z-index` on
 * the page's `<body>` then neither moves nor hides it.
 */
export function mount(options: PromptOptions): () => void {
  const { moment, defaultLocale } = options;
  const question = pickText(moment.question, wantedLocale(options.locales, defaultLocale), defaultLocale);
  if (!question) {
    options.onClose();
    return () => {};
  }
  const [locale, text] = question;
  const withBrand = (text: string) => text.split('{brand}').join(options.brand);
  // The follow-up may depend on the score (issue #3): one text for all, or rules per score band.
  const followUp = (score: number) => {
    const picked = pickText(followUpFor(moment, score), locale, defaultLocale);
    return picked && withBrand(picked[1]);
  };

  const dir = directionOf(locale);
  let unmount = () => {};
  let cancelled = false;

  function show(strings: Strings) {
    if (cancelled) return;
    const previous = document.activeElement as HTMLElement | null;
    // Someone typing in a field keeps their focus (never pulled away mid-word); Tab reaches the prompt.
    const typing = !!previous && (previous.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(previous.tagName));
    const host = document.createElement('voix-prompt');
    host.setAttribute('data-moment', moment.id);
    host.lang = locale;
    host.dir = dir;
    host.setAttribute('popover', 'manual');
    applyTheme(host, options.theme);
    const root = host.attachShadow({ mode: 'open' });
    applyStyles(root, options.nonce);
    const container = document.createElement('div');
    root.appendChild(container);
    document.body.appendChild(host);
    try {
      host.showPopover();
    } catch {
      // No popover support: plain position: fixed.
    }

    let score = 0;
    unmount = () => {
      unmount = () => {};
      const hadFocus = document.activeElement === host;
      render(null, container);
      host.remove();
      // Give the focus back only if it was still ours: never pull it from where the customer went.
      if (hadFocus && previous && previous.isConnected) previous.focus({ preventScroll: true });
    };

    render(
      <Prompt
        metric={moment.metric}
        question={withBrand(text)}
        followUp={followUp}
        strings={strings}
        locale={locale}
        dir={dir}
        focusOnOpen={!typing}
        onScore={(value) => options.onAnswer((score = value), undefined, locale)}
        onComment={(comment) => options.onAnswer(score, comment, locale)}
        onDismiss={options.onDismiss}
        onClose={() => {
          unmount();
          options.onClose();
        }}
      />,
      container,
    );
  }

  // The prompt's own words in this language come first (a tiny chunk, English built in).
  loadStrings(locale)
    .then(show)
    .catch(() => {
      unmount();
      options.onClose();
    });
  return () => {
    cancelled = true;
    unmount();
  };
}
