import { useEffect, useRef, useState } from 'preact/hooks';
import { Scale } from './Scale.tsx';
import type { Strings } from './strings.ts';
import type { Metric } from '@voix/shared/scales';

export interface PromptProps {
  metric: Metric;
  /** Question text in `locale` (plain text, never markup). */
  question: string;
  /** Follow-up question for a score; when it gives none, the prompt thanks right after the score. */
  followUp?: ((score: number) => string | undefined) | undefined;
  /** The prompt's own words, in `locale`. */
  strings: Strings;
  /** Language of the texts. */
  locale: string;
  dir: 'ltr' | 'rtl';
  /** Move the focus into the prompt when it opens (not while the customer is typing elsewhere). */
  focusOnOpen: boolean;
  /** Rendered in the page's flow: a group, not a dialog, and the thank-you stays. */
  inline?: boolean;
  /** Inline only: the exchange is over (thanked) while the card stays in the page. */
  onFinished?: () => void;
  /** Offers "Ask me later by email" beside the scale. */
  onLater?: (() => void) | undefined;
  onScore(score: number): void;
  onComment(comment: string): void;
  onDismiss(): void;
  onClose(): void;
}

type Step = 'ask' | 'followUp' | 'thanks' | 'later';

const TITLE = 'voix-title';
const THANKS_MS = 4000;

/**
 * The card: question and scale → optional follow-up → thank-you, then it closes itself (after 4 s
 * without the pointer over it; an inline card keeps its thank-you). "Ask me later by email", when
 * offered, ends it the same way with a word that the email will come.
 * A non-modal dialog: no focus trap; Escape (while focus is inside) and the close button dismiss.
 * Config and customer text is rendered as text nodes only.
 */
export function Prompt(props: PromptProps) {
  const { metric, question, followUp, strings, locale, dir } = props;
  const [step, setStep] = useState<Step>('ask');
  const [followUpText, setFollowUpText] = useState<string>();
  const card = useRef<HTMLDivElement>(null);
  const comment = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const focusable = {
      ask: () => card.current?.querySelector<HTMLElement>('[tabindex="0"]'),
      followUp: () => comment.current,
      thanks: () => card.current,
      later: () => card.current,
    }[step]();
    if (step !== 'ask' || props.focusOnOpen) focusable?.focus({ preventScroll: true });
  }, [step]);

  // Inline, the card keeps its thank-you, but the moment is over: the page may ask another
  // (after an SPA navigation, say) instead of waiting for a card that never closes.
  useEffect(() => {
    if (props.inline && (step === 'thanks' || step === 'later')) props.onFinished?.();
  }, [step]);

  // The thank-you closes itself, but not under the pointer of someone still reading it.
  const [hovered, setHovered] = useState(false);
  useEffect(() => {
    if (step === 'ask' || step === 'followUp' || hovered || props.inline) return;
    const timer = setTimeout(props.onClose, THANKS_MS);
    return () => clearTimeout(timer);
  }, [step, hovered]);

  function choose(score: number) {
    props.onScore(score);
    const text = followUp?.(score);
    setFollowUpText(text);
    setStep(text ? 'followUp' : 'thanks');
  }

  function send() {
    const text = comment.current?.value.trim();
    if (text) props.onComment(text);
    setStep('thanks');
  }

  function close() {
    if (step === 'ask') props.onDismiss();
    props.onClose();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  }

  return (
    <div
      ref={card}
      class="card"
      role={props.inline ? 'group' : 'dialog'}
      aria-labelledby={TITLE}
      lang={locale}
      dir={dir}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      {step === 'ask' && (
        <>
          <p id={TITLE} class="title">
            {question}
          </p>
          <Scale metric={metric} strings={strings} labelledBy={TITLE} rtl={dir === 'rtl'} onChoose={choose} />
          {props.onLater && (
            <button
              type="button"
              class="later"
              data-action="later"
              onClick={() => {
                props.onLater!();
                setStep('later');
              }}
            >
              {strings.later}
            </button>
          )}
        </>
      )}
      {step === 'followUp' && (
        <>
          <label id={TITLE} class="title" for="voix-comment">
            {followUpText}
          </label>
          <textarea ref={comment} id="voix-comment" name="comment" maxLength={2000} rows={3} />
          <div class="actions">
            <button type="button" data-action="skip" onClick={() => setStep('thanks')}>
              {strings.skip}
            </button>
            <button type="button" class="primary" data-action="send" onClick={send}>
              {strings.send}
            </button>
          </div>
        </>
      )}
      <div role="status" aria-live="polite">
        {(step === 'thanks' || step === 'later') && (
          <p id={TITLE} class="thanks" data-state={step}>
            {step === 'later' ? strings.laterThanks : strings.thanks}
          </p>
        )}
      </div>
      <button type="button" class="close" data-action="close" aria-label={strings.close} onClick={close}>
        ×
      </button>
    </div>
  );
}
