import { describe, expect, it } from 'vitest';
import { clockPause, clockStep, rateText, stepClock, stepRate } from './step-clock.ts';

describe('the step clock', () => {
  it('counts from the first step, so the models\' loading before it does not slow the rate', () => {
    const clock = clockStep(stepClock(), 1, 10_000); // 10 s of loading before step 1
    expect(clockStep(clock, 2, 10_500)).toBe(clock); // later steps leave it as it is
    expect(stepRate(clock, 1, 10_000)).toBe(0);
    expect(stepRate(clock, 5, 12_000)).toBe(2); // 4 steps in 2 s
  });

  it('leaves pauses out, during and after them', () => {
    let clock = clockStep(stepClock(), 1, 0);
    clock = clockPause(clock, true, 2_000); // step 5 at 2 s, then a pause of 8 s
    expect(stepRate(clock, 5, 9_000)).toBe(2);
    clock = clockPause(clock, false, 10_000);
    expect(stepRate(clock, 9, 12_000)).toBe(2); // 8 steps in 4 s of work
    expect(clockPause(clock, false, 13_000)).toBe(clock);
  });

  it('says the rate and, while running, the time left', () => {
    const clock = clockStep(stepClock(), 1, 0);
    expect(rateText(clock, 1, 100, true, 1_000)).toBe('');
    expect(rateText(clock, 11, 100, true, 5_000)).toBe(' · 2.0 steps/s · ETA 45 s');
    expect(rateText(clock, 11, 100, false, 5_000)).toBe(' · 2.0 steps/s · ETA —');
  });
});
