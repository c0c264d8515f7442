// The one app state: what the user chose (model, k, glance, head, colour map, view, attack settings) and the image.
// Everything but `image` is plain data that a URL can hold; components read it with useApp(selector).
import { create } from 'zustand';
import { ATTACK_NAMES, defaultParams, defaultSettings, type AttackName, type AttackParams } from '../../engine/attack-specs.ts';
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
  image: LoadedImage | null; // not in a URL: uploads stay on the machine
}

interface Actions {
  set(change: Partial<Omit<AppState, 'attack' | 'image'>>): void;
  setAttack(change: Partial<AttackDraft>): void;
  setAttackParams(attack: AttackName, params: AttackParams): void;
  setImage(image: LoadedImage | null): void;
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
    image: null,
  };
}

export const useApp = create<AppState & Actions>()((set) => ({
  ...initialState(),
  set: (change) => set(change),
  setAttack: (change) => set((s) => ({ attack: { ...s.attack, ...change } })),
  setAttackParams: (attack, params) => set((s) => ({ attack: { ...s.attack, params: { ...s.attack.params, [attack]: params } } })),
  setImage: (image) => set((s) => {
    if (s.image && s.image.url !== image?.url) URL.revokeObjectURL(s.image.url);
    return { image };
  }),
}));
