import { useEffect, useRef, useState } from 'preact/hooks';
import { Scale } from './Scale.tsx';
import { stringsFor } from './strings.ts';
import type { Metric } from '@voix/shared/scales';

export interface PromptProps {
  metric: Metric;
  /** Question text in `locale` (plain text, never markup). */
  question: string;
  /** Follow-up question; when absent, the prompt thanks right after the score. */
  followUp?: string | undefined;
  /** Language of the texts; also picks the prompt's own strings. */
  locale: string;
  onScore(score: number): void;
  onComment(comment: string): void;
  onDismiss(): void;
  onClose(): void;
}

type Step = 'ask' | 'followUp' | 'thanks';

const TITLE = 'voix-title';
const THANKS_MS = 4000;

/**
 * The card: question and scale → optional follow-up → thank-you, then it closes itself.
 * A non-modal dialog: no focus trap; Escape (while focus is inside) and the close button dismiss.
 * Config and customer text is rendered as text nodes only.
 */
export function Prompt(props: PromptProps) {
  const { metric, question, followUp, locale } = props;
  const strings = stringsFor(locale);
  const [step, setStep] = useState<Step>('ask');
  const card = useRef<HTMLDivElement>(null);
  const comment = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const focusable = {
      ask: () => card.current?.querySelector<HTMLElement>('[tabindex="0"]'),
      followUp: () => comment.current,
      thanks: () => card.current,
    }[step]();
    focusable?.focus({ preventScroll: true });
    if (step !== 'thanks') return;
    const timer = setTimeout(props.onClose, THANKS_MS);
    return () => clearTimeout(timer);
  }, [step]);

  function choose(score: number) {
    props.onScore(score);
    setStep(followUp ? 'followUp' : 'thanks');
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
    <div ref={card} class="card" role="dialog" aria-labelledby={TITLE} tabIndex={-1} onKeyDown={onKeyDown}>
      {step === 'ask' && (
        <>
          <p id={TITLE} class="title">
            {question}
          </p>
          <Scale metric={metric} strings={strings} labelledBy={TITLE} onChoose={choose} />
        </>
      )}
      {step === 'followUp' && (
        <>
          <label id={TITLE} class="title" for="voix-comment">
            {followUp}
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
        {step === 'thanks' && (
          <p id={TITLE} class="thanks" data-state="thanks">
            {strings.thanks}
          </p>
        )}
      </div>
      <button type="button" class="close" data-action="close" aria-label={strings.close} onClick={close}>
        ×
      </button>
    </div>
  );
}
