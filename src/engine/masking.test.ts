import { describe, expect, it } from 'vitest';
import { ATTACK_SPECS, checkAttack, defaultParams } from './attack-specs.ts';
import { budgetText, checkRuns, maskingVerdict, type Outcome } from './masking.ts';

const outcome = (prediction: number, targetProbability: number): Outcome => ({ prediction, target: 3, targetProbability });

describe('the gradient-masking check', () => {
  it('runs PGD and SPSA on the same image, target, eps, steps and seed, with a frame every step', () => {
    const runs = checkRuns({ source: 1, target: 'random', k: 4, eps: 8 / 255, steps: 100, seed: 7, params: { pgd: defaultParams('pgd'), spsa: defaultParams('spsa') } });
    expect([runs.pgd.attack, runs.spsa.attack]).toEqual(['pgd', 'spsa']);
    const shared = ({ attack: _a, params: _p, ...rest }: typeof runs.pgd) => rest;
    expect(shared(runs.pgd)).toEqual(shared(runs.spsa));
    expect(runs.pgd).toMatchObject({ targeted: true, frameEvery: 1, steps: 100, seed: 7 });
    for (const run of Object.values(runs)) expect(() => checkAttack(run, 10)).not.toThrow();
  });

  it('states each budget in model evaluations', () => {
    const runs = checkRuns({ source: 0, target: 2, k: 1, eps: 16 / 255, steps: 100, seed: 0, params: { pgd: defaultParams('pgd'), spsa: defaultParams('spsa') } });
    const samples = ATTACK_SPECS.spsa.params.samples.default;
    expect(budgetText(runs.pgd)).toBe('PGD-100: 100 gradients (a forward and a backward pass each)');
    expect(budgetText(runs.spsa)).toBe(`SPSA-100: ${(100 * 2 * samples).toLocaleString('en-US')} forward passes (${2 * samples} a step)`);
  });

  it('warns when SPSA reaches the target and PGD does not, and only then', () => {
    expect(maskingVerdict(outcome(0, 0.2), outcome(3, 0.6))).toEqual({
      kind: 'masking', text: 'SPSA found an adversarial example that PGD missed — a warning sign of gradient masking',
    });
    const clear = 'PGD at least as strong as SPSA: no sign of gradient masking on this image';
    expect(maskingVerdict(outcome(3, 0.9), outcome(3, 0.95)).text).toBe(clear); // both reached it
    expect(maskingVerdict(outcome(3, 0.6), outcome(0, 0.1)).text).toBe(clear); // PGD only
  });

  it('calls it inconclusive when neither reaches the target and PGD gets as close as SPSA', () => {
    const verdict = maskingVerdict(outcome(0, 0.3), outcome(0, 0.3));
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.text).toContain('no more than PGD (30.0% vs 30.0%) — too few steps to tell');
  });

  it('calls it a weak sign when neither reaches the target but SPSA gets closer', () => {
    const verdict = maskingVerdict(outcome(0, 0.1), outcome(1, 0.25));
    expect(verdict.kind).toBe('weak');
    expect(verdict.text).toContain('SPSA raised the target\'s probability more than PGD (25.0% vs 10.0%)');
  });
});
