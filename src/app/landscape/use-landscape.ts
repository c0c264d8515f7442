// The landscape's computation in the attack worker (so looking never waits behind it), in a store of its own so
// that it goes on while the user switches views.
import { create } from 'zustand';
import type { Landscape, LandscapeSettings } from '../../worker/protocol.ts';
import { startJob, type WorkerJob } from '../engine/attack-job.ts';
import { EngineBridge } from '../engine/bridge.ts';
import { errorText } from '../engine/hooks.ts';

export type LandscapeStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface LandscapeRun {
  model: string;
  input: Float32Array; // the clean image: a run belongs to one image
  settings: LandscapeSettings;
  rowsDone: number;
  result: Landscape | null;
}

interface LandscapeState {
  run: LandscapeRun | null;
  status: LandscapeStatus;
  error: string | null;
  start(model: string, input: Float32Array, settings: LandscapeSettings): void;
  cancel(): void;
}

export const useLandscape = create<LandscapeState>()((set) => {
  let job: WorkerJob<Landscape> | null = null;
  return {
    run: null,
    status: 'idle',
    error: null,
    start(model, input, settings) {
      const current: LandscapeRun = { model, input, settings, rowsDone: 0, result: null };
      set({ run: current, status: 'running', error: null });
      const onProgress = EngineBridge.callback((done: number) => set({ run: { ...current, rowsDone: done } }));
      job = startJob(async (e) => {
        await e.loadModel(model);
        return (await e.landscape(model, input, settings, onProgress)) ?? 'cancelled';
      });
      job.done
        .then((result) => set(result === 'cancelled' ? { status: 'cancelled' } : { run: { ...current, rowsDone: settings.grid, result }, status: 'done' }))
        .catch((e) => set({ error: errorText(e), status: 'error' }));
    },
    cancel: () => job?.cancel(),
  };
});
