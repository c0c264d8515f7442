import { describe, expect, it } from 'vitest';
import { amplifiedPerturbation, amplify } from './perturbation.ts';

describe('the amplified perturbation', () => {
  it('maps -eps, 0, +eps to 0, grey, 1 and clips beyond', () => {
    const eps = 16 / 255;
    expect([amplify(-eps, eps), amplify(0, eps), amplify(eps, eps)]).toEqual([0, 0.5, 1]);
    expect(amplify(eps / 2, eps)).toBeCloseTo(0.75, 12);
    expect([amplify(-1, eps), amplify(1, eps)]).toEqual([0, 1]);
  });

  it('amplifies every value of an image on one scale, and refuses images of different sizes', () => {
    const clean = Float32Array.from([0.2, 0.5, 0.9, 0.4]);
    const adversarial = Float32Array.from([0.2 + 0.04, 0.5 - 0.08, 0.9, 0.4 + 0.02]);
    const shown = amplifiedPerturbation(adversarial, clean, 0.08);
    expect(Array.from(shown, (v) => +v.toFixed(5))).toEqual([0.75, 0, 0.5, 0.625]);
    expect(() => amplifiedPerturbation(adversarial, clean.subarray(1), 0.08)).toThrow('images differ in size: 4 vs 3 values');
  });
});
