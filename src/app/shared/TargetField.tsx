// The attack's target as a form field: a class, or one drawn from the seed. A target that is not a class of this
// model, or is the image's predicted class (a link's, or one chosen before the image changed), is shown as such
// beside the field and reported by onError, so that Start waits for a valid one.
import { useEffect } from 'react';
import type { ClassInfo } from '../../engine/manifest.ts';

interface Props {
  name: string;
  classes: ClassInfo[];
  source: number | null; // the clean prediction: not a target
  value: number | 'random';
  disabled: boolean;
  onChange(target: number | 'random'): void;
  onError(name: string, error: string | null): void;
}

/** Why `target` cannot be attacked toward here, or null. */
export function targetError(target: number | 'random', classes: number, source: number | null): string | null {
  if (target === 'random') return null;
  if (target >= classes) return `class ${target} is not one of this model's ${classes} classes: pick a target`;
  return target === source ? 'the target is the image\'s predicted class: pick another' : null;
}

export function TargetField({ name, classes, source, value, disabled, onChange, onError }: Props) {
  const error = classes.length ? targetError(value, classes.length, source) : null;
  useEffect(() => onError(name, error), [error]);
  return (
    <label className={error ? 'invalid' : ''}>Target
      <select aria-label="Target class" name={name} value={String(value)} disabled={disabled} aria-invalid={error !== null}
        aria-describedby={error ? `${name}-error` : undefined}
        onChange={(e) => onChange(e.target.value === 'random' ? 'random' : Number(e.target.value))}>
        <option value="random">random (from the seed)</option>
        {error && <option value={String(value)} disabled>class {value}</option>}
        {classes.map((c, i) => i !== source && <option key={c.id} value={i}>{c.name}</option>)}
      </select>
      {error && <span className="field-error" id={`${name}-error`} role="alert">{error}</span>}
    </label>
  );
}
