import { EngineBridge } from './bridge.ts';

// Two workers, so that looking never waits behind an attack: one classifies, the other runs attacks.
const look = new EngineBridge('saccade-engine');
const attack = new EngineBridge('saccade-attack');

/** The ?backend= override, for every worker. */
export function preferredBackend(): string | undefined {
  return new URLSearchParams(location.search).get('backend') ?? undefined;
}

/** The app's engine for classifying and loading; components call the worker only through it. */
export function useEngine(): EngineBridge {
  return look;
}

/** The engine that runs attacks (attack/use-attack.ts), beside the one that classifies. */
export function attackEngine(): EngineBridge {
  return attack;
}
