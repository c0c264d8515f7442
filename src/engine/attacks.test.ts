import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackLoss, fgsm, inputGradient, marginLoss, pgd, pgdStep, project, randomTarget, seededRandom, spsa, spsaInit, spsaStep } from './attacks.ts';
import { nchwToNhwc, readFixtures, type Fixtures } from './fixtures.ts';
import { sha256Hex } from './load.ts';
import { MANIFEST_FORMAT, type S3taConfig } from './manifest.ts';
import { loadModel, type Model } from './model.ts';
import { folderReader, shippedModelDir } from './node-files.ts';
import { expectedShapes } from './s3ta.ts';

const MODEL_DIR = process.env.SACCADE_MODEL ?? shippedModelDir('default');

/** A 16-pixel S3TA with seeded random weights, written to memory as a model folder: test-only. */
async function tinyModel(): Promise<Model> {
  const config: S3taConfig = {
    input_size: 16, stem_width: 4, widths: [4, 8, 8], blocks: [1, 1, 1], classes: 3, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25],
    c_k: 4, basis_size: 2, hidden: 8, query_hidden: 8, readout_hidden: 8, heads: 4, glances: 2,
  };
  const random = seededRandom(7);
  const entries = [...expectedShapes('s3ta', config)].map(([name, shape]) => ({ name, shape, dtype: 'float32' as const }));
  const values = entries.flatMap(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, () => (name.endsWith('running_var') ? 1 : random() - 0.5));
  });
  const weights = new Float32Array(values).buffer;
  const manifest = {
    format: MANIFEST_FORMAT, arch: 's3ta', config, input: { size: 16 }, recipe: { args: {}, epochs_trained: 0, train_seconds: 0 },
    classes: ['a', 'b', 'c'].map((id) => ({ id, name: id })),
    weightsManifest: [{ paths: ['weights.bin'], weights: entries }], sha256: { 'weights.bin': await sha256Hex(weights) },
  };
  const files: Record<string, ArrayBuffer> = {
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)).buffer as ArrayBuffer, 'weights.bin': weights,
  };
  return loadModel(async (name) => files[name]);
}

describe('attacks against the PyTorch fixtures (cpu backend)', () => {
  let model: Model;
  let fixtures: Fixtures;
  let x: tf.Tensor4D;
  let labels: tf.Tensor1D;
  let target: tf.Tensor1D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await loadModel(folderReader(MODEL_DIR));
    fixtures = await readFixtures(folderReader(MODEL_DIR));
    const [N, , H, W] = fixtures.arrays.input.shape;
    x = tf.tensor4d(nchwToNhwc(fixtures.arrays.input), [N, H, W, 3]);
    labels = tf.tensor1d(fixtures.labels, 'int32');
    target = tf.tensor1d(fixtures.targets, 'int32');
  });

  it('input gradient of the targeted loss matches PyTorch', () => {
    const grad = inputGradient(model, x, labels, target, fixtures.k);
    const expected = nchwToNhwc(fixtures.arrays.grad);
    const got = grad.dataSync();
    const scale = Math.max(...expected.map(Math.abs));
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    expect(worst / scale).toBeLessThan(1e-3);
    grad.dispose();
  });

  it('5 steps of targeted PGD without random start land within 1/255 of PyTorch\'s', () => {
    const { eps, steps, step_size: stepSize } = fixtures.pgd;
    const adv = pgd(model, x, labels, { eps, steps, stepSize, target, randomStart: false, k: fixtures.k });
    const expected = nchwToNhwc(fixtures.arrays.pgd);
    const got = adv.dataSync();
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    expect(worst).toBeLessThanOrEqual(1 / 255 + 1e-6);
    adv.dispose();
  });

  it('PGD and SPSA stay within eps of the input and inside [0, 1]', () => {
    const eps = 8 / 255;
    for (const adv of [pgd(model, x, labels, { eps, steps: 2, target, k: 2 }), spsa(model, x, labels, { eps, steps: 2, samples: 2, k: 2 })]) {
      const distance = tf.tidy(() => tf.max(tf.abs(tf.sub(adv, x))).dataSync()[0]);
      expect(distance).toBeLessThanOrEqual(eps + 1e-6);
      expect(tf.min(adv).dataSync()[0]).toBeGreaterThanOrEqual(0);
      expect(tf.max(adv).dataSync()[0]).toBeLessThanOrEqual(1);
      adv.dispose();
    }
  });

  it('FGSM is PGD with one step of size eps and no random start, and moves every pixel by eps unless clipped', () => {
    const eps = 8 / 255;
    const one = fgsm(model, x, labels, eps, target, 2);
    const special = pgd(model, x, labels, { eps, steps: 1, stepSize: eps, target, randomStart: false, k: 2 });
    expect(maxAbs(one, special)).toBe(0);
    const moved = tf.tidy(() => tf.abs(tf.sub(one, x)).dataSync());
    const clean = x.dataSync();
    const inner = Array.from(moved).filter((_, i) => clean[i] > eps && clean[i] < 1 - eps);
    expect(Math.min(...inner)).toBeGreaterThan(eps - 1e-6);
    expect(Math.max(...moved)).toBeLessThanOrEqual(eps + 1e-6);
    tf.dispose([one, special]);
  });

  it('SPSA with a fixed seed raises the targeted margin', () => {
    const margin = (z: tf.Tensor4D) => tf.tidy(() => tf.sum(marginLoss(model.finalLogits(z, 2), labels, target)).dataSync()[0]);
    const adv = spsa(model, x, labels, { steps: 6, samples: 4, lr: 0.01, target, seed: 3, k: 2 });
    expect(margin(adv)).toBeGreaterThan(margin(x));
    adv.dispose();
  });
});

function maxAbs(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('attack pieces', () => {
  it('attackLoss is cross-entropy, negated when targeted', () => {
    const logits = tf.tensor2d([[2, 0, 0]]);
    const ce = Math.log(1 + 2 * Math.exp(-2));
    expect(attackLoss(logits, tf.tensor1d([0], 'int32')).dataSync()[0]).toBeCloseTo(ce, 5);
    expect(attackLoss(logits, tf.tensor1d([1], 'int32'), tf.tensor1d([0], 'int32')).dataSync()[0]).toBeCloseTo(-ce, 5);
  });

  it('marginLoss is positive exactly when the attack succeeds', () => {
    const logits = tf.tensor2d([[3, 1, 0], [0, 2, 1]]);
    const labels = tf.tensor1d([0, 1], 'int32');
    expect(Array.from(marginLoss(logits, labels).dataSync(), (v) => v > 0)).toEqual([false, false]);
    expect(Array.from(marginLoss(logits, labels, tf.tensor1d([1, 1], 'int32')).dataSync(), (v) => v > 0)).toEqual([false, true]);
  });

  it('project clips to the eps-ball and to [0, 1]', () => {
    const x = tf.tensor4d([0, 0.5, 1], [1, 1, 3, 1]);
    const clipped = project(tf.tensor4d([-1, 0.9, 2], [1, 1, 3, 1]), x, 0.1).dataSync();
    expect(Array.from(clipped)).toEqual([0, expect.closeTo(0.6, 6), 1]);
  });

  it('randomTarget never picks the label', () => {
    const random = seededRandom(1);
    const targets = randomTarget(Array(300).fill(2), 4, random);
    expect(targets.every((t) => t !== 2)).toBe(true);
    expect(new Set(targets)).toEqual(new Set([0, 1, 3]));
  });

  it('keeps the tensor count flat over 1,000 PGD and SPSA steps', async () => {
    const model = await tinyModel();
    const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = tf.tensor1d([0], 'int32');
    const target = tf.tensor1d([2], 'int32');
    const before = tf.memory().numTensors;
    let xAdv = tf.clone(x);
    for (let i = 0; i < 1000; i++) {
      const next = pgdStep(model, xAdv, x, labels, 16 / 255, 2 / 255, target);
      xAdv.dispose();
      xAdv = next;
      if (i % 250 === 0) expect(tf.memory().numTensors).toBe(before + 1);
    }
    const random = seededRandom(0);
    let state = spsaInit(x);
    for (let i = 0; i < 1000; i++) {
      const next = spsaStep(model, xAdv, x, labels, state, random, { samples: 2, target });
      tf.dispose([xAdv, state.m, state.v]);
      ({ xAdv, state } = next);
    }
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([xAdv, state.m, state.v]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
