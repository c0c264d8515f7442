import type { ClassInfo } from '../../engine/manifest.ts';

interface Props {
  classes: ClassInfo[];
  source: number | null; // the clean prediction: not a target
  value: number | 'random';
  disabled: boolean;
  onChange(target: number | 'random'): void;
}

/** The attack's target: a class, or one drawn from the seed. */
export function TargetField({ classes, source, value, disabled, onChange }: Props) {
  return (
    <label>Target
      <select aria-label="Target class" value={String(value)} disabled={disabled}
        onChange={(e) => onChange(e.target.value === 'random' ? 'random' : Number(e.target.value))}>
        <option value="random">random (from the seed)</option>
        {classes.map((c, i) => i !== source && <option key={c.id} value={i}>{c.name}</option>)}
      </select>
    </label>
  );
}
