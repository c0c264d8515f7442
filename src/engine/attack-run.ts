// A live attack: steps PGD or SPSA on one or more models in lockstep (S3TA and the baseline side by side)
// and yields a frame every few steps. Framework-free: the worker streams the frames, the CLI keeps the last.
import * as tf from '@tensorflow/tfjs-core';
import { pgdStart, pgdStep, randomTarget, seededRandom, spsaInit, spsaStep, type SpsaState } from './attacks.ts';
import type { Model } from './model.ts';
import { glanceLogits, softmax } from './predictions.ts';

export interface AttackSettings {
  attack: 'pgd' | 'spsa';
  targeted: boolean;
  target: number | 'random'; // class index; ignored when untargeted
  source: number; // the class the attack moves away from (the clean prediction)
  eps: number;
  steps: number;
  stepSize: number; // PGD
  randomStart: boolean; // PGD
  samples: number; // SPSA antithetic pairs
  delta: number; // SPSA
  lr: number; // SPSA
  seed: number;
  k: number; // S3TA glances
  frameEvery: number; // a frame every n steps (and after the last)
}

export const DEFAULT_ATTACK: AttackSettings = {
  attack: 'pgd', targeted: true, target: 'random', source: 0, eps: 16 / 255, steps: 50, stepSize: 2 / 255,
  randomStart: true, samples: 32, delta: 0.01, lr: 0.01, seed: 0, k: 8, frameEvery: 1,
};

export interface ModelFrame {
  adversarial: Float32Array; // [S, S, 3] in [0, 1]
  logits: Float32Array; // [k, C] at the adversarial image (k = 1 for the baseline)
  attention: Float32Array | null; // [k, heads, h, w]
  loss: number; // the attack's objective, ascending: -CE(target) targeted, CE(source) untargeted
  sourceProbability: number; // final glance
  targetProbability: number | null;
  prediction: number;
  linf: number; // max |adversarial - clean|
}

export interface AttackFrame {
  step: number; // steps done
  steps: number;
  target: number | null;
  stepMs: number; // mean time of one step (all models) since the last frame
  models: ModelFrame[];
}

/** Checks the settings and names the bad value with what was valid. */
export function checkAttack(settings: AttackSettings, classes: number): void {
  const fail = (what: string) => { throw new Error(`attack settings: ${what}`); };
  if (!['pgd', 'spsa'].includes(settings.attack)) fail(`attack is ${JSON.stringify(settings.attack)}; valid: "pgd", "spsa"`);
  if (!(settings.eps >= 0 && settings.eps <= 1)) fail(`eps must be in [0, 1], got ${settings.eps}`);
  if (!Number.isInteger(settings.steps) || settings.steps < 1) fail(`steps must be a positive integer, got ${settings.steps}`);
  if (!Number.isInteger(settings.frameEvery) || settings.frameEvery < 1) fail(`frameEvery must be a positive integer, got ${settings.frameEvery}`);
  const { target } = settings;
  if (settings.targeted && target !== 'random' && !(Number.isInteger(target) && target >= 0 && target < classes)) {
    fail(`target must be "random" or a class index in 0..${classes - 1}, got ${JSON.stringify(target)}`);
  }
  if (settings.targeted && target === settings.source) fail(`target ${target} is the source class itself`);
}

async function modelFrame(model: Model, xAdv: tf.Tensor4D, x: tf.Tensor4D, settings: AttackSettings, target: number | null): Promise<ModelFrame> {
  const [logitsT, linfT, attentionT] = tf.tidy(() => {
    const { logits, attention } = model.forward(xAdv, model.attentionShape ? settings.k : 1);
    const linf = tf.max(tf.abs(tf.sub(xAdv, x)));
    return attention ? [logits, linf, attention] : [logits, linf];
  });
  const [logits, linf, adversarial, attention] = await Promise.all([
    logitsT.data() as Promise<Float32Array>, linfT.data(), xAdv.data() as Promise<Float32Array>,
    (attentionT?.data() ?? Promise.resolve(null)) as Promise<Float32Array | null>,
  ]);
  tf.dispose([logitsT, linfT, ...(attentionT ? [attentionT] : [])]);
  const probabilities = softmax(glanceLogits(logits, model.classes, logits.length / model.classes - 1));
  return {
    adversarial, logits, attention,
    // the attack's objective on the final logits: -CE(target) targeted, CE(source) untargeted
    loss: target === null ? -Math.log(probabilities[settings.source]) : Math.log(probabilities[target]),
    sourceProbability: probabilities[settings.source],
    targetProbability: target === null ? null : probabilities[target],
    prediction: probabilities.indexOf(Math.max(...probabilities)),
    linf: linf[0],
  };
}

/**
 * Runs the attack on every model from the same clean image `input` [S, S, 3] and yields a frame after every
 * `frameEvery` steps and after the last. Stop early by breaking out of the loop (tensors are freed).
 */
export async function* runAttack(models: Model[], input: Float32Array, settings: AttackSettings): AsyncGenerator<AttackFrame> {
  const classes = models[0].classes;
  checkAttack(settings, classes);
  const random = seededRandom(settings.seed);
  const target = !settings.targeted ? null
    : settings.target === 'random' ? randomTarget([settings.source], classes, random)[0] : settings.target;
  const S = models[0].inputSize;
  const x = tf.tensor4d(input, [1, S, S, 3]);
  const source = tf.tensor1d([settings.source], 'int32');
  const targetTensor = target === null ? undefined : tf.tensor1d([target], 'int32');
  const xAdv = models.map(() => pgdStart(x, settings.eps, settings.attack === 'pgd' && settings.randomStart, settings.seed));
  const spsaStates: SpsaState[] = models.map(() => spsaInit(x));
  try {
    let since = performance.now();
    let stepsSince = 0;
    for (let step = 1; step <= settings.steps; step++) {
      models.forEach((model, i) => {
        const k = model.attentionShape ? settings.k : undefined;
        if (settings.attack === 'pgd') {
          const next = pgdStep(model, xAdv[i], x, source, settings.eps, settings.stepSize, targetTensor, k);
          xAdv[i].dispose();
          xAdv[i] = next;
        } else {
          const next = spsaStep(model, xAdv[i], x, source, spsaStates[i], random, { ...settings, target: targetTensor, k });
          tf.dispose([xAdv[i], spsaStates[i].m, spsaStates[i].v]);
          xAdv[i] = next.xAdv;
          spsaStates[i] = next.state;
        }
      });
      stepsSince++;
      if (step % settings.frameEvery !== 0 && step !== settings.steps) continue;
      const frames: ModelFrame[] = [];
      for (const [i, model] of models.entries()) frames.push(await modelFrame(model, xAdv[i], x, settings, target));
      const stepMs = (performance.now() - since) / stepsSince;
      yield { step, steps: settings.steps, target, stepMs, models: frames };
      since = performance.now();
      stepsSince = 0;
    }
  } finally {
    tf.dispose([x, source, ...(targetTensor ? [targetTensor] : []), ...xAdv, ...spsaStates.flatMap((s) => [s.m, s.v])]);
  }
}
