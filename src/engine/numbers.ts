// One strict parser for every number a person types, in the CLI and in the UI: a decimal or a fraction a/b,
// nothing else ("" is not 0, "1/2/3" is not 1/2, "abc" is not NaN), within stated bounds.

export interface NumberRule {
  min: number;
  max: number;
  exclusiveMin?: boolean; // (min, max] instead of [min, max]
  integer?: boolean;
  fraction?: boolean; // a/b allowed, e.g. 16/255
  show?: (value: number) => string; // how the bounds are written in errors, e.g. as 255ths
}

const DECIMAL = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const DECIMAL_ONLY = new RegExp(`^${DECIMAL}$`);
const FRACTION = new RegExp(`^(${DECIMAL})\\s*/\\s*(${DECIMAL})$`);

export type Parsed<T = number> = { ok: true; value: T } | { ok: false; error: string };

/** Parses `text` by `rule`; the error names `name`, what was typed and what is valid. */
export function parseNumber(text: string, name: string, rule: NumberRule): Parsed {
  const trimmed = text.trim();
  const fail = (why: string): Parsed => ({ ok: false, error: `${name}: ${why}, got ${JSON.stringify(text)}` });
  let value: number;
  const fraction = rule.fraction ? FRACTION.exec(trimmed) : null;
  if (fraction) {
    const denominator = Number(fraction[2]);
    if (denominator === 0) return fail('the denominator is 0');
    value = Number(fraction[1]) / denominator;
  } else if (DECIMAL_ONLY.test(trimmed)) {
    value = Number(trimmed);
  } else {
    return fail(rule.integer ? 'must be an integer' : rule.fraction ? 'must be a number or a fraction like 16/255' : 'must be a number');
  }
  if (!Number.isFinite(value)) return fail('must be finite');
  if (rule.integer && !Number.isInteger(value)) return fail('must be an integer');
  const tooSmall = rule.exclusiveMin ? value <= rule.min : value < rule.min;
  const show = rule.show ?? String;
  if (tooSmall || value > rule.max) return fail(`must be in ${rule.exclusiveMin ? '(' : '['}${show(rule.min)}, ${show(rule.max)}]`);
  return { ok: true, value };
}

/** parseNumber that throws its error: for the CLI. */
export function parseNumberOrThrow(text: string, name: string, rule: NumberRule): number {
  const parsed = parseNumber(text, name, rule);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
