// The gradient-masking check (the paper's table 3): targeted PGD and SPSA, which never sees a gradient, for the
// same number of steps on the same image and target. If SPSA finds an adversarial example that PGD missed, the
// model's gradients may be masked (uninformative near the image), and PGD would overstate its robustness.
import { ATTACK_SPECS, attackBudget, type AttackName, type AttackParams, type AttackSettings } from './attack-specs.ts';

export const CHECK_ATTACKS = ['pgd', 'spsa'] as const satisfies readonly AttackName[];
export const CHECK_STEPS = 100; // the default: PGD-100 against SPSA-100
export type CheckAttack = (typeof CHECK_ATTACKS)[number];

/** What the check's two runs share, and each attack's own parameters. */
export interface CheckChoice {
  source: number;
  target: number | 'random'; // 'random' draws the same target in both runs: it comes from the seed alone
  k: number;
  eps: number;
  steps: number;
  seed: number;
  params: Record<CheckAttack, AttackParams>;
}

/** The two runs, PGD then SPSA, with a frame every step for the loss curves. */
export function checkRuns(choice: CheckChoice): Record<CheckAttack, AttackSettings> {
  const run = (attack: CheckAttack): AttackSettings => ({
    attack, targeted: true, target: choice.target, source: choice.source, k: choice.k, eps: choice.eps, steps: choice.steps,
    seed: choice.seed, frameEvery: 1, params: choice.params[attack],
  });
  return { pgd: run('pgd'), spsa: run('spsa') };
}

/** "SPSA-100: 6,400 forward passes (64 a step)": the run's budget in model evaluations. */
export function budgetText(settings: Pick<AttackSettings, 'attack' | 'steps' | 'params'>): string {
  const total = attackBudget(settings);
  const perStep = attackBudget({ ...settings, steps: 1 });
  const count = (n: number) => n.toLocaleString('en-US');
  const parts = [
    total.gradients > 0 && `${count(total.gradients)} gradient${total.gradients === 1 ? '' : 's'} (a forward and a backward pass each${perStep.gradients > 1 ? `, ${perStep.gradients} a step` : ''})`,
    total.forwards > 0 && `${count(total.forwards)} forward passes (${count(perStep.forwards)} a step)`,
  ].filter(Boolean);
  return `${ATTACK_SPECS[settings.attack].label}-${settings.steps}: ${parts.join(' + ')}`;
}

/** Where a targeted attack ended: the prediction and the target's probability at its last step. */
export interface Outcome {
  prediction: number;
  target: number;
  targetProbability: number;
}

export type VerdictKind = 'masking' | 'weak' | 'inconclusive' | 'none';

const percent = (p: number) => `${(100 * p).toFixed(1)}%`;

/** The check's verdict in words, from the two attacks' outcomes. */
export function maskingVerdict(pgd: Outcome, spsa: Outcome): { kind: VerdictKind; text: string } {
  const reached = (o: Outcome) => o.prediction === o.target;
  if (reached(spsa) && !reached(pgd)) {
    return { kind: 'masking', text: 'SPSA found an adversarial example that PGD missed — a warning sign of gradient masking' };
  }
  if (!reached(spsa) && !reached(pgd)) {
    const probabilities = `(${percent(spsa.targetProbability)} vs ${percent(pgd.targetProbability)})`;
    return spsa.targetProbability > pgd.targetProbability
      ? { kind: 'weak', text: `Neither found an adversarial example, but SPSA raised the target's probability more than PGD ${probabilities} — a weak warning sign: try more steps` }
      : { kind: 'inconclusive', text: `Neither found an adversarial example, and SPSA raised the target's probability no more than PGD ${probabilities} — too few steps to tell: try more` };
  }
  return { kind: 'none', text: 'PGD at least as strong as SPSA: no sign of gradient masking on this image' };
}
