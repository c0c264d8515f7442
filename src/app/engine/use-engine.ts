import { EngineBridge } from './bridge.ts';

const bridge = new EngineBridge();

/** The app's one engine bridge; components call the worker only through it. */
export function useEngine(): EngineBridge {
  return bridge;
}
