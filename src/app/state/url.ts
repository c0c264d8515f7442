// The permalink: the store's plain-data state as URL search parameters, and back. Every value read from a URL
// goes through the same strict parsing as typed input; a bad or unknown value is dropped, not guessed.
import { ATTACK_NAMES, ATTACK_SPECS, COMMON_PARAMS, isAttackName, parseParam, type AttackName, type ParamSpec } from '../../engine/attack-specs.ts';
import { parseNumber } from '../../engine/numbers.ts';
import type { AppState, AttackDraft } from './store.ts';
import { COLOUR_MAPS, VIEW_IDS, type ColourMap, type HeadChoice, type ViewId } from './types.ts';

/** The state a link carries: everything but the image itself (a sample is named by its id). */
export type Linked = Omit<AppState, 'image'> & { sample: string | null };

/** Parameters the app reads that are not part of the state (kept as they are). */
const PASSTHROUGH = ['backend', 'bench'];

const in255ths = (spec: ParamSpec, value: number | boolean) =>
  (spec.kind === 'number' ? String(+((value as number) * (spec.per255 ? 255 : 1)).toFixed(4)) : value ? '1' : '0');

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
  put('k', state.k === null ? null : String(state.k), null);
  put('glance', String(state.glance + 1), null); // always: classifying moves to the last glance, a link may not
  put('head', state.head === 'all' ? 'all' : String(state.head + 1), defaults.head === 'all' ? 'all' : String(defaults.head + 1));
  put('cmap', state.colourMap, defaults.colourMap);
  put('opacity', String(state.opacity), String(defaults.opacity));
  put('input', state.showInput ? '1' : '0', defaults.showInput ? '1' : '0');
  put('pin', state.pinModel ? '1' : '0', defaults.pinModel ? '1' : '0');
  put('view', state.view, defaults.view);
  const a = state.attack;
  const d = defaults.attack;
  put('attack', a.attack, d.attack);
  put('targeted', a.targeted ? '1' : '0', d.targeted ? '1' : '0');
  put('target', String(a.target), String(d.target));
  for (const name of Object.keys(COMMON_PARAMS) as (keyof typeof COMMON_PARAMS)[]) {
    put(name, in255ths(COMMON_PARAMS[name], a[name]), in255ths(COMMON_PARAMS[name], d[name]));
  }
  const specs: Record<string, ParamSpec> = ATTACK_SPECS[a.attack].params;
  for (const [name, spec] of Object.entries(specs)) {
    put(`${a.attack}.${name}`, in255ths(spec, a.params[a.attack][name]), in255ths(spec, d.params[a.attack][name]));
  }
  put('baseline', a.withBaseline ? '1' : '0', d.withBaseline ? '1' : '0');
  return params.toString();
}

const integer = (text: string | null, min: number, max: number): number | null => {
  if (text === null) return null;
  const parsed = parseNumber(text, 'value', { min, max, integer: true });
  return parsed.ok ? parsed.value : null;
};

const flag = (text: string | null): boolean | null => (text === '1' ? true : text === '0' ? false : null);

/** The state a link asks for, over `defaults`; values that do not parse are left at their defaults. */
export function fromSearch(search: string, defaults: Linked): Linked {
  const p = new URLSearchParams(search);
  const head = p.get('head');
  const headValue: HeadChoice | null = head === 'all' ? 'all' : (integer(head, 1, 64) ?? 0) - 1;
  const view = p.get('view');
  const cmap = p.get('cmap');
  const attackName = p.get('attack');
  const attack: AttackName = attackName && isAttackName(attackName) ? attackName : defaults.attack.attack;
  const draft: AttackDraft = { ...defaults.attack, attack, params: { ...defaults.attack.params } };
  draft.targeted = flag(p.get('targeted')) ?? draft.targeted;
  draft.withBaseline = flag(p.get('baseline')) ?? draft.withBaseline;
  const target = p.get('target');
  draft.target = target === 'random' ? 'random' : integer(target, 0, 100_000) ?? draft.target;
  for (const name of Object.keys(COMMON_PARAMS) as (keyof typeof COMMON_PARAMS)[]) {
    const text = p.get(name);
    const parsed = text === null ? null : parseParam(text, name, COMMON_PARAMS[name], '255ths');
    if (parsed?.ok) draft[name] = parsed.value;
  }
  for (const name of ATTACK_NAMES) {
    const specs: Record<string, ParamSpec> = ATTACK_SPECS[name].params;
    for (const [param, spec] of Object.entries(specs)) {
      const text = p.get(`${name}.${param}`);
      if (text === null) continue;
      const value = spec.kind === 'boolean' ? flag(text) : (() => {
        const parsed = parseParam(text, param, spec, '255ths');
        return parsed.ok ? parsed.value : null;
      })();
      if (value !== null) draft.params[name] = { ...draft.params[name], [param]: value };
    }
  }
  return {
    ...defaults,
    sample: p.get('sample') ?? defaults.sample,
    modelName: p.get('model') ?? defaults.modelName,
    k: integer(p.get('k'), 1, 16) ?? defaults.k,
    glance: (integer(p.get('glance'), 1, 16) ?? defaults.glance + 1) - 1,
    head: headValue === null || (typeof headValue === 'number' && headValue < 0) ? defaults.head : headValue,
    colourMap: cmap && (COLOUR_MAPS as readonly string[]).includes(cmap) ? cmap as ColourMap : defaults.colourMap,
    opacity: (() => {
      const parsed = parseNumber(p.get('opacity') ?? '', 'opacity', { min: 0, max: 1 });
      return parsed.ok ? parsed.value : defaults.opacity;
    })(),
    showInput: flag(p.get('input')) ?? defaults.showInput,
    pinModel: flag(p.get('pin')) ?? defaults.pinModel,
    view: view && (VIEW_IDS as readonly string[]).includes(view) ? view as ViewId : defaults.view,
    attack: draft,
  };
}
