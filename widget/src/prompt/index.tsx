import { render } from 'preact';
import { pickText, wantedLocale } from '../locale.ts';
import { Prompt } from './Prompt.tsx';
import { applyStyles } from './styles.ts';
import type { PromptOptions } from './types.ts';

/**
 * Entry of the prompt chunk (`dist/prompt-[hash].js`), imported by the loader when a moment fires.
 * Renders into an open shadow root on `<voix-prompt data-moment="…">`, fixed at the bottom right of
 * `document.body`, so the host page neither shifts nor styles it.
 */
export function mount(options: PromptOptions): () => void {
  const { moment, defaultLocale } = options;
  const question = pickText(moment.question, wantedLocale(options.locales, defaultLocale), defaultLocale);
  if (!question) {
    options.onClose();
    return () => {};
  }
  const [locale] = question;
  const followUp = pickText(moment.followUp, locale, defaultLocale);
  const withBrand = (text: string) => text.split('{brand}').join(options.brand);

  const previous = document.activeElement as HTMLElement | null;
  const host = document.createElement('voix-prompt');
  host.setAttribute('data-moment', moment.id);
  host.lang = locale;
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root, options.nonce);
  const container = document.createElement('div');
  root.appendChild(container);
  document.body.appendChild(host);

  let mounted = true;
  let score = 0;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    const hadFocus = document.activeElement === host;
    render(null, container);
    host.remove();
    // Give the focus back only if it was still ours: never pull it from where the customer went.
    if (hadFocus && previous && previous.isConnected) previous.focus({ preventScroll: true });
  };

  render(
    <Prompt
      metric={moment.metric}
      question={withBrand(question[1])}
      followUp={followUp && withBrand(followUp[1])}
      locale={locale}
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
  return unmount;
}
