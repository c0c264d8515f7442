// A setting as a form field, typed and parsed strictly as in the CLI (engine/numbers.ts): the attack panel's
// registry parameters and the research views' settings.
import { useEffect, useState } from 'react';
import { parseParam, type ParamSpec } from '../../engine/attack-specs.ts';

/** One registry parameter as a form field; 255ths are typed as such ("16" for 16/255). What is typed is parsed
 * strictly (engine/numbers.ts, as in the CLI): a bad value is shown beside the field and reported by onError. */
export function ParamField({ name, spec, value, disabled, onChange, onError }: {
  name: string; spec: ParamSpec; value: number | boolean; disabled: boolean;
  onChange(value: number | boolean): void; onError(name: string, error: string | null): void;
}) {
  const shown = (v: number) => String(+(v * (spec.kind === 'number' && spec.per255 ? 255 : 1)).toFixed(4));
  const [text, setText] = useState(spec.kind === 'number' ? shown(value as number) : '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { // the store changed under the field (a scene, a link): show its value unless what is typed means it
    if (spec.kind !== 'number') return;
    const typed = parseParam(text, spec.label, spec, '255ths');
    if (!typed.ok || Math.abs(typed.value - (value as number)) > 1e-9) {
      setText(shown(value as number));
      setError(null);
      onError(name, null);
    }
  }, [value]);
  if (spec.kind === 'boolean') {
    return <label><input type="checkbox" checked={value as boolean} disabled={disabled} onChange={(e) => onChange(e.target.checked)} /> {spec.label}</label>;
  }
  const edit = (typed: string) => {
    setText(typed);
    const parsed = parseParam(typed, spec.label, spec, '255ths');
    setError(parsed.ok ? null : parsed.error);
    onError(name, parsed.ok ? null : parsed.error);
    if (parsed.ok) onChange(parsed.value);
  };
  return (
    <label className={error ? 'invalid' : ''}>{spec.label}{spec.per255 ? ' /255' : ''}
      <input type="text" inputMode="decimal" aria-label={spec.label} name={name} disabled={disabled} value={text}
        aria-invalid={error !== null} aria-describedby={error ? `${name}-error` : undefined} onChange={(e) => edit(e.target.value)} />
      {error && <span className="field-error" id={`${name}-error`} role="alert">{error}</span>}
    </label>
  );
}
