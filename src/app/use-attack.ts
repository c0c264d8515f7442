import { useCallback, useRef, useState } from 'react';
import type { AttackFrame, AttackSettings } from '../engine/attack-run.ts';
import { EngineBridge } from './engine-bridge.ts';
import { useEngine } from './use-engine.ts';

export type AttackStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface AttackRun {
  settings: AttackSettings;
  models: string[];
  frames: AttackFrame[];
  startedAt: number;
}

/** Starts, pauses, resumes and cancels a live attack in the worker, collecting its frames. */
export function useAttack() {
  const engine = useEngine();
  const [run, setRun] = useState<AttackRun | null>(null);
  const [status, setStatus] = useState<AttackStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const frames = useRef<AttackFrame[]>([]);

  const start = useCallback((models: string[], input: Float32Array, settings: AttackSettings) => {
    frames.current = [];
    const current: AttackRun = { settings, models, frames: [], startedAt: performance.now() };
    setRun(current);
    setStatus('running');
    setError(null);
    const onFrame = EngineBridge.callback((frame: AttackFrame) => {
      frames.current = [...frames.current, frame];
      setRun({ ...current, frames: frames.current });
    });
    engine.call((e) => e.attack(models, input, settings, onFrame))
      .then((result) => setStatus(result.cancelled ? 'cancelled' : 'done'))
      .catch((e) => {
        setError(e instanceof Error ? e.message : String(e));
        setStatus('error');
      });
  }, [engine]);

  const pause = useCallback((paused: boolean) => {
    void engine.now((e) => e.pauseAttack(paused));
    setStatus(paused ? 'paused' : 'running');
  }, [engine]);

  const cancel = useCallback(() => void engine.now((e) => e.cancelAttack()), [engine]);

  return { run, status, error, start, pause, cancel };
}
