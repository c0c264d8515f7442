// The one app state: what the user chose (model, k, glance, head, colour map, view, attack and research settings)
// and the image. Everything but `image` is plain data that a URL can hold; components read it with useApp(selector).
import { create } from 'zustand';
import { ATTACK_NAMES, defaultParams, defaultSettings, type AttackName, type AttackParams } from '../../engine/attack-specs.ts';
import { LANDSCAPE_DEFAULTS, type LandscapeSettings } from '../../engine/landscape.ts';
import { CHECK_STEPS, type CheckChoice } from '../../engine/masking.ts';
import { RACE_DEFAULTS, type RaceSettings } from '../../engine/race.ts';
import { STRIP_STEPS, type StripChoice } from '../../engine/strip.ts';
import type { ColourMap, HeadChoice, LoadedImage, ViewId } from './types.ts';

/** The attack panel's settings; source and k come from the current classification when an attack starts. */
export interface AttackDraft {
  attack: AttackName;
  targeted: boolean;
  target: number | 'random';
  eps: number;
  steps: number;
  seed: number;
  frameEvery: number;
  params: Record<AttackName, AttackParams>; // each attack keeps its own while the user switches between them
  withBaseline: boolean;
}

/** What the race runs on: the current image, or the sample gallery. */
export const RACE_SCOPES = ['image', 'gallery'] as const;

/** The research views' settings; what a run also needs (the image, its prediction, k) comes when it starts. */
export interface ResearchDrafts {
  landscape: Omit<LandscapeSettings, 'label' | 'k'>;
  race: Omit<RaceSettings, 'randomStart'> & { scope: (typeof RACE_SCOPES)[number] };
  strip: Omit<StripChoice, 'source' | 'k'> & { steps: number[] };
  check: Omit<CheckChoice, 'source' | 'k'>;
}

export interface AppState {
  modelName: string | null; // null: the first in models/index.json
  k: number | null; // null: the k the model was trained for
  glance: number; // 0-based; clamped to k by the views
  head: HeadChoice;
  colourMap: ColourMap;
  opacity: number;
  showInput: boolean; // the model's low-resolution input under the attention, instead of the original
  pinModel: boolean; // the k buttons run this model at any k, instead of switching to the S3TA trained for that k
  view: ViewId;
  attack: AttackDraft;
  research: ResearchDrafts;
  image: LoadedImage | null; // not in a URL: uploads stay on the machine
  linksApplied: number; // not in a URL: counts the links (page load, scenes) put in the store, so fields show them
}

interface Actions {
  set(change: Partial<Omit<AppState, 'attack' | 'image'>>): void;
  setAttack(change: Partial<AttackDraft>): void;
  setAttackParams(attack: AttackName, params: AttackParams): void;
  setResearch<V extends keyof ResearchDrafts>(view: V, change: Partial<ResearchDrafts[V]>): void;
  setImage(image: LoadedImage | null): void;
}

function initialResearch(): ResearchDrafts {
  const { target, eps, seed } = defaultSettings('pgd');
  const { randomStart: _, ...race } = RACE_DEFAULTS;
  return {
    landscape: { ...LANDSCAPE_DEFAULTS },
    race: { ...race, scope: 'image' },
    strip: { steps: STRIP_STEPS, target, eps, seed, params: defaultParams('pgd') },
    check: { steps: CHECK_STEPS, target, eps, seed, params: { pgd: defaultParams('pgd'), spsa: defaultParams('spsa') } },
  };
}

export function initialState(): AppState {
  const defaults = defaultSettings();
  return {
    modelName: null, k: null, glance: 0, head: 'all', colourMap: 'viridis', opacity: 0.75, showInput: false, pinModel: false, view: 'look',
    attack: {
      attack: defaults.attack, targeted: defaults.targeted, target: defaults.target, eps: defaults.eps, steps: defaults.steps,
      seed: defaults.seed, frameEvery: defaults.frameEvery, withBaseline: true,
      params: Object.fromEntries(ATTACK_NAMES.map((name) => [name, defaultParams(name)])) as Record<AttackName, AttackParams>,
    },
    research: initialResearch(),
    image: null,
    linksApplied: 0,
  };
}

export const useApp = create<AppState & Actions>()((set) => ({
  ...initialState(),
  set: (change) => set(change),
  setAttack: (change) => set((s) => ({ attack: { ...s.attack, ...change } })),
  setAttackParams: (attack, params) => set((s) => ({ attack: { ...s.attack, params: { ...s.attack.params, [attack]: params } } })),
  setResearch: (view, change) => set((s) => ({ research: { ...s.research, [view]: { ...s.research[view], ...change } } })),
  setImage: (image) => set((s) => {
    if (s.image && s.image.url !== image?.url) URL.revokeObjectURL(s.image.url);
    return { image };
  }),
}));
