// A run's speed over the time it spent computing steps: from its first step (so not the models' loading), less its
// pauses. The attack panel and the research views' progress lines read it.

export interface StepClock {
  first: { at: number; step: number } | null; // when the first step was seen, and its number
  pausedAt: number | null;
  pausedMs: number; // pauses that have ended
}

export const stepClock = (): StepClock => ({ first: null, pausedAt: null, pausedMs: 0 });

/** The clock once `step` has been seen: the first step starts it. */
export function clockStep(clock: StepClock, step: number, now = performance.now()): StepClock {
  return clock.first ? clock : { ...clock, first: { at: now, step } };
}

/** The clock stopped (paused) or going again. */
export function clockPause(clock: StepClock, paused: boolean, now = performance.now()): StepClock {
  if (paused) return clock.pausedAt === null ? { ...clock, pausedAt: now } : clock;
  return clock.pausedAt === null ? clock : { ...clock, pausedAt: null, pausedMs: clock.pausedMs + now - clock.pausedAt };
}

/** Steps a second since the first step, at `step`; 0 until a second step is seen. */
export function stepRate(clock: StepClock, step: number, now = performance.now()): number {
  if (!clock.first) return 0;
  const ms = (clock.pausedAt ?? now) - clock.first.at - clock.pausedMs;
  return step > clock.first.step && ms > 0 ? ((step - clock.first.step) * 1000) / ms : 0;
}

/** " · 12.5 steps/s · ETA 80 s" at step `done` of `total` (no ETA unless running), or "" before the rate is known. */
export function rateText(clock: StepClock, done: number, total: number, running: boolean, now = performance.now()): string {
  const rate = stepRate(clock, done, now);
  if (!rate) return '';
  return ` · ${rate.toFixed(1)} steps/s · ETA ${running ? `${Math.ceil((total - done) / rate)} s` : '—'}`;
}
