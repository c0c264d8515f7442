// saccade check: the gradient-masking check (the paper's table 3) on one image: targeted PGD and SPSA with the
// same steps, target and eps, each budget in model evaluations, and whether SPSA found what PGD missed.
import * as tf from '@tensorflow/tfjs-core';
import { runAttack, type AttackFrame } from '../engine/attack-run.ts';
import { ATTACK_SPECS, attackBudget, COMMON_PARAMS, parseParam } from '../engine/attack-specs.ts';
import { budgetText, CHECK_ATTACKS, CHECK_STEPS, checkRuns, maskingVerdict, type CheckAttack, type Outcome } from '../engine/masking.ts';
import { attackParams, glances, openAndClassify, orThrow, parseTarget, progressBar, setBackend, type Options } from './common.ts';

export const CHECK_USAGE = `  saccade check <image> [--model DIR] [--target <index|wnid|name|random>] [--steps ${CHECK_STEPS}] [--eps 16/255] [--k N]
                [--seed 0] [PGD and SPSA options] [--json]`;

/** Flags of other commands that would silently mean nothing here. */
function refuseOtherFlags(options: Options): void {
  if (options.attack !== undefined) throw new Error('check runs both PGD and SPSA: drop --attack');
  if (options.untargeted) throw new Error('check runs targeted attacks: drop --untargeted');
  if (options.out !== undefined) throw new Error('check writes no image: drop --out');
}

interface AttackResult {
  last: AttackFrame;
  losses: number[]; // the objective, log p(target), after each step
}

/** Prints both runs, their budgets and the verdict; exits 130 (no verdict) when interrupted. */
export async function checkCommand(files: string[], options: Options, stop: AbortSignal): Promise<number> {
  if (files.length !== 1) throw new Error(`check takes one image, got ${files.length}`);
  refuseOtherFlags(options);
  const k = glances(options);
  const common = (name: keyof typeof COMMON_PARAMS, fallback: string) =>
    orThrow(parseParam(String(options[name] ?? fallback), `--${name}`, COMMON_PARAMS[name], 'absolute'));
  const [eps, steps, seed] = [common('eps', '16/255'), common('steps', String(CHECK_STEPS)), common('seed', '0')];
  const params = { pgd: attackParams('pgd', options), spsa: attackParams('spsa', options) };
  await setBackend(String(options.backend ?? 'cpu'));
  const { model, pixels, clean, prediction: source } = await openAndClassify(options, files[0], k);
  const names = model.manifest.classes;
  const target = parseTarget(String(options.target ?? 'random'), names);
  const runs = checkRuns({ source, target, k: clean.k, eps, steps, seed, params });

  const bar = progressBar('check |{bar}| {attack} step {step}/{steps}');
  bar.start(2 * steps, 0, { attack: 'PGD', step: 0, steps });
  const results: Partial<Record<CheckAttack, AttackResult>> = {};
  try {
    for (const [i, attack] of CHECK_ATTACKS.entries()) {
      const losses: number[] = [];
      for await (const frame of runAttack([model], pixels, runs[attack], stop)) {
        losses.push(frame.models[0].loss);
        results[attack] = { last: frame, losses };
        bar.update(i * steps + frame.step, { attack: ATTACK_SPECS[attack].label, step: frame.step });
      }
      if (results[attack]!.last.step < steps) break;
    }
  } finally {
    bar.stop();
    model.dispose();
  }
  const cut = CHECK_ATTACKS.find((attack) => (results[attack]?.last.step ?? 0) < steps);
  if (cut) {
    console.error(`saccade: interrupted during ${ATTACK_SPECS[cut].label} (step ${results[cut]?.last.step ?? 0} of ${steps}): no verdict`);
    return 130;
  }
  const { pgd, spsa } = results as Record<CheckAttack, AttackResult>;
  const outcome = ({ last }: AttackResult): Outcome => ({
    prediction: last.models[0].prediction, target: last.target!, targetProbability: last.models[0].targetProbability!,
  });
  const verdict = maskingVerdict(outcome(pgd), outcome(spsa));
  const reached = (o: Outcome) => o.prediction === o.target;
  const chosenTarget = pgd.last.target!;
  if (options.json) {
    const summary = (attack: CheckAttack) => {
      const o = outcome(results[attack]!);
      return {
        settings: { ...runs[attack], target: results[attack]!.last.target }, budget: attackBudget(runs[attack]), prediction: o.prediction, targetProbability: o.targetProbability,
        reached: reached(o), loss: results[attack]!.losses,
      };
    };
    console.log(JSON.stringify({
      file: files[0], model: model.manifest.arch, backend: tf.getBackend(), k: clean.k, source, target: chosenTarget,
      eps, steps, seed, pgd: summary('pgd'), spsa: summary('spsa'), verdict,
    }));
  } else {
    console.log(`${files[0]}: ${names[source].name} -> target ${names[chosenTarget].name}, ε ${+(eps * 255).toFixed(2)}/255, seed ${seed}`);
    for (const attack of CHECK_ATTACKS) {
      const o = outcome(results[attack]!);
      console.log(`  ${budgetText(runs[attack])}: ${names[o.prediction].name}, p(target) ${(100 * o.targetProbability).toFixed(1)}%, `
        + `target ${reached(o) ? 'reached' : 'not reached'}`);
    }
    console.log(`  ${verdict.text}`);
  }
  return 0;
}
