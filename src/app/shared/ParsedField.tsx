// A text field whose text is parsed strictly (engine/numbers.ts and the parsers built on it, as in the CLI): a bad
// value is shown beside the field and reported by onError; a good one goes to onChange. ParamField and StepsField.
import { useEffect, useState } from 'react';
import type { Parsed } from '../../engine/numbers.ts';
import { useApp } from '../state/store.ts';

export interface ParsedFieldProps<T> {
  name: string;
  label: string; // shown, and the name errors give
  unit?: string; // shown after the label
  ariaLabel: string;
  parse(text: string, label: string): Parsed<T>;
  show(value: T): string;
  same(a: T, b: T): boolean;
  value: T;
  disabled: boolean;
  inputMode?: 'decimal';
  onChange(value: T): void;
  onError(name: string, error: string | null): void;
}

export function ParsedField<T>({ name, label, unit = '', ariaLabel, parse, show, same, value, disabled, inputMode, onChange, onError }: ParsedFieldProps<T>) {
  const [text, setText] = useState(show(value));
  const [error, setError] = useState<string | null>(null);
  const linksApplied = useApp((s) => s.linksApplied);
  useEffect(() => { // the store changed under the field, or a link (a scene) set it, maybe to the value it had: show
    // the store's value unless what is typed means it
    const typed = parse(text, label);
    if (!typed.ok || !same(typed.value, value)) {
      setText(show(value));
      setError(null);
      onError(name, null);
    }
  }, [value, linksApplied]);
  const edit = (typed: string) => {
    setText(typed);
    const parsed = parse(typed, label);
    setError(parsed.ok ? null : parsed.error);
    onError(name, parsed.ok ? null : parsed.error);
    if (parsed.ok) onChange(parsed.value);
  };
  return (
    <label className={error ? 'invalid' : ''}>{label}{unit}
      <input type="text" inputMode={inputMode} aria-label={ariaLabel} name={name} disabled={disabled} value={text}
        aria-invalid={error !== null} aria-describedby={error ? `${name}-error` : undefined} onChange={(e) => edit(e.target.value)} />
      {error && <span className="field-error" id={`${name}-error`} role="alert">{error}</span>}
    </label>
  );
}
