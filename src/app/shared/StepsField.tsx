// A list of step counts as typed ("10, 100, 1000"), parsed strictly by the view's own parser (engine/strip.ts,
// engine/race.ts, as in the CLI); a bad list is shown beside the field and reported by onError.
import { useEffect, useState } from 'react';
import type { Parsed } from '../../engine/numbers.ts';

export function StepsField({ name, label, ariaLabel, parse, value, disabled, onChange, onError }: {
  name: string; label: string; ariaLabel: string; parse(text: string, name: string): Parsed<number[]>;
  value: number[]; disabled: boolean; onChange(steps: number[]): void; onError(name: string, error: string | null): void;
}) {
  const [text, setText] = useState(value.join(', '));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { // the store changed under the field (a scene, a link): show its value unless what is typed means it
    const typed = parse(text, label);
    if (!typed.ok || typed.value.join() !== value.join()) {
      setText(value.join(', '));
      setError(null);
      onError(name, null);
    }
  }, [value]);
  const edit = (typed: string) => {
    setText(typed);
    const parsed = parse(typed, label);
    setError(parsed.ok ? null : parsed.error);
    onError(name, parsed.ok ? null : parsed.error);
    if (parsed.ok) onChange(parsed.value);
  };
  return (
    <label className={error ? 'invalid' : ''}>{label}
      <input type="text" aria-label={ariaLabel} name={name} disabled={disabled} value={text} aria-invalid={error !== null}
        aria-describedby={error ? `${name}-error` : undefined} onChange={(e) => edit(e.target.value)} />
      {error && <span className="field-error" id={`${name}-error`} role="alert">{error}</span>}
    </label>
  );
}
