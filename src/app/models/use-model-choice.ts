import { useEffect, useMemo, useState } from 'react';
import type { ModelEntry } from '../../worker/protocol.ts';
import { errorText } from '../engine/hooks.ts';
import { useApp } from '../state/store.ts';
import type { LoadState } from '../state/types.ts';
import { isDroppedModel, isModelUrl, isUserModel, userModelLabel } from './names.ts';
import { pickerModels, useYourModels, type YourModel } from './your-models.ts';

/**
 * The picker's models (shipped, then the user's) and the chosen model's name. Restores the user's kept models, and
 * checks the folder a model=<url> names; `waiting` is what to show instead of loading a user model not checked yet.
 */
export function useModelChoice(shipped: ModelEntry[]) {
  const yours = useYourModels((s) => s.models);
  const chosen = useApp((s) => s.modelName);
  const [badUrl, setBadUrl] = useState<string | null>(null);
  useEffect(() => void useYourModels.getState().restore(), []);
  useEffect(() => {
    setBadUrl(null);
    if (!chosen || !isModelUrl(chosen)) return;
    try {
      const name = useYourModels.getState().addUrl(chosen);
      if (name !== chosen) useApp.getState().set({ modelName: name });
    } catch (e) {
      setBadUrl(errorText(e));
    }
  }, [chosen]);
  const models = useMemo(() => pickerModels(shipped, yours), [shipped, yours]);
  const modelName = chosen ?? shipped[0]?.name ?? null;
  return { models, modelName, waiting: badUrl ? { phase: 'error', message: badUrl } as const : waitingFor(modelName, yours) };
}

function waitingFor(name: string | null, yours: YourModel[]): LoadState | null {
  if (!name || !isUserModel(name)) return null;
  const state = yours.find((m) => m.model.name === name)?.state;
  if (state?.phase === 'ready') return null;
  if (state?.phase === 'error') return { phase: 'error', message: `${userModelLabel(name)}: ${state.message}` };
  if (!state && isDroppedModel(name)) return { phase: 'error', message: `${userModelLabel(name)} is not among your models: dropped models are not in links` };
  return { phase: 'checking', label: userModelLabel(name) };
}
