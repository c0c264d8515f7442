// The permalink: the store's plain-data state as URL search parameters, and back. Every value read from a URL
// goes through the same strict parsing as typed input; a bad or unknown value is dropped, not guessed, and named.
import { ATTACK_NAMES, ATTACK_SPECS, COMMON_PARAMS, parseParam, showParam, type AttackName, type NumberParam, type ParamSpec } from '../../engine/attack-specs.ts';
import { LANDSCAPE_SETTINGS } from '../../engine/landscape.ts';
import { CHECK_ATTACKS } from '../../engine/masking.ts';
import { parseNumber, type Parsed } from '../../engine/numbers.ts';
import { parseRaceSteps, RACE_NUMBERS } from '../../engine/race.ts';
import { parseStripSteps } from '../../engine/strip.ts';
import { RACE_SCOPES, type AppState, type AttackDraft, type ResearchDrafts } from './store.ts';
import { COLOUR_MAPS, VIEW_IDS, type HeadChoice } from './types.ts';

/** The state a link carries: everything but the image itself (a sample is named by its id). */
export type Linked = Omit<AppState, 'image' | 'linksApplied'> & { sample: string | null };

/** Parameters the app reads that are not part of the state (kept as they are). */
const PASSTHROUGH = ['backend', 'bench'];

/** How a setting is written into a link and read back, as its form field takes it (ε in 255ths); null: it does not parse. */
interface Codec<T> { write(value: T): string; read(text: string): T | null }

const flag: Codec<boolean> = { write: (v) => (v ? '1' : '0'), read: (t) => (t === '1' ? true : t === '0' ? false : null) };

const ok = <T>(parsed: Parsed<T>): T | null => (parsed.ok ? parsed.value : null);

const integer = (text: string | null, min: number, max: number): number | null =>
  (text === null ? null : ok(parseNumber(text, 'value', { min, max, integer: true })));

const number = (spec: NumberParam): Codec<number> => ({
  write: (v) => showParam(v, spec),
  read: (t) => ok(parseParam(t, spec.label, spec, '255ths')),
});

const param = (spec: ParamSpec) => (spec.kind === 'boolean' ? flag : number(spec)) as Codec<number | boolean>;

const target: Codec<number | 'random'> = { write: String, read: (t) => (t === 'random' ? 'random' : integer(t, 0, 100_000)) };

const stepList = (parse: (text: string, name: string) => Parsed<number[]>): Codec<number[]> => ({
  write: (v) => v.join(','), read: (t) => ok(parse(t, 'steps')),
});

const oneOf = <T extends string>(values: readonly T[]): Codec<T> => ({
  write: (v) => v, read: (t) => ((values as readonly string[]).includes(t) ? t as T : null),
});

/** A research view's setting: `race.steps` is research.race.steps, `check.spsa.samples` research.check.params.spsa.samples. */
interface ResearchField { key: string; path: string[]; codec: { write(value: never): string; read(text: string): unknown } }

const fieldsOf = (view: keyof ResearchDrafts, codecs: Record<string, ResearchField['codec']>, under: string[] = []): ResearchField[] =>
  Object.entries(codecs).map(([name, codec]) => ({
    key: [view, ...under.filter((part) => part !== 'params'), name].join('.'), path: [view, ...under, name], codec,
  }));

const codecs = (specs: Record<string, ParamSpec>) => Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, param(spec)]));

const paramCodecs = (attack: AttackName) => codecs(ATTACK_SPECS[attack].params);

const { eps, seed, steps } = { eps: number(COMMON_PARAMS.eps), seed: number(COMMON_PARAMS.seed), steps: number(COMMON_PARAMS.steps) };

const grid = number(LANDSCAPE_SETTINGS.grid);

/** The landscape's grid: odd too, so that the clean image is its centre. */
const oddGrid: Codec<number> = {
  write: grid.write,
  read: (t) => {
    const value = grid.read(t);
    return value !== null && value % 2 === 1 ? value : null;
  },
};

const RESEARCH_FIELDS: ResearchField[] = [
  ...fieldsOf('landscape', { ...codecs(LANDSCAPE_SETTINGS), grid: oddGrid }),
  ...fieldsOf('race', { steps: stepList(parseRaceSteps), ...codecs(RACE_NUMBERS), scope: oneOf(RACE_SCOPES) }),
  ...fieldsOf('strip', { steps: stepList(parseStripSteps), target, eps, seed }),
  ...fieldsOf('strip', paramCodecs('pgd'), ['params']),
  ...fieldsOf('check', { steps, target, eps, seed }),
  ...CHECK_ATTACKS.flatMap((attack) => fieldsOf('check', paramCodecs(attack), ['params', attack])),
];

const at = (root: unknown, path: string[]): never => path.reduce((o, part) => (o as Record<string, unknown>)[part], root) as never;

const k: Codec<number> = { write: String, read: (t) => integer(t, 1, 16) };

/** A 1-based index in a link, 0-based in the state. */
const index = (most: number): Codec<number> => ({
  write: (v) => String(v + 1), read: (t) => { const i = integer(t, 1, most); return i === null ? null : i - 1; },
});

const head: Codec<HeadChoice> = { write: (v) => (v === 'all' ? 'all' : index(64).write(v)), read: (t) => (t === 'all' ? 'all' : index(64).read(t)) };

/** A sample id or a model name (checked where it is looked up); not empty. */
const named: Codec<string> = { write: (v) => v, read: (t) => t || null };

const opacity: Codec<number> = { write: String, read: (t) => ok(parseNumber(t, 'opacity', { min: 0, max: 1 })) };

function withValue<T>(root: T, [first, ...rest]: string[], value: unknown): T {
  const o = root as Record<string, unknown>;
  return { ...o, [first]: rest.length ? withValue(o[first], rest, value) : value } as T;
}

/** The state as search parameters: only what differs from `defaults`, so links stay short. */
export function toSearch(state: Linked, defaults: Linked, current = ''): string {
  const params = new URLSearchParams();
  const kept = new URLSearchParams(current);
  for (const name of PASSTHROUGH) if (kept.has(name)) params.set(name, kept.get(name)!);
  const put = (name: string, value: string | null, fallback: string | null) => {
    if (value !== null && value !== fallback) params.set(name, value);
  };
  put('sample', state.sample, defaults.sample);
  put('model', state.modelName, defaults.modelName);
  put('k', state.k === null ? null : k.write(state.k), null);
  put('glance', index(16).write(state.glance), null); // always: classifying moves to the last glance, a link may not
  put('head', head.write(state.head), head.write(defaults.head));
  put('cmap', state.colourMap, defaults.colourMap);
  put('opacity', opacity.write(state.opacity), opacity.write(defaults.opacity));
  put('input', flag.write(state.showInput), flag.write(defaults.showInput));
  put('pin', flag.write(state.pinModel), flag.write(defaults.pinModel));
  put('view', state.view, defaults.view);
  const a = state.attack;
  const d = defaults.attack;
  put('attack', a.attack, d.attack);
  put('targeted', flag.write(a.targeted), flag.write(d.targeted));
  put('target', target.write(a.target), target.write(d.target));
  for (const name of Object.keys(COMMON_PARAMS) as (keyof typeof COMMON_PARAMS)[]) {
    put(name, number(COMMON_PARAMS[name]).write(a[name]), number(COMMON_PARAMS[name]).write(d[name]));
  }
  const specs: Record<string, ParamSpec> = ATTACK_SPECS[a.attack].params;
  for (const [name, spec] of Object.entries(specs)) {
    put(`${a.attack}.${name}`, param(spec).write(a.params[a.attack][name]), param(spec).write(d.params[a.attack][name]));
  }
  put('baseline', flag.write(a.withBaseline), flag.write(d.withBaseline));
  for (const { key, path, codec } of RESEARCH_FIELDS) put(key, codec.write(at(state.research, path)), codec.write(at(defaults.research, path)));
  return params.toString();
}

/** The state a link asks for, over `defaults`, and the parameters it ignored ("k=99": a value that does not parse, or
 * a name it does not know), which are left at their defaults rather than guessed. */
export function fromSearch(search: string, defaults: Linked): { state: Linked; ignored: string[] } {
  const p = new URLSearchParams(search);
  const understood = new Set(PASSTHROUGH);
  const read = <T>(name: string, codec: Codec<T>): T | null => {
    const text = p.get(name);
    const value = text === null ? null : codec.read(text);
    if (value !== null) understood.add(name);
    return value;
  };
  const attack: AttackName = read('attack', oneOf(ATTACK_NAMES)) ?? defaults.attack.attack;
  const draft: AttackDraft = { ...defaults.attack, attack, params: { ...defaults.attack.params } };
  draft.targeted = read('targeted', flag) ?? draft.targeted;
  draft.withBaseline = read('baseline', flag) ?? draft.withBaseline;
  draft.target = read('target', target) ?? draft.target;
  for (const name of Object.keys(COMMON_PARAMS) as (keyof typeof COMMON_PARAMS)[]) draft[name] = read(name, number(COMMON_PARAMS[name])) ?? draft[name];
  for (const name of ATTACK_NAMES) {
    const specs: Record<string, ParamSpec> = ATTACK_SPECS[name].params;
    for (const [key, spec] of Object.entries(specs)) {
      const value = read(`${name}.${key}`, param(spec));
      if (value !== null) draft.params[name] = { ...draft.params[name], [key]: value };
    }
  }
  let research = defaults.research;
  for (const { key, path, codec } of RESEARCH_FIELDS) {
    const value = read(key, codec);
    if (value !== null) research = withValue(research, path, value);
  }
  const state: Linked = {
    ...defaults,
    sample: read('sample', named) ?? defaults.sample,
    modelName: read('model', named) ?? defaults.modelName,
    k: read('k', k) ?? defaults.k,
    glance: read('glance', index(16)) ?? defaults.glance,
    head: read('head', head) ?? defaults.head,
    colourMap: read('cmap', oneOf(COLOUR_MAPS)) ?? defaults.colourMap,
    opacity: read('opacity', opacity) ?? defaults.opacity,
    showInput: read('input', flag) ?? defaults.showInput,
    pinModel: read('pin', flag) ?? defaults.pinModel,
    view: read('view', oneOf(VIEW_IDS)) ?? defaults.view,
    attack: draft,
    research,
  };
  const names = [...p.keys()];
  const ignored = [...p].filter(([name], i) => !understood.has(name) || names.indexOf(name) !== i) // of a repeat, the first is read
    .map(([name, value]) => `${name}=${value}`);
  return { state, ignored };
}
