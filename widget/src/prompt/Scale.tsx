import { useRef, useState } from 'preact/hooks';
import { SCALES, type Metric } from '@voix/shared/scales';
import type { Strings } from './strings.ts';

interface ScaleProps {
  metric: Metric;
  strings: Strings;
  labelledBy: string;
  /** Right to left: ArrowLeft moves to the next (higher) score, which is drawn on the left. */
  rtl: boolean;
  onChoose(score: number): void;
}

const KEYS: Record<string, number | 'first' | 'last'> = {
  ArrowRight: 1,
  ArrowDown: 1,
  ArrowLeft: -1,
  ArrowUp: -1,
  Home: 'first',
  End: 'last',
};

/**
 * The answer scale as a radio group of buttons. One button is in the tab order (roving tabindex);
 * the arrow keys, Home and End move the focus, and Enter, Space or a click choose the score.
 * Arrows do not choose, because choosing sends the answer.
 */
export function Scale({ metric, strings, labelledBy, rtl, onChoose }: ScaleProps) {
  const { min, max } = SCALES[metric];
  const [active, setActive] = useState(min);
  const [chosen, setChosen] = useState<number>();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const [low, high] = strings.ends[metric];

  function onKeyDown(event: KeyboardEvent) {
    let move = KEYS[event.key];
    if (move === undefined) return;
    if (rtl && /Left|Right/.test(event.key)) move = -move;
    event.preventDefault();
    const next = move === 'first' ? min : move === 'last' ? max : Math.min(max, Math.max(min, active + move));
    setActive(next);
    buttons.current[next - min]?.focus();
  }

  return (
    <div>
      <div role="radiogroup" aria-labelledby={labelledBy} class={`scale ${metric}`} onKeyDown={onKeyDown}>
        {scores.map((score) => (
          <button
            key={score}
            ref={(el) => {
              buttons.current[score - min] = el;
            }}
            type="button"
            role="radio"
            aria-checked={chosen === score}
            aria-label={`${score} — ${strings.points[metric][score - min]}`}
            data-score={score}
            tabIndex={score === active ? 0 : -1}
            onFocus={() => setActive(score)}
            onClick={() => {
              if (chosen !== undefined) return;
              setChosen(score);
              onChoose(score);
            }}
          >
            {score}
          </button>
        ))}
      </div>
      <div class="ends" aria-hidden="true">
        <span>{low}</span>
        <span>{high}</span>
      </div>
    </div>
  );
}
