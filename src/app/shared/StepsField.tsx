// A list of step counts as typed ("10, 100, 1000"), parsed by the view's own parser (engine/strip.ts,
// engine/race.ts, as in the CLI).
import type { Parsed } from '../../engine/numbers.ts';
import { ParsedField } from './ParsedField.tsx';

export function StepsField({ parse, ...props }: {
  name: string; label: string; ariaLabel: string; parse(text: string, name: string): Parsed<number[]>;
  value: number[]; disabled: boolean; onChange(steps: number[]): void; onError(name: string, error: string | null): void;
}) {
  return <ParsedField {...props} parse={parse} show={(steps) => steps.join(', ')} same={(a, b) => a.join() === b.join()} />;
}
