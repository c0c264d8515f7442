import { describe, expect, it } from 'vitest';
import { ATTACK_NAMES, ATTACK_SPECS, attackBudget, attackLabel, checkAttack, COMMON_PARAMS, defaultSettings, paramError, parseParam, parseStepList } from './attack-specs.ts';

describe('the attack registry (settings half)', () => {
  it('has valid defaults for every attack, and one step for single-step attacks', () => {
    for (const name of ATTACK_NAMES) {
      const settings = { ...defaultSettings(name), source: 0, k: 4 };
      expect(() => checkAttack(settings, 10)).not.toThrow();
      expect(settings.steps === 1).toBe('singleStep' in ATTACK_SPECS[name]);
    }
  });

  it('labels attacks as training/evaluate.py does', () => {
    expect(attackLabel({ attack: 'pgd', targeted: true, eps: 16 / 255, steps: 10 })).toBe('Targeted PGD-10, ε 16/255');
    expect(attackLabel({ attack: 'pgd', targeted: false, eps: 4 / 255, steps: 200 })).toBe('Untargeted PGD-200, ε 4/255');
    expect(attackLabel({ attack: 'spsa', targeted: true, eps: 16 / 255, steps: 20 })).toBe('Targeted SPSA-20, ε 16/255');
    expect(attackLabel({ attack: 'fgsm', targeted: true, eps: 16 / 255, steps: 1 })).toBe('Targeted FGSM, ε 16/255');
  });

  it('reads ε in 255ths in the UI, and a fraction as written in either unit', () => {
    const eps = COMMON_PARAMS.eps;
    expect(parseParam('16', 'ε', eps, '255ths')).toEqual({ ok: true, value: 16 / 255 });
    expect(parseParam('16/255', 'ε', eps, '255ths')).toEqual({ ok: true, value: 16 / 255 });
    expect(parseParam(' 8 / 255 ', 'ε', eps, '255ths')).toEqual({ ok: true, value: 8 / 255 });
    expect(parseParam('16/255', 'ε', eps, 'absolute')).toEqual({ ok: true, value: 16 / 255 });
    expect(parseParam('0.0627', 'ε', eps, 'absolute')).toEqual({ ok: true, value: 0.0627 });
    const tooLarge = parseParam('300/255', 'ε', eps, '255ths');
    expect(tooLarge.ok).toBe(false);
    expect(!tooLarge.ok && tooLarge.error).toMatch(/\/255\]/);
    expect(parseParam('16/0', 'ε', eps, '255ths').ok).toBe(false);
  });

  it('names the bad setting and its limits', () => {
    const settings = { ...defaultSettings('pgd'), source: 0, k: 4 };
    expect(() => checkAttack({ ...settings, attack: 'cw' as never }, 10)).toThrow('attack is "cw"; valid: pgd, spsa, fgsm');
    expect(() => checkAttack({ ...settings, steps: 1.5 }, 10)).toThrow('steps must be an integer, got 1.5');
    expect(() => checkAttack({ ...settings, params: { ...settings.params, stepSize: 0 } }, 10)).toThrow('stepSize must be in [0.01/255, 64/255], got 0/255');
    expect(() => checkAttack({ ...defaultSettings('fgsm'), source: 0, k: 4, steps: 3 }, 10)).toThrow('FGSM takes one step, got steps 3');
    expect(() => checkAttack({ ...settings, target: 0 }, 10)).toThrow('target 0 is the source class itself');
    expect(paramError('samples', ATTACK_SPECS.spsa.params.samples, 129)).toBe('samples must be in [1, 128], got 129');
    expect(() => checkAttack({ ...settings, steps: 10, frameSteps: [5, 11] }, 10)).toThrow('frameSteps must be integers in 1..10 (the steps), got 11');
    expect(() => checkAttack({ ...settings, steps: 10, frameSteps: [0] }, 10)).toThrow('got 0');
  });

  it('counts the model evaluations each attack spends: gradients for PGD and FGSM, 2 x samples forwards a step for SPSA', () => {
    expect(attackBudget({ ...defaultSettings('pgd'), steps: 100 })).toEqual({ forwards: 0, gradients: 100 });
    expect(attackBudget({ ...defaultSettings('fgsm') })).toEqual({ forwards: 0, gradients: 1 });
    const spsa = defaultSettings('spsa');
    expect(attackBudget({ ...spsa, steps: 100 })).toEqual({ forwards: 100 * 2 * ATTACK_SPECS.spsa.params.samples.default, gradients: 0 });
    expect(attackBudget({ ...spsa, steps: 3, params: { ...spsa.params, samples: 5 } })).toEqual({ forwards: 30, gradients: 0 });
  });
});

describe('parseStepList (the strip\'s and the race\'s step counts, in the UI and the CLI)', () => {
  it('reads increasing counts, with spaces around the commas', () => {
    expect(parseStepList('10, 50, 100, 250', 'Steps', [10, 50])).toEqual({ ok: true, value: [10, 50, 100, 250] });
  });

  it('names the field, says what was wrong and shows the example', () => {
    expect(parseStepList('10 50', 'Steps', [10, 50])).toEqual({ ok: false, error: 'Steps: must be an integer, got "10 50" (step counts are comma-separated, e.g. 10,50)' });
    expect(parseStepList('50,10', '--steps', [10, 50])).toEqual({ ok: false, error: '--steps: step counts must increase, got "50,10"' });
    expect(parseStepList('1,2,3', 'Steps', [1], 2)).toEqual({ ok: false, error: 'Steps: at most 2 step counts, got 3' });
    expect(parseStepList('', 'Steps', [1]).ok).toBe(false);
  });
});
