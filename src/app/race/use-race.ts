// The race's run in the attack worker: one image, or the sample gallery as a batch, raced on every model that takes
// the same input (size and classes) as the current one. In a store of its own, so it goes on across views.
import { create } from 'zustand';
import { inputMismatch } from '../../engine/manifest.ts';
import type { RaceResult, RaceSettings } from '../../engine/race.ts';
import type { ModelEntry, ModelInfo } from '../../worker/protocol.ts';
import { startJob, type WorkerJob } from '../engine/attack-job.ts';
import { EngineBridge } from '../engine/bridge.ts';
import { errorText } from '../engine/hooks.ts';
import { sampleBlob } from '../shared/Gallery.tsx';
import type { Sample } from '../state/types.ts';

export type RaceStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** What is raced: the current image (prepared, from `source`) or gallery samples (prepared in the worker). */
export type RaceImage = { input: Float32Array; source: number; name: string } | { sample: Sample };

export interface RacedModel { name: string; label: string; k: number | null; info: ModelInfo }

export interface RaceRun {
  reference: string; // the model current when it started: the race shows with it only
  input: Float32Array | null; // the image raced, or null for the gallery
  settings: RaceSettings;
  images: number;
  models: RacedModel[]; // those raced, in the results' order
  skipped: string[]; // why a listed model was left out
  results: RaceResult[]; // one per image done
  progress: { image: number; model: number; step: number };
  startedAt: number;
}

interface RaceState {
  run: RaceRun | null;
  status: RaceStatus;
  error: string | null;
  start(reference: ModelInfo, entries: ModelEntry[], images: RaceImage[], settings: RaceSettings): void;
  cancel(): void;
}

/** The sample's class index among the model's classes. */
function sampleSource(sample: Sample, model: ModelInfo): number {
  const index = model.classes.findIndex((c) => c.id === sample.wnid);
  if (index < 0) throw new Error(`sample ${sample.id}: class ${sample.wnid} is not one of the model's classes`);
  return index;
}

export const useRace = create<RaceState>()((set) => {
  let job: WorkerJob<'done'> | null = null;
  return {
    run: null,
    status: 'idle',
    error: null,
    start(reference, entries, images, settings) {
      const current: RaceRun = { reference: reference.name, input: images.length === 1 && 'input' in images[0] ? images[0].input : null, settings, images: images.length, models: [], skipped: [], results: [], progress: { image: 0, model: 0, step: 0 }, startedAt: performance.now() };
      const update = (change: Partial<RaceRun>) => {
        Object.assign(current, change);
        set({ run: { ...current } });
      };
      set({ run: current, status: 'running', error: null });
      const onProgress = EngineBridge.callback((model: number, step: number) => update({ progress: { ...current.progress, model, step } }));
      job = startJob(async (e, cancelled) => {
        for (const entry of entries) {
          const info = await e.loadModel(entry.name).catch((error) => errorText(error));
          if (typeof info === 'string') current.skipped.push(`${entry.label}: ${info}`);
          else if (inputMismatch(reference, info)) current.skipped.push(inputMismatch(reference, info)!);
          else current.models.push({ name: info.name, label: info.label, k: info.arch === 's3ta' ? info.trainedK : null, info });
        }
        update({});
        if (!current.models.length) throw new Error('no model to race: none loaded with this input');
        for (const [i, image] of images.entries()) {
          if (cancelled()) return 'cancelled';
          update({ progress: { image: i, model: 0, step: 0 } });
          const { input, source } = 'sample' in image
            ? { input: (await e.prepareImage(await sampleBlob(image.sample), image.sample.file, reference.inputSize)).input, source: sampleSource(image.sample, reference) }
            : image;
          const result = await e.race(current.models.map((m) => m.name), input, source, settings, onProgress);
          if (!result) return 'cancelled';
          update({ results: [...current.results, result] });
        }
        return 'done';
      });
      job.done
        .then((status) => set({ status }))
        .catch((e) => set({ error: errorText(e), status: 'error' }));
    },
    cancel: () => job?.cancel(),
  };
});
