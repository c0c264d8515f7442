// A live attack: steps any registered attack on one or more models in lockstep (S3TA and the baseline side by
// side) and yields a frame every few steps. Framework-free: the worker streams the frames, the CLI keeps the last.
import * as tf from '@tensorflow/tfjs-core';
import { checkAttack, type AttackSettings } from './attack-specs.ts';
import { ATTACKS, disposeState, randomTarget, seededRandom, type AttackState } from './attacks.ts';
import { inputMismatch } from './manifest.ts';
import { readOutputs, type Model } from './model.ts';
import { glanceLogits, softmax } from './predictions.ts';

interface ModelFrameBase {
  adversarial: Float32Array; // [S, S, 3] in [0, 1]
  logits: Float32Array; // [k, C] at the adversarial image (k = 1 for the baseline)
  loss: number; // the attack's objective, ascending: -CE(target) targeted, CE(source) untargeted
  sourceProbability: number; // final glance
  targetProbability: number | null;
  prediction: number;
  linf: number; // max |adversarial - clean|
}

export type ModelFrame =
  | (ModelFrameBase & { arch: 's3ta'; attention: Float32Array }) // [k, heads, h, w]
  | (ModelFrameBase & { arch: 'resnet' });

export interface AttackFrame {
  step: number; // steps done
  steps: number;
  target: number | null;
  stepMs: number; // mean time of one step (all models) since the last frame
  models: ModelFrame[];
}

/** The k a model runs at: the settings' for S3TA; the baseline has none. */
function glancesOf(model: Model, settings: AttackSettings): number | undefined {
  return model.arch === 's3ta' ? settings.k : undefined;
}

async function modelFrame(model: Model, xAdv: tf.Tensor4D, x: tf.Tensor4D, settings: AttackSettings, target: number | null): Promise<ModelFrame> {
  const linfT = tf.tidy(() => tf.max(tf.abs(tf.sub(xAdv, x))));
  const [out, linf, adversarial] = await Promise.all([
    readOutputs(model, xAdv, glancesOf(model, settings)), linfT.data(), xAdv.data() as Promise<Float32Array>,
  ]).finally(() => linfT.dispose());
  const probabilities = softmax(glanceLogits(out.logits, model.classes, out.k - 1));
  const frame: ModelFrameBase = {
    adversarial, logits: out.logits,
    loss: target === null ? -Math.log(probabilities[settings.source]) : Math.log(probabilities[target]),
    sourceProbability: probabilities[settings.source],
    targetProbability: target === null ? null : probabilities[target],
    prediction: probabilities.indexOf(Math.max(...probabilities)),
    linf: linf[0],
  };
  return out.attention ? { arch: 's3ta', ...frame, attention: out.attention } : { arch: 'resnet', ...frame };
}

/** Models attacked together see one image and one source and target class: same input size, same classes. */
function checkComparable(models: Model[]): void {
  const input = (model: Model, i: number) => ({ label: `model ${i + 1} (${model.arch})`, inputSize: model.inputSize, classes: model.manifest.classes });
  for (const [i, other] of models.entries()) {
    const why = inputMismatch(input(models[0], 0), input(other, i));
    if (why) throw new Error(`models attacked together must share input size and classes: ${why}`);
  }
}

/** The class a targeted attack aims at (a 'random' one drawn from its own generator seeded by settings.seed);
 * null when untargeted. */
export function attackTarget(settings: AttackSettings, classes: number): number | null {
  if (!settings.targeted) return null;
  return settings.target === 'random' ? randomTarget([settings.source], classes, seededRandom(settings.seed))[0] : settings.target;
}

/**
 * Runs the attack on every model from the same clean image `input` [S, S, 3] and yields a frame after every
 * `frameEvery` steps, after each of `frameSteps`, and after the last. Stop early by breaking out of the loop
 * (tensors are freed), or with `stop`: the step in progress ends, its frame is yielded, and the run ends there.
 * Everything random (target, random start, SPSA's directions) draws from one generator seeded by settings.seed.
 */
export async function* runAttack(
  models: Model[], input: Float32Array, settings: AttackSettings, stop?: AbortSignal, betweenSteps?: () => Promise<void>,
): AsyncGenerator<AttackFrame> {
  const classes = models[0].classes;
  checkAttack(settings, classes);
  checkComparable(models);
  const attack = ATTACKS[settings.attack];
  // one generator for the target, one per model: a model's run does not depend on which others run beside it
  const target = attackTarget(settings, classes);
  const randoms = models.map((_, i) => seededRandom(settings.seed + 1 + i));
  const S = models[0].inputSize;
  const x = tf.tensor4d(input, [1, S, S, 3]);
  const labels = tf.tensor1d([settings.source], 'int32');
  const targetTensor = target === null ? undefined : tf.tensor1d([target], 'int32');
  const states: AttackState[] = models.map((_, i) => attack.init(x, settings, randoms[i]));
  const frameSteps = new Set(settings.frameSteps);
  try {
    let since = performance.now();
    let stepsSince = 0;
    for (let step = 1; step <= settings.steps; step++) {
      models.forEach((model, i) => {
        const next = attack.step(states[i], { model, x, labels, target: targetTensor, k: glancesOf(model, settings), settings, random: randoms[i] });
        disposeState(states[i]);
        states[i] = next;
      });
      stepsSince++;
      await betweenSteps?.();
      const stopping = stop?.aborted ?? false;
      if (step % settings.frameEvery !== 0 && !frameSteps.has(step) && step !== settings.steps && !stopping) continue;
      const frames: ModelFrame[] = [];
      for (const [i, model] of models.entries()) frames.push(await modelFrame(model, states[i].xAdv, x, settings, target));
      const stepMs = (performance.now() - since) / stepsSince;
      yield { step, steps: settings.steps, target, stepMs, models: frames };
      since = performance.now();
      stepsSince = 0;
      if (stopping) return;
      if (!betweenSteps) await new Promise((resolve) => setTimeout(resolve, 0)); // lets a stop (Ctrl-C) arrive
    }
  } finally {
    tf.dispose([x, labels, ...(targetTensor ? [targetTensor] : [])]);
    states.forEach(disposeState);
  }
}
