// The user's own models: dropped or picked folders and model=<url> folders. Each is told to every worker
// (EngineBridge.registerModel), checked by loading it in the look worker (manifest, sha256, shapes, finite weights,
// eval.json), and once it loads, kept in IndexedDB (a folder's files as they are, a URL as the URL) until removed.
// On a reload the kept models are checked again before they appear in the picker.
import { createStore, del, set as keep, values } from 'idb-keyval';
import { create } from 'zustand';
import type { ModelEntry, ModelInfo, UserModel } from '../../worker/protocol.ts';
import { EngineBridge } from '../engine/bridge.ts';
import { errorText } from '../engine/hooks.ts';
import { preferredBackend, useEngine } from '../engine/use-engine.ts';
import { useApp } from '../state/store.ts';
import { droppedModelName, modelFolderUrl, userModelLabel } from './names.ts';
import { modelFolder, type PickedFile } from './picked-files.ts';

export type YourModelState = { phase: 'checking' } | { phase: 'ready' } | { phase: 'error'; message: string };

export interface YourModel {
  model: UserModel;
  state: YourModelState;
}

interface YourModels {
  models: YourModel[];
  problem: string | null; // what was wrong with the last files given, before any model was made of them
  /** Checks and lists the models kept in this browser; once per page. */
  restore(): Promise<void>;
  /** Checks a dropped or picked folder and, when it loads, keeps it and shows it. */
  addFiles(picked: PickedFile[]): Promise<void>;
  /** Checks the folder at a model=<url> -> its name; throws for what is no http(s) URL. */
  addUrl(text: string): string;
  remove(name: string): void;
}

const kept = createStore('saccade', 'your-models');

/** Puts the model in every worker's registry and checks it by loading it in the look worker (which then has it). */
function check(model: UserModel): Promise<ModelInfo> {
  EngineBridge.registerModel(model);
  return useEngine().call<ModelInfo>(async (e) => {
    await e.init(preferredBackend());
    return e.loadModel(model.name);
  });
}

/** What is kept of a model that loaded: a folder's files that the model is made of (not fixtures, not strays). */
function keptModel(model: UserModel, info: ModelInfo): UserModel {
  const entry = { name: model.name, label: model.label, baseline: info.arch === 'resnet' };
  if (model.source.kind === 'url') return { ...entry, source: model.source };
  const { files } = model.source;
  return { ...entry, source: { kind: 'files', files: new Map(info.files.map((name) => [name, files.get(name)!])) } };
}

let restored: Promise<void> | null = null;

export const useYourModels = create<YourModels>()((set, get) => {
  const update = (name: string, change: Partial<YourModel>) =>
    set((s) => ({ models: s.models.map((m) => (m.model.name === name ? { ...m, ...change } : m)) }));

  /** Lists the model, checks it, and keeps it once it loads; a model that fails is forgotten by the workers. */
  async function add(model: UserModel): Promise<boolean> {
    set((s) => ({ models: [...s.models.filter((m) => m.model.name !== model.name), { model, state: { phase: 'checking' } }] }));
    try {
      const ready = keptModel(model, await check(model));
      if (!get().models.some((m) => m.model === model)) return false; // removed while it was checked
      update(model.name, { model: ready, state: { phase: 'ready' } });
      await keep(model.name, ready, kept)
        .catch((e) => set({ problem: `${model.label} loaded, but this browser could not keep it: ${errorText(e)}` }));
      return true;
    } catch (e) {
      EngineBridge.forgetModel(model.name);
      update(model.name, { state: { phase: 'error', message: errorText(e) } });
      return false;
    }
  }

  /** A name taken by a model that loaded (or is loading) is refused: remove it first, then give it again. */
  function taken(name: string): boolean {
    return get().models.some((m) => m.model.name === name && m.state.phase !== 'error');
  }

  return {
    models: [],
    problem: null,

    restore() {
      restored ??= values<UserModel>(kept).then(async (models) => {
        for (const model of models) if (!taken(model.name)) await add(model);
      }).catch((e) => set({ problem: `your kept models could not be read: ${errorText(e)}` }));
      return restored;
    },

    async addFiles(picked) {
      set({ problem: null });
      try {
        const { folder, files } = modelFolder(picked);
        const name = droppedModelName(folder);
        if (taken(name)) throw new Error(`${userModelLabel(name)} is already loaded: remove it to load it again`);
        if (await add({ name, label: userModelLabel(name), source: { kind: 'files', files } })) useApp.getState().set({ modelName: name });
      } catch (e) {
        set({ problem: errorText(e) });
      }
    },

    addUrl(text) {
      const name = modelFolderUrl(text);
      if (!taken(name)) void add({ name, label: userModelLabel(name), source: { kind: 'url', url: name } });
      return name;
    },

    remove(name) {
      EngineBridge.forgetModel(name);
      void del(name, kept);
      set((s) => ({ models: s.models.filter((m) => m.model.name !== name) }));
      if (useApp.getState().modelName === name) useApp.getState().set({ modelName: null });
    },
  };
});

/** The picker's list: the shipped models, then the user's that loaded. */
export function pickerModels(shipped: ModelEntry[], yours: YourModel[]): ModelEntry[] {
  return [...shipped, ...yours.filter((m) => m.state.phase === 'ready').map(({ model: { name, label, baseline } }) => ({ name, label, baseline }))];
}
