// The gradient-masking check's runs (PGD, then SPSA), in a store of their own: a run goes on while the user looks
// at other views. Its settings are the app state's (research.check), so that a link carries them.
import { create } from 'zustand';
import { CHECK_ATTACKS, checkRuns, type CheckAttack } from '../../engine/masking.ts';
import type { AttackSettings, ModelInfo } from '../../worker/protocol.ts';
import { startAttackJob, type WorkerJob } from '../engine/attack-job.ts';
import { errorText } from '../engine/hooks.ts';
import type { RunStatus } from '../shared/RunProgress.tsx';
import type { ResearchDrafts } from '../state/store.ts';

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
  run: CheckRun | null;
  status: RunStatus;
  error: string | null;
  start(draft: ResearchDrafts['check'], model: ModelInfo, input: Float32Array, source: number, k: number): void;
  cancel(): void;
}

export const useCheck = create<CheckState>()((set) => {
  let job: WorkerJob<'done'> | null = null;
  return {
    run: null,
    status: 'idle',
    error: null,
    start(draft, model, input, source, k) {
      const settings = checkRuns({ ...draft, source, k });
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
