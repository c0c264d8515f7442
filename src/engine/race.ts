// The computational race (the paper's figs. 3 and 5): targeted PGD with one seeded random target, read at several
// step counts of one run, against each model at its own k (an S3TA at the k it was trained for). Framework-free:
// the worker runs it per image, the CLI per file.
import * as tf from '@tensorflow/tfjs-core';
import { attackTarget, runAttack } from './attack-run.ts';
import { ATTACK_SPECS, COMMON_PARAMS, defaultSettings, parseStepList, type AttackSettings, type NumberParam } from './attack-specs.ts';
import type { Model } from './model.ts';

export const RACE_STEPS = [10, 50, 100, 250];

export interface RaceSettings {
  steps: number[]; // ascending step counts at which each model is read; the run goes to the last
  eps: number;
  stepSize: number;
  seed: number; // the random target and the random starts
  randomStart: boolean; // PGD's random start in the eps-ball (off: the same run as PyTorch's, for parity)
}

export const RACE_DEFAULTS: RaceSettings = { steps: RACE_STEPS, eps: 16 / 255, stepSize: 2 / 255, seed: 0, randomStart: true };

/** The race's number settings as fields (and link keys), in the order shown; the step list has its own parser. */
export const RACE_NUMBERS = { eps: COMMON_PARAMS.eps, stepSize: ATTACK_SPECS.pgd.params.stepSize as NumberParam, seed: COMMON_PARAMS.seed };

/** The race's step counts as typed (the view, the CLI's --steps, a link's race.steps). */
export const parseRaceSteps = (text: string, name: string) => parseStepList(text, name, RACE_STEPS);

/** A model's prediction after each step count; step 0 is the clean image. */
export interface RacePoint { step: number; prediction: number; targetProbability: number }

export interface RaceEntry { k: number | null; points: RacePoint[] }

export interface RaceResult {
  source: number; // the class the attack starts from (the true label when known)
  target: number;
  models: RaceEntry[]; // in the order given
}

export function checkRaceSteps(steps: number[]): void {
  const max = COMMON_PARAMS.steps.max;
  if (!steps.length || steps.some((s, i) => !Number.isInteger(s) || s < 1 || s > max || (i > 0 && s <= steps[i - 1]))) {
    throw new Error(`race steps must be ascending integers in 1..${max}, got ${steps.join(', ') || 'none'}`);
  }
}

/** The k a model is raced at: an S3TA's trained k; null for the baseline. */
function raceK(model: Model): number | null {
  return model.arch === 's3ta' ? model.trainedK : null;
}

function pgdSettings(model: Model, source: number, settings: RaceSettings): AttackSettings {
  const steps = settings.steps[settings.steps.length - 1];
  return {
    ...defaultSettings('pgd'), targeted: true, target: 'random', source, eps: settings.eps, steps, seed: settings.seed,
    k: raceK(model) ?? 1, frameEvery: steps, frameSteps: settings.steps,
    params: { stepSize: settings.stepSize, randomStart: settings.randomStart },
  };
}

/** The clean image's point: the prediction and the target's probability. */
async function cleanPoint(model: Model, input: Float32Array, target: number): Promise<RacePoint> {
  const S = model.inputSize;
  const probabilities = tf.tidy(() => tf.softmax(model.finalLogits(tf.tensor4d(input, [1, S, S, 3]), raceK(model) ?? undefined)));
  const values = Array.from(await probabilities.data());
  probabilities.dispose();
  return { step: 0, prediction: values.indexOf(Math.max(...values)), targetProbability: values[target] };
}

/**
 * Races every model on one image [S, S, 3] from class `source` (the same seeded random target for all): a clean
 * point and one per step count each. `onStep(modelIndex, stepsDone)` reports progress; null when `stop` aborts it.
 */
export async function race(
  models: Model[], input: Float32Array, source: number, settings: RaceSettings,
  stop?: AbortSignal, betweenSteps?: () => Promise<void>, onStep?: (model: number, step: number) => void,
): Promise<RaceResult | null> {
  checkRaceSteps(settings.steps);
  const target = attackTarget(pgdSettings(models[0], source, settings), models[0].classes)!;
  const entries: RaceEntry[] = [];
  for (const [i, model] of models.entries()) {
    const points = [await cleanPoint(model, input, target)];
    let done = 0;
    const counted = async () => {
      onStep?.(i, ++done);
      await betweenSteps?.();
    };
    for await (const frame of runAttack([model], input, pgdSettings(model, source, settings), stop, counted)) {
      if (stop?.aborted) return null;
      const { prediction, targetProbability } = frame.models[0];
      points.push({ step: frame.step, prediction, targetProbability: targetProbability! });
    }
    entries.push({ k: raceK(model), points });
  }
  return { source, target, models: entries };
}
