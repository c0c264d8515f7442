// A job on the attack worker: attack runs back to back (the strip's run; the check's PGD then SPSA), a landscape,
// a race. The worker runs one call at a time and its cancel stops whichever job runs there, so a job sends cancel
// only while it holds the worker; a job still queued behind another view's run is dropped before it starts.
import type { AttackFrame, AttackSettings, Classification, ModelInfo } from '../../worker/protocol.ts';
import { EngineBridge, type Engine } from './bridge.ts';
import { attackEngine, preferredBackend } from './use-engine.ts';

export interface WorkerJob<T> {
  /** Resolves with the job's value, or 'cancelled'; rejects with the job's error. */
  done: Promise<T | 'cancelled'>;
  cancel(): void;
}

/** Runs `job` when the attack worker is free (started on the chosen backend). The job ends itself with 'cancelled'
 * when the worker's call says it was cancelled, or when `cancelled()` says so between its calls. */
export function startJob<T>(job: (engine: Engine, cancelled: () => boolean) => Promise<T | 'cancelled'>): WorkerJob<T> {
  const engine = attackEngine();
  let phase: 'queued' | 'running' | 'cancelled' | 'finished' = 'queued';
  const cancelled = () => phase === 'cancelled'; // a function: cancel() changes phase while the job awaits
  const done = engine.call(async (e) => {
    if (cancelled()) return 'cancelled' as const;
    phase = 'running';
    await e.resetControls(); // before any cancel of this job: Comlink keeps the calls in order
    await e.init(preferredBackend());
    const value = await job(e, cancelled);
    return cancelled() ? 'cancelled' as const : value;
  }).finally(() => { phase = 'finished'; });
  return {
    done,
    cancel() {
      if (phase === 'running') void engine.now((e) => e.cancelAttack());
      if (phase !== 'finished') phase = 'cancelled';
    },
  };
}

export interface AttackWorker {
  load(name: string): Promise<ModelInfo>;
  classify(name: string, input: Float32Array, k: number): Promise<Classification>;
  /** One attack run; resolves false when it was cancelled (the job should then end). */
  attack(models: string[], input: Float32Array, settings: AttackSettings, onFrame: (frame: AttackFrame) => void): Promise<boolean>;
}

/** A job of attack runs: 'done' unless one of them was cancelled. */
export function startAttackJob(job: (worker: AttackWorker) => Promise<void>): WorkerJob<'done'> {
  return startJob(async (e) => {
    let cancelledThere = false;
    await job({
      load: (name) => e.loadModel(name),
      classify: (name, input, k) => e.classify(name, input, k),
      async attack(models, input, settings, onFrame) {
        // a cancel that arrived between runs is taken by the next run, which stops after its first step
        const result = await e.attack(models, input, settings, EngineBridge.callback(onFrame));
        cancelledThere ||= result.cancelled;
        return !result.cancelled;
      },
    });
    return cancelledThere ? 'cancelled' : 'done';
  });
}
