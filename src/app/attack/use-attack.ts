// The live attack: its run, status and error live in a store of their own, so a run goes on (and stays on
// screen) while the user switches views. Worker calls go through the app's one engine bridge, as in engine/hooks.ts.
import { create } from 'zustand';
import type { AttackFrame, AttackSettings, Classification } from '../../worker/protocol.ts';
import { startJob, type WorkerJob } from '../engine/attack-job.ts';
import { EngineBridge } from '../engine/bridge.ts';
import { errorText } from '../engine/hooks.ts';
import { attackEngine } from '../engine/use-engine.ts';
import { addFrame, NO_FRAMES, type Frames } from './frames.ts';
import { clockPause, clockStep, stepClock, type StepClock } from '../shared/step-clock.ts';

export type AttackStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

/** A run that still holds the attack worker: its model and k must stay what the view says they are. */
export const attackActive = (status: AttackStatus) => status === 'loading' || status === 'running' || status === 'paused';

export interface AttackRun {
  settings: AttackSettings;
  models: string[];
  input: Float32Array; // the clean image attacked: a run belongs to one image
  clean: Extract<Classification, { arch: 's3ta' }>; // S3TA on it at the run's k: the run outlives a change of k
  frames: Frames; // compact: see frames.ts
  startedAt: number;
  clock: StepClock;
}

/** What the frames are compacted by: S3TA's heads and the class count. */
export interface AttackShape { heads: number; classes: number }

interface AttackState {
  run: AttackRun | null;
  status: AttackStatus;
  error: string | null;
  start(models: string[], clean: AttackRun['clean'], input: Float32Array, settings: AttackSettings, shape: AttackShape): void;
  pause(paused: boolean): void;
  cancel(): void;
}

/** Starts, pauses, resumes and cancels a live attack in the worker, collecting its frames. */
export const useAttack = create<AttackState>()((set, get) => {
  const engine = attackEngine();
  let job: WorkerJob<'done'> | null = null;
  let current: AttackRun | null = null; // the run its frames and pauses update
  return {
    run: null,
    status: 'idle',
    error: null,
    start(models, clean, input, settings, { heads, classes }) {
      const run: AttackRun = { settings, models, input, clean, frames: NO_FRAMES, startedAt: performance.now(), clock: stepClock() };
      current = run;
      set({ run, status: 'loading', error: null });
      const onFrame = EngineBridge.callback((frame: AttackFrame) => {
        if (current !== run) return; // a run cancelled before it held the worker, or replaced
        run.frames = addFrame(run.frames, frame, settings.k, heads, classes);
        run.clock = clockStep(run.clock, frame.step);
        set((s) => ({ run: { ...run }, status: s.status === 'loading' ? 'running' : s.status }));
      });
      job = startJob(async (e) => {
        for (const name of models) await e.loadModel(name);
        return (await e.attack(models, input, settings, onFrame)).cancelled ? 'cancelled' : 'done';
      });
      job.done
        .then((status) => current === run && set({ status }))
        .catch((e) => current === run && set({ error: errorText(e), status: 'error' }));
    },
    pause(paused) {
      void engine.now((e) => e.pauseAttack(paused));
      if (current) current.clock = clockPause(current.clock, paused);
      set({ status: paused ? 'paused' : 'running', run: current && { ...current } });
    },
    cancel() {
      job?.cancel();
      if (get().status !== 'loading') return; // a running job ends itself with 'cancelled'
      current = null; // one still queued behind another view's run would hold the model and k until that run ends
      set({ status: 'cancelled' });
    },
  };
});
