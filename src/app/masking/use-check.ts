// The gradient-masking check's runs (PGD, then SPSA) and settings, in a store of their own: a run goes on while
// the user looks at other views.
import { create } from 'zustand';
import { defaultParams, defaultSettings } from '../../engine/attack-specs.ts';
import { CHECK_ATTACKS, CHECK_STEPS, checkRuns, type CheckAttack, type CheckChoice } from '../../engine/masking.ts';
import type { AttackSettings, ModelInfo } from '../../worker/protocol.ts';
import { startAttackJob, type WorkerJob } from '../engine/attack-job.ts';
import { errorText } from '../engine/hooks.ts';
import type { RunStatus } from '../shared/RunProgress.tsx';

/** What the panel sets: everything of CheckChoice but the clean prediction and k. */
export type CheckDraft = Omit<CheckChoice, 'source' | 'k'>;

/** One step of one attack: the objective both ascend the same way (log p(target)) and where it stands. */
export interface CheckPoint {
  step: number;
  loss: number;
  targetProbability: number;
  prediction: number;
}

export interface CheckRun {
  model: ModelInfo;
  input: Float32Array; // the clean image [S, S, 3]: a run belongs to one image
  settings: Record<CheckAttack, AttackSettings>;
  attack: CheckAttack; // the one running (or the last that ran)
  target: number | null; // known from the first frame
  curves: Record<CheckAttack, CheckPoint[]>;
  startedAt: number;
}

interface CheckState {
  draft: CheckDraft;
  run: CheckRun | null;
  status: RunStatus;
  error: string | null;
  setDraft(change: Partial<CheckDraft>): void;
  start(model: ModelInfo, input: Float32Array, source: number, k: number): void;
  cancel(): void;
}

function initialDraft(): CheckDraft {
  const defaults = defaultSettings('pgd');
  return {
    target: defaults.target, eps: defaults.eps, seed: defaults.seed, steps: CHECK_STEPS,
    params: { pgd: defaultParams('pgd'), spsa: defaultParams('spsa') },
  };
}

export const useCheck = create<CheckState>()((set, get) => {
  let job: WorkerJob<'done'> | null = null;
  return {
    draft: initialDraft(),
    run: null,
    status: 'idle',
    error: null,
    setDraft: (change) => set((s) => ({ draft: { ...s.draft, ...change } })),
    start(model, input, source, k) {
      const settings = checkRuns({ ...get().draft, source, k });
      let run: CheckRun = { model, input, settings, attack: 'pgd', target: null, curves: { pgd: [], spsa: [] }, startedAt: performance.now() };
      const update = (change: Partial<CheckRun>) => {
        run = { ...run, ...change };
        set({ run });
      };
      set({ run, status: 'loading', error: null });
      job = startAttackJob(async (worker) => {
        await worker.load(model.name);
        set({ status: 'running' });
        for (const attack of CHECK_ATTACKS) {
          update({ attack });
          const finished = await worker.attack([model.name], input, settings[attack], (frame) => {
            const [m] = frame.models;
            const point = { step: frame.step, loss: m.loss, targetProbability: m.targetProbability ?? 0, prediction: m.prediction };
            update({ target: frame.target, curves: { ...run.curves, [attack]: [...run.curves[attack], point] } });
          });
          if (!finished) return;
        }
      });
      job.done
        .then((end) => set({ status: end }))
        .catch((e) => set({ error: errorText(e), status: 'error' }));
    },
    cancel: () => job?.cancel(),
  };
});
