// A setting as a form field, typed and parsed strictly as in the CLI (engine/numbers.ts): the attack panel's
// registry parameters and the research views' settings.
import { parseParam, showParam, type ParamSpec } from '../../engine/attack-specs.ts';
import { ParsedField } from './ParsedField.tsx';

/** One registry parameter as a form field; 255ths are typed as such ("16" for 16/255). A boolean is a checkbox. */
export function ParamField({ name, spec, value, disabled, onChange, onError }: {
  name: string; spec: ParamSpec; value: number | boolean; disabled: boolean;
  onChange(value: number | boolean): void; onError(name: string, error: string | null): void;
}) {
  if (spec.kind === 'boolean') {
    return <label><input type="checkbox" checked={value as boolean} disabled={disabled} onChange={(e) => onChange(e.target.checked)} /> {spec.label}</label>;
  }
  return (
    <ParsedField<number> name={name} label={spec.label} unit={spec.per255 ? ' /255' : ''} ariaLabel={spec.label} inputMode="decimal"
      parse={(text, label) => parseParam(text, label, spec, '255ths')} show={(v) => showParam(v, spec)}
      same={(a, b) => Math.abs(a - b) <= 1e-9} value={value as number} disabled={disabled} onChange={onChange} onError={onError} />
  );
}
