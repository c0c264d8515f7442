// The attack registry's settings half: every attack's name, label, parameters with defaults and limits.
// No tfjs here, so the UI can build its forms from it; the steps live in attacks.ts (ATTACKS), keyed the same.
// Mirrors training/attacks.py's ATTACKS.
import { parseNumber, type NumberRule, type Parsed } from './numbers.ts';

export interface NumberParam extends NumberRule {
  kind: 'number';
  label: string;
  default: number;
  per255?: boolean; // shown and typed in the UI in 255ths; the CLI takes a fraction like 2/255
}

export interface BooleanParam {
  kind: 'boolean';
  label: string;
  default: boolean;
}

export type ParamSpec = NumberParam | BooleanParam;

export interface AttackSpec {
  label: string; // "PGD"
  description: string; // shown beside the label in pickers
  singleStep?: boolean; // one step, no steps setting
  params: Record<string, ParamSpec>; // the attack's own settings, beyond eps and steps
  perStep(params: AttackParams): ModelEvaluations; // what one step costs: budgets are compared with it
}

/** Model evaluations: forward passes, and gradients (a forward and a backward pass each). */
export interface ModelEvaluations { forwards: number; gradients: number }

export const ATTACK_SPECS = {
  pgd: {
    label: 'PGD', description: 'gradient',
    params: {
      stepSize: { kind: 'number', label: 'Step', default: 2 / 255, min: 0.01 / 255, max: 64 / 255, per255: true },
      randomStart: { kind: 'boolean', label: 'Random start', default: true },
    },
    perStep: () => ({ forwards: 0, gradients: 1 }),
  },
  spsa: {
    label: 'SPSA', description: 'gradient-free',
    params: {
      samples: { kind: 'number', label: 'Samples', default: 32, min: 1, max: 128, integer: true },
      delta: { kind: 'number', label: 'δ', default: 0.01, min: 1e-4, max: 0.5 },
      lr: { kind: 'number', label: 'Learning rate', default: 0.01, min: 1e-4, max: 1 },
    },
    perStep: (params) => ({ forwards: 2 * (params.samples as number), gradients: 0 }), // an antithetic pair per sample
  },
  fgsm: {
    label: 'FGSM', description: 'one gradient step of size ε', singleStep: true,
    params: {},
    perStep: () => ({ forwards: 0, gradients: 1 }),
  },
} as const satisfies Record<string, AttackSpec>;

export type AttackName = keyof typeof ATTACK_SPECS;
export const ATTACK_NAMES = Object.keys(ATTACK_SPECS) as AttackName[];
export type AttackParams = Record<string, number | boolean>;

/** Settings every attack shares, with their defaults and limits. */
export const COMMON_PARAMS = {
  eps: { kind: 'number', label: 'ε', default: 16 / 255, min: 0, max: 1, exclusiveMin: true, per255: true },
  steps: { kind: 'number', label: 'Steps', default: 40, min: 1, max: 1000, integer: true },
  seed: { kind: 'number', label: 'Seed', default: 0, min: 0, max: 2 ** 31 - 1, integer: true },
  frameEvery: { kind: 'number', label: 'Frame every', default: 1, min: 1, max: 1000, integer: true },
} as const satisfies Record<string, NumberParam>;

/** "10, 100, 1000" -> [10, 100, 1000]: 1 to `most` comma-separated step counts within COMMON_PARAMS.steps,
 * increasing; errors name `name` and show `example`. The strip and the race read their step lists (UI and CLI) here. */
export function parseStepList(text: string, name: string, example: readonly number[], most = Infinity): Parsed<number[]> {
  const steps: number[] = [];
  for (const part of text.split(',')) {
    const parsed = parseNumber(part, name, COMMON_PARAMS.steps);
    if (!parsed.ok) return { ok: false, error: `${parsed.error} (step counts are comma-separated, e.g. ${example.join(',')})` };
    steps.push(parsed.value);
  }
  if (steps.length > most) return { ok: false, error: `${name}: at most ${most} step counts, got ${steps.length}` };
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1])) return { ok: false, error: `${name}: step counts must increase, got ${JSON.stringify(text)}` };
  return { ok: true, value: steps };
}

export interface AttackSettings {
  attack: AttackName;
  targeted: boolean;
  target: number | 'random'; // class index; ignored when untargeted
  source: number; // the class the attack moves away from (the clean prediction)
  eps: number;
  steps: number;
  seed: number; // random start, random target and SPSA's directions all draw from it
  k: number; // S3TA glances
  frameEvery: number; // a frame every n steps (and after the last)
  frameSteps?: number[]; // and a frame after each of these steps (e.g. 10, 100, 1000 of one 1000-step run)
  params: AttackParams; // the attack's own, by ATTACK_SPECS[attack].params
}

export function isAttackName(name: string): name is AttackName {
  return Object.hasOwn(ATTACK_SPECS, name);
}

/** Whether the attack takes exactly one step (it has no steps setting). */
export function isSingleStep(attack: AttackName): boolean {
  const spec: AttackSpec = ATTACK_SPECS[attack];
  return spec.singleStep === true;
}

export function defaultParams(attack: AttackName): AttackParams {
  const params: Record<string, ParamSpec> = ATTACK_SPECS[attack].params;
  return Object.fromEntries(Object.entries(params).map(([name, spec]) => [name, spec.default]));
}

/** Defaults for `attack`; the caller fills in source and k. */
export function defaultSettings(attack: AttackName = 'pgd'): AttackSettings {
  return {
    attack, targeted: true, target: 'random', source: 0, k: 1,
    eps: COMMON_PARAMS.eps.default, steps: isSingleStep(attack) ? 1 : COMMON_PARAMS.steps.default,
    seed: COMMON_PARAMS.seed.default, frameEvery: COMMON_PARAMS.frameEvery.default, params: defaultParams(attack),
  };
}

/** The model evaluations the whole attack costs (the frames' own forward passes, for display, are not counted). */
export function attackBudget(settings: Pick<AttackSettings, 'attack' | 'steps' | 'params'>): ModelEvaluations {
  const spec: AttackSpec = ATTACK_SPECS[settings.attack];
  const { forwards, gradients } = spec.perStep(settings.params);
  return { forwards: settings.steps * forwards, gradients: settings.steps * gradients };
}

/** "Targeted PGD-10, ε 16/255": the same wording as training/evaluate.py's attack_label. */
export function attackLabel(settings: Pick<AttackSettings, 'attack' | 'targeted' | 'eps' | 'steps'>): string {
  const spec: AttackSpec = ATTACK_SPECS[settings.attack];
  const eps = Math.round(settings.eps * 255 * 100) / 100;
  return `${settings.targeted ? 'Targeted' : 'Untargeted'} ${spec.label}${spec.singleStep ? '' : `-${settings.steps}`}, ε ${eps}/255`;
}

/** A number setting as typed: in 255ths in the UI ("16"), as a decimal or fraction in the CLI ("16/255"); a fraction
 * reads as written in the UI too, so "16/255" is 16/255 there as well. */
export function parseParam(text: string, name: string, spec: NumberParam, unit: '255ths' | 'absolute'): Parsed {
  if (!spec.per255) return parseNumber(text, name, spec);
  if (unit === 'absolute' || text.includes('/')) return parseNumber(text, name, { ...spec, fraction: true, show: (v) => `${+(v * 255).toFixed(2)}/255` });
  const parsed = parseNumber(text, name, { ...spec, min: spec.min * 255, max: +(spec.max * 255).toFixed(6) });
  return parsed.ok ? { ok: true, value: parsed.value / 255 } : parsed;
}

/** A number setting as the UI shows it and parseParam(…, '255ths') reads it back: "16" for 16/255. */
export const showParam = (value: number, spec: NumberParam): string => String(+(value * (spec.per255 ? 255 : 1)).toFixed(4));

/** Why `value` is not a valid setting of `spec`, or null. */
export function paramError(name: string, spec: ParamSpec, value: unknown): string | null {
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : `${name} must be true or false, got ${JSON.stringify(value)}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a number, got ${JSON.stringify(value)}`;
  if (spec.integer && !Number.isInteger(value)) return `${name} must be an integer, got ${value}`;
  if ((spec.exclusiveMin ? value <= spec.min : value < spec.min) || value > spec.max) {
    const show = (v: number) => (spec.per255 ? `${+(v * 255).toFixed(2)}/255` : String(v));
    return `${name} must be in ${spec.exclusiveMin ? '(' : '['}${show(spec.min)}, ${show(spec.max)}], got ${show(value)}`;
  }
  return null;
}

/** Checks the settings and names the bad value with what was valid. */
export function checkAttack(settings: AttackSettings, classes: number): void {
  const fail = (what: string) => { throw new Error(`attack settings: ${what}`); };
  if (!isAttackName(settings.attack)) fail(`attack is ${JSON.stringify(settings.attack)}; valid: ${ATTACK_NAMES.join(', ')}`);
  const spec: AttackSpec = ATTACK_SPECS[settings.attack];
  for (const [name, param] of Object.entries(COMMON_PARAMS)) {
    const error = paramError(name, param, settings[name as keyof typeof COMMON_PARAMS]);
    if (error) fail(error);
  }
  if (spec.singleStep && settings.steps !== 1) fail(`${spec.label} takes one step, got steps ${settings.steps}`);
  const badFrameStep = settings.frameSteps?.find((s) => !Number.isInteger(s) || s < 1 || s > settings.steps);
  if (badFrameStep !== undefined) fail(`frameSteps must be integers in 1..${settings.steps} (the steps), got ${badFrameStep}`);
  for (const [name, param] of Object.entries(spec.params)) {
    const error = paramError(name, param, settings.params[name]);
    if (error) fail(error);
  }
  if (!Number.isInteger(settings.source) || settings.source < 0 || settings.source >= classes) fail(`source must be a class index in 0..${classes - 1}, got ${settings.source}`);
  if (!Number.isInteger(settings.k) || settings.k < 1 || settings.k > 16) fail(`k must be an integer in 1..16, got ${settings.k}`);
  const { target } = settings;
  if (settings.targeted && target !== 'random' && !(Number.isInteger(target) && target >= 0 && target < classes)) {
    fail(`target must be "random" or a class index in 0..${classes - 1}, got ${JSON.stringify(target)}`);
  }
  if (settings.targeted && target === settings.source) fail(`target ${target} is the source class itself`);
}
