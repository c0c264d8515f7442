import { useEffect, useMemo, useState } from 'react';
import type { ModelEntry } from '../../worker/protocol.ts';
import { errorText } from '../engine/hooks.ts';
import { useApp } from '../state/store.ts';
import type { LoadState } from '../state/types.ts';
import { isDroppedModel, isModelUrl, isUserModel, modelFolderUrl, userModelLabel } from './names.ts';
import { pickerModels, useYourModels, type YourModel } from './your-models.ts';

/**
 * The picker's models (shipped, then the user's) and the chosen model's name. Restores the user's kept models, and
 * checks the folder a model=<url> names; `waiting` is what to show instead of loading a user model not checked yet.
 */
export function useModelChoice(shipped: ModelEntry[]) {
  const yours = useYourModels((s) => s.models);
  const chosen = useApp((s) => s.modelName);
  const [badUrl, setBadUrl] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null); // a link's model URL, waiting for the user's yes
  useEffect(() => void useYourModels.getState().restore(), []);
  useEffect(() => {
    setBadUrl(null);
    setAsking(null);
    if (!chosen || !isModelUrl(chosen)) return;
    let current = true;
    void useYourModels.getState().restore().then(() => { // a model kept before is not asked about again
      if (!current) return;
      try {
        const name = modelFolderUrl(chosen);
        if (useYourModels.getState().models.some((m) => m.model.name === name)) useApp.getState().set({ modelName: name });
        else setAsking(name);
      } catch (e) {
        setBadUrl(errorText(e));
      }
    });
    return () => { current = false; };
  }, [chosen]);
  const models = useMemo(() => pickerModels(shipped, yours), [shipped, yours]);
  const modelName = chosen ?? shipped[0]?.name ?? null;
  /** The user's answer to a link's model: load and keep it, or go back to the shipped models. */
  const answer = (load: boolean) => {
    if (load && asking) useApp.getState().set({ modelName: useYourModels.getState().addUrl(asking) });
    else useApp.getState().set({ modelName: null });
    setAsking(null);
  };
  const waiting = badUrl ? { phase: 'error', message: badUrl } as const
    : asking ? { phase: 'checking', label: userModelLabel(asking) } as const : waitingFor(modelName, yours);
  return { models, modelName, waiting, asking, answer };
}

function waitingFor(name: string | null, yours: YourModel[]): LoadState | null {
  if (!name || !isUserModel(name)) return null;
  const state = yours.find((m) => m.model.name === name)?.state;
  if (state?.phase === 'ready') return null;
  if (state?.phase === 'error') return { phase: 'error', message: `${userModelLabel(name)}: ${state.message}` };
  if (!state && isDroppedModel(name)) return { phase: 'error', message: `${userModelLabel(name)} is not among your models: dropped models are not in links` };
  return { phase: 'checking', label: userModelLabel(name) };
}
