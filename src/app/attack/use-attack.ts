// The live attack: its run, status and error live in a store of their own, so a run goes on (and stays on
// screen) while the user switches views. Worker calls go through the app's one engine bridge, as in engine/hooks.ts.
import { create } from 'zustand';
import type { AttackFrame, AttackSettings } from '../../worker/protocol.ts';
import { EngineBridge } from '../engine/bridge.ts';
import { errorText } from '../engine/hooks.ts';
import { useEngine } from '../engine/use-engine.ts';

export type AttackStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface AttackRun {
  settings: AttackSettings;
  models: string[];
  frames: AttackFrame[];
  startedAt: number;
}

interface AttackState {
  run: AttackRun | null;
  status: AttackStatus;
  error: string | null;
  start(models: string[], input: Float32Array, settings: AttackSettings): void;
  pause(paused: boolean): void;
  cancel(): void;
}

/** Starts, pauses, resumes and cancels a live attack in the worker, collecting its frames. */
export const useAttack = create<AttackState>()((set) => {
  const engine = useEngine();
  return {
    run: null,
    status: 'idle',
    error: null,
    start(models, input, settings) {
      const current: AttackRun = { settings, models, frames: [], startedAt: performance.now() };
      set({ run: current, status: 'running', error: null });
      const onFrame = EngineBridge.callback((frame: AttackFrame) => {
        current.frames = [...current.frames, frame];
        set({ run: { ...current } });
      });
      engine.call(async (e) => {
        await Promise.all(models.map((name) => e.loadModel(name)));
        return e.attack(models, input, settings, onFrame);
      })
        .then((result) => set({ status: result.cancelled ? 'cancelled' : 'done' }))
        .catch((e) => set({ error: errorText(e), status: 'error' }));
    },
    pause(paused) {
      void engine.now((e) => e.pauseAttack(paused));
      set({ status: paused ? 'paused' : 'running' });
    },
    cancel: () => void engine.now((e) => e.cancelAttack()),
  };
});
