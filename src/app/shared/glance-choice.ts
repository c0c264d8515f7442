// What a click on a k button does: switch to the listed S3TA trained for that k (the paper trains each S3TA-k at its
// own k), unless the user pinned the current model or it is that model; else run the current model at k.
import type { ModelEntry } from '../../worker/protocol.ts';

export function chooseGlances(models: ModelEntry[], current: string | null, k: number, pinned: boolean): { modelName?: string; k: number | null } {
  const trained = modelTrainedFor(models, k);
  if (pinned || !trained || trained.name === current) return { k: trained?.name === current && !pinned ? null : k };
  return { modelName: trained.name, k: null };
}

/** The listed model trained for k, for the k button's title. */
export function modelTrainedFor(models: ModelEntry[], k: number): ModelEntry | undefined {
  return models.find((m) => m.k === k);
}
