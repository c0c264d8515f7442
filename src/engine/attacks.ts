// L-inf attacks on images in [0, 1], mirroring training/attacks.py: the same names, arguments and defaults.
// Shapes: x [B, S, S, 3] (NHWC here, NCHW in PyTorch) in [0, 1]; labels, target [B] int32; logits [B, C].
// Every loss here is one the attack ascends. Each step runs inside tf.tidy.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { AttackName, AttackSettings } from './attack-specs.ts';
import type { Model } from './model.ts';

export interface PgdOptions {
  eps?: number; // default 16/255
  steps?: number; // default 10
  stepSize?: number; // default 2/255
  target?: tf.Tensor1D; // targeted when given
  randomStart?: boolean; // default true
  seed?: number; // for the random start; default 0
  k?: number; // S3TA glances; default the model's
}

export interface SpsaOptions {
  eps?: number; // default 16/255
  steps?: number; // default 100
  samples?: number; // antithetic pairs per step; default 32
  delta?: number; // default 0.01
  lr?: number; // default 0.01
  target?: tf.Tensor1D;
  optimizer?: 'adam' | 'sign'; // default 'adam'
  seed?: number;
  k?: number;
}

/** Per-example PGD loss: CE(logits, labels) untargeted, -CE(logits, target) targeted. -> [B] */
export function attackLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, target?: tf.Tensor1D): tf.Tensor1D {
  const classes = logits.shape[1];
  const cls = target ?? labels;
  const ce = tf.neg(tf.sum(tf.mul(tf.oneHot(cls, classes), tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
  return target ? tf.neg(ce) : ce;
}

/** Per-example SPSA loss (Uesato et al. 2018): max_{j != y} z_j - z_y untargeted, z_t - max_{j != t} z_j
 * targeted. Positive means the attack succeeded. -> [B] */
export function marginLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, target?: tf.Tensor1D): tf.Tensor1D {
  const mask = tf.oneHot(target ?? labels, logits.shape[1]);
  const zCls = tf.sum(tf.mul(mask, logits), 1);
  const zOther = tf.max(tf.where(tf.cast(mask, 'bool'), tf.fill(logits.shape, -Infinity), logits), 1);
  return (target ? tf.sub(zCls, zOther) : tf.sub(zOther, zCls)) as tf.Tensor1D;
}

/** Clip xAdv into the eps-ball around x, then into [0, 1]. */
export function project(xAdv: tf.Tensor4D, x: tf.Tensor4D, eps: number): tf.Tensor4D {
  return tf.clipByValue(tf.minimum(tf.maximum(xAdv, tf.sub(x, eps)), tf.add(x, eps)), 0, 1) as tf.Tensor4D;
}

/** A small seeded generator (mulberry32): uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A target drawn uniformly from the classes other than each label. */
export function randomTarget(labels: number[], classes: number, random: () => number): number[] {
  return labels.map((y) => (y + 1 + Math.floor(random() * (classes - 1))) % classes);
}

/** The gradient of the summed attack loss of the final logits w.r.t. the input. -> [B, S, S, 3] */
export function inputGradient(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D, target?: tf.Tensor1D, k?: number): tf.Tensor4D {
  return tf.tidy(() => tf.grad((z) => tf.sum(attackLoss(model.finalLogits(z as tf.Tensor4D, k), labels, target)))(x) as tf.Tensor4D);
}

/** x_adv <- project(x_adv + stepSize * sign(grad attackLoss), x, eps) */
export function pgdStep(model: Model, xAdv: tf.Tensor4D, x: tf.Tensor4D, labels: tf.Tensor1D, eps: number, stepSize: number, target?: tf.Tensor1D, k?: number): tf.Tensor4D {
  return tf.tidy(() => project(tf.add(xAdv, tf.mul(stepSize, tf.sign(inputGradient(model, xAdv, labels, target, k)))), x, eps));
}

export function pgdStart(x: tf.Tensor4D, eps: number, randomStart: boolean, seed: number): tf.Tensor4D {
  if (!randomStart || eps === 0) return tf.clone(x);
  const random = seededRandom(seed);
  const noise = Float32Array.from({ length: x.size }, () => (2 * random() - 1) * eps);
  return tf.tidy(() => project(tf.add(x, tf.tensor(noise, x.shape)), x, eps));
}

/** Projected gradient descent, Madry et al. 2018. Targeted when options.target is given. -> adversarial x */
export function pgd(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D, options: PgdOptions = {}): tf.Tensor4D {
  const { eps = 16 / 255, steps = 10, stepSize = 2 / 255, target, randomStart = true, seed = 0, k } = options;
  let xAdv = pgdStart(x, eps, randomStart, seed);
  for (let i = 0; i < steps; i++) {
    const next = pgdStep(model, xAdv, x, labels, eps, stepSize, target, k);
    xAdv.dispose();
    xAdv = next;
  }
  return xAdv;
}

/** Adam's running moments for SPSA, one per example pixel. */
export interface SpsaState {
  m: tf.Tensor4D;
  v: tf.Tensor4D;
  t: number;
}

/** One SPSA step (Uesato et al. 2018): g = mean_s (L(x + delta v_s) - L(x - delta v_s)) / (2 delta) v_s over
 * Rademacher v_s, then an Adam (or signed) ascent step of size lr and a projection. Forward passes only. */
export function spsaStep(model: Model, xAdv: tf.Tensor4D, x: tf.Tensor4D, labels: tf.Tensor1D, state: SpsaState,
  random: () => number, options: SpsaOptions = {}): { xAdv: tf.Tensor4D; state: SpsaState } {
  const { eps = 16 / 255, samples = 32, delta = 0.01, lr = 0.01, target, optimizer = 'adam', k } = options;
  const [B, H, W, C] = xAdv.shape;
  const signs = Float32Array.from({ length: B * samples * H * W * C }, () => (random() < 0.5 ? -1 : 1));
  return tf.tidy(() => {
    const directions = tf.tensor5d(signs, [B, samples, H, W, C]);
    const centre = tf.expandDims(xAdv, 1); // [B, 1, H, W, C]
    const probes = tf.concat([tf.add(centre, tf.mul(delta, directions)), tf.sub(centre, tf.mul(delta, directions))], 1);
    const repeat = (t: tf.Tensor1D) => tf.reshape(tf.tile(tf.expandDims(t, 1), [1, 2 * samples]), [-1]) as tf.Tensor1D;
    const logits = model.finalLogits(tf.reshape(probes, [B * 2 * samples, H, W, C]) as tf.Tensor4D, k);
    const losses = tf.reshape(marginLoss(logits, repeat(labels), target && repeat(target)), [B, 2 * samples]);
    const [plus, minus] = tf.split(losses, 2, 1);
    const diff = tf.div(tf.sub(plus, minus), 2 * delta); // [B, samples]
    const grad = tf.mean(tf.mul(tf.reshape(diff, [B, samples, 1, 1, 1]), directions), 1) as tf.Tensor4D;
    const t = state.t + 1;
    const m: tf.Tensor4D = tf.add(tf.mul(0.9, state.m), tf.mul(0.1, grad));
    const v: tf.Tensor4D = tf.add(tf.mul(0.999, state.v), tf.mul(0.001, tf.square(grad)));
    const step = optimizer === 'sign'
      ? tf.sign(grad)
      : tf.div(tf.div(m, 1 - 0.9 ** t), tf.add(tf.sqrt(tf.div(v, 1 - 0.999 ** t)), 1e-8));
    return { xAdv: project(tf.add(xAdv, tf.mul(lr, step)), x, eps), state: { m, v, t } };
  });
}

export function spsaInit(x: tf.Tensor4D): SpsaState {
  return { m: tf.zerosLike(x), v: tf.zerosLike(x), t: 0 };
}

/** FGSM, Goodfellow et al. 2015: one signed-gradient step of size eps from x, i.e. PGD with one step of size
 * eps and no random start. -> adversarial x */
export function fgsm(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D, eps = 16 / 255, target?: tf.Tensor1D, k?: number): tf.Tensor4D {
  return pgdStep(model, x, x, labels, eps, eps, target, k);
}

/** SPSA for `steps` steps. -> adversarial x */
export function spsa(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D, options: SpsaOptions = {}): tf.Tensor4D {
  const { steps = 100, seed = 0 } = options;
  const random = seededRandom(seed);
  let xAdv = tf.clone(x);
  let state = spsaInit(x);
  for (let i = 0; i < steps; i++) {
    const next = spsaStep(model, xAdv, x, labels, state, random, options);
    tf.dispose([xAdv, state.m, state.v]);
    ({ xAdv, state } = next);
  }
  tf.dispose([state.m, state.v]);
  return xAdv;
}

/** An attack in progress on one model: the adversarial images and the attack's own running tensors. */
export interface AttackState {
  xAdv: tf.Tensor4D;
  tensors: Record<string, tf.Tensor>; // e.g. SPSA's Adam moments
  t: number; // steps done
}

/** What one step sees: the clean images, labels, target, the model's k and the run's seeded generator. */
export interface StepContext {
  model: Model;
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
  target?: tf.Tensor1D;
  k?: number;
  settings: AttackSettings;
  random: () => number;
}

/** The step half of the attack registry (the settings half is attack-specs.ts). Steps return a new state and
 * leave the old one to the caller (disposeState). */
export interface AttackImpl {
  init(x: tf.Tensor4D, settings: AttackSettings, random: () => number): AttackState;
  step(state: AttackState, ctx: StepContext): AttackState;
}

export function disposeState(state: AttackState): void {
  tf.dispose([state.xAdv, ...Object.values(state.tensors)]);
}

const num = (settings: AttackSettings, name: string) => settings.params[name] as number;

export const ATTACKS: Record<AttackName, AttackImpl> = {
  pgd: {
    init: (x, settings, random) => ({
      xAdv: pgdStart(x, settings.eps, settings.params.randomStart as boolean, Math.floor(random() * 2 ** 31)), tensors: {}, t: 0,
    }),
    step: (state, { model, x, labels, target, k, settings }) => ({
      xAdv: pgdStep(model, state.xAdv, x, labels, settings.eps, num(settings, 'stepSize'), target, k), tensors: {}, t: state.t + 1,
    }),
  },
  spsa: {
    init: (x) => {
      const { m, v } = spsaInit(x);
      return { xAdv: tf.clone(x), tensors: { m, v }, t: 0 };
    },
    step: (state, { model, x, labels, target, k, settings, random }) => {
      const moments = { m: state.tensors.m as tf.Tensor4D, v: state.tensors.v as tf.Tensor4D, t: state.t };
      const next = spsaStep(model, state.xAdv, x, labels, moments, random, {
        eps: settings.eps, samples: num(settings, 'samples'), delta: num(settings, 'delta'), lr: num(settings, 'lr'), target, k,
      });
      return { xAdv: next.xAdv, tensors: { m: next.state.m, v: next.state.v }, t: next.state.t };
    },
  },
  fgsm: {
    init: (x) => ({ xAdv: tf.clone(x), tensors: {}, t: 0 }),
    step: (state, { model, x, labels, target, k, settings }) => ({
      xAdv: fgsm(model, x, labels, settings.eps, target, k), tensors: {}, t: state.t + 1,
    }),
  },
};
