import { render } from 'preact';
import { followUpFor } from '../followup.ts';
import { pickText, wantedLocale } from '../locale.ts';
import { Prompt } from './Prompt.tsx';
import { directionOf, loadStrings, type Strings } from './strings.ts';
import { applyStyles } from './styles.ts';
import { applyTheme } from './theme.ts';
import type { PresentContext, PromptOptions } from './types.ts';

/**
 * Entry of the prompt chunk (`dist/prompt-[hash].js`), imported by the loader when a moment fires.
 * Renders into an open shadow root on `<voix-prompt data-moment="…">`, fixed in a corner (or a
 * bottom sheet on narrow screens), so the host page neither shifts nor styles it. The host is a
 * manual popover shown in the top layer where supported: a `transform`, `overflow` or `z-index` on
 * the page's `<body>` then neither moves nor hides it. An `inline` moment renders instead inside
 * the page's `<div data-voix-moment="ID">` when there is one (no popup; the card stays after the
 * thank-you, so the page below it does not move again).
 */
export function mount(options: PromptOptions): () => void {
  const { moment, defaultLocale } = options;
  const slot = moment.display == 'inline' ? document.querySelector(`[data-voix-moment="${moment.id}"]`) : null;
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
    applyTheme(host, options.theme);
    const root = host.attachShadow({ mode: 'open' });
    applyStyles(root, options.nonce);
    const container = document.createElement('div');
    root.appendChild(container);
    if (slot) {
      host.setAttribute('data-display', 'inline');
      slot.appendChild(host);
    } else {
      host.setAttribute('popover', 'manual');
      document.body.appendChild(host);
      try {
        host.showPopover();
      } catch {
        // No popover support: plain position: fixed.
      }
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
        // In the page's flow, a question appearing does not take the focus: Tab reaches it.
        focusOnOpen={!typing && !slot}
        inline={!!slot}
        onFinished={options.onClose}
        onLater={options.onLater && (() => options.onLater!(locale))}
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

  // The prompt's own words in this language come first (a tiny chunk of their own).
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

/**
 * Shows a moment for the loader: the answers become outbox items (`/v1/responses`, with one id
 * for the score and its later comment), a dismissal is remembered for fatigue, and "Ask me later
 * by email" makes email the customer's preferred channel (here and, for an identified customer,
 * on the collector) and asks the collector for an email invitation.
 */
export function present(context: PresentContext): () => void {
  const { moment, config, anonymousId, send, state, safe, log } = context;
  const { siteKey } = config;
  const responseId = context.uuid();
  const email = state().attributes?.email;
  return mount({
    moment,
    brand: config.brand,
    defaultLocale: config.defaultLocale,
    theme: config.theme,
    locales: context.locales,
    nonce: context.nonce,
    onAnswer: safe((score: number, comment: string | undefined, locale: string) => {
      log(`${moment.id}: answered ${score}`);
      const { userId, attributes } = state();
      send('/v1/responses', {
        id: responseId,
        siteKey,
        momentId: moment.id,
        score,
        comment: comment && comment.slice(0, 2000),
        anonymousId,
        userId: userId || undefined,
        locale,
        channel: 'inpage',
        attributes,
      });
    }),
    onDismiss: safe(() => {
      log(`${moment.id}: dismissed`);
      state((s) => {
        s.dismissed[moment.id] = Date.now();
      });
    }),
    onLater:
      typeof email == 'string' && moment.channels.includes('email')
        ? safe((locale: string) => {
            log(`${moment.id}: later by email`);
            const { userId } = state((s) => {
              s.attributes = { ...s.attributes, preferredChannel: 'email' };
            });
            send('/v1/invitations/request', {
              id: context.uuid(),
              siteKey,
              momentId: moment.id,
              anonymousId,
              userId: userId || undefined,
              channel: 'email',
              email,
              preferredChannel: 'email',
              locale,
            });
          })
        : undefined,
    onClose: context.onClose,
  });
}
