// The strength strip's run, in a store of its own: a 1000-step run goes on (and stays on screen) while the user
// looks at other views. Its settings are the app state's (research.strip), so that a link carries them.
import { create } from 'zustand';
import { inputMismatch } from '../../engine/manifest.ts';
import { stripColumn, stripSettings, type StripChoice, type StripColumn } from '../../engine/strip.ts';
import type { AttackSettings, Classification, ModelEntry, ModelInfo } from '../../worker/protocol.ts';
import { startAttackJob, type WorkerJob } from '../engine/attack-job.ts';
import { errorText } from '../engine/hooks.ts';
import type { RunStatus } from '../shared/RunProgress.tsx';
import type { ResearchDrafts } from '../state/store.ts';
import { clockStep, stepClock, type StepClock } from '../shared/step-clock.ts';

export interface StripRun {
  input: Float32Array; // the clean image [S, S, 3]: a run belongs to one image
  clean: Extract<Classification, { arch: 's3ta' }>; // S3TA on it at the run's k
  baselineClean: Classification | null; // the baseline on it, once loaded
  models: ModelInfo[]; // S3TA, then the baseline when it takes the same input and classes
  leftOut: string | null; // why the baseline is not in the strip
  settings: AttackSettings;
  steps: number[];
  target: number | null; // known from the first frame (a random target is drawn from the seed)
  columns: StripColumn[]; // one per step count reached
  done: number; // steps done
  startedAt: number;
  clock: StepClock;
}

interface StripState {
  run: StripRun | null;
  status: RunStatus;
  error: string | null;
  start(draft: ResearchDrafts['strip'], model: Extract<ModelInfo, { arch: 's3ta' }>, baseline: ModelEntry | null, input: Float32Array, clean: StripRun['clean'], source: number): void;
  cancel(): void;
}

export const useStrip = create<StripState>()((set) => {
  let job: WorkerJob<'done'> | null = null;
  return {
    run: null,
    status: 'idle',
    error: null,
    start(draft, model, baseline, input, clean, source) {
      const choice: StripChoice = { source, target: draft.target, k: clean.k, eps: draft.eps, seed: draft.seed, params: draft.params };
      const settings = stripSettings(choice, draft.steps);
      let run: StripRun = {
        input, clean, baselineClean: null, models: [model], leftOut: null, settings, steps: draft.steps, target: null, columns: [], done: 0, startedAt: performance.now(), clock: stepClock(),
      };
      set({ run, status: 'loading', error: null });
      const update = (change: Partial<StripRun>) => {
        run = { ...run, ...change };
        set({ run });
      };
      job = startAttackJob(async (worker) => {
        await worker.load(model.name);
        if (baseline && baseline.name !== model.name) {
          const info = await worker.load(baseline.name);
          const why = inputMismatch(model, info);
          update(why ? { leftOut: `${why}: the strip shows ${model.label} alone` }
            : { models: [model, info], baselineClean: await worker.classify(info.name, input, 1) });
        }
        set({ status: 'running' });
        await worker.attack(run.models.map((m) => m.name), input, settings, (frame) => {
          const column = stripColumn(frame, run.steps, clean.k);
          update({ done: frame.step, clock: clockStep(run.clock, frame.step), target: frame.target, columns: column ? [...run.columns, column] : run.columns });
        });
      });
      job.done
        .then((end) => set({ status: end }))
        .catch((e) => set({ error: errorText(e), status: 'error' }));
    },
    cancel: () => job?.cancel(),
  };
});
