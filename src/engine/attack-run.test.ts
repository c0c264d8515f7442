import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack, type AttackFrame } from './attack-run.ts';
import { ATTACK_NAMES, defaultSettings, isSingleStep, type AttackSettings } from './attack-specs.ts';
import { loadS3ta, nchwToNhwc, readFixtures } from './fixtures.ts';
import { loadModel, type Model, type S3taModel } from './model.ts';
import { folderReader, shippedModelDir } from './node-files.ts';

const MODEL_DIR = process.env.SACCADE_MODEL ?? shippedModelDir('default');
const BASELINE_DIR = process.env.SACCADE_BASELINE ?? shippedModelDir('baseline');

describe('runAttack', () => {
  let s3ta: S3taModel;
  let resnet: Model;
  let input: Float32Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    s3ta = await loadS3ta(folderReader(MODEL_DIR));
    resnet = await loadModel(folderReader(BASELINE_DIR));
    const fixtures = await readFixtures(folderReader(MODEL_DIR));
    input = nchwToNhwc(fixtures.arrays.input).slice(0, s3ta.inputSize ** 2 * 3);
  });

  it('streams frames for S3TA and the baseline side by side, raising the target\'s probability, within eps', async () => {
    const before = tf.memory().numTensors;
    const frames: AttackFrame[] = [];
    const settings: AttackSettings = { ...defaultSettings('pgd'), steps: 6, frameEvery: 2, k: 2, target: 3, source: 0, params: { stepSize: 2 / 255, randomStart: false } };
    for await (const frame of runAttack([s3ta, resnet], input, settings)) frames.push(frame);
    expect(frames.map((f) => f.step)).toEqual([2, 4, 6]);
    for (const frame of frames) {
      expect(frame.target).toBe(3);
      expect(frame.models).toHaveLength(2);
      const [a, b] = frame.models;
      expect(a.logits.length).toBe(2 * s3ta.classes);
      expect(a.arch === 's3ta' && a.attention.length).toBe(2 * s3ta.attentionShape.reduce((x, y) => x * y));
      expect(b.arch).toBe('resnet');
      for (const m of frame.models) expect(m.linf).toBeLessThanOrEqual(16 / 255 + 1e-6);
    }
    for (const i of [0, 1]) expect(frames[2].models[i].targetProbability!).toBeGreaterThan(frames[0].models[i].targetProbability!);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs every registered attack, and the same seed gives the same frames', async () => {
    const frames = async (settings: AttackSettings) => {
      const out: AttackFrame[] = [];
      for await (const frame of runAttack([s3ta], input, settings)) out.push(frame);
      return out;
    };
    for (const name of ATTACK_NAMES) {
      const settings: AttackSettings = { ...defaultSettings(name), steps: isSingleStep(name) ? 1 : 2, k: 2, source: 0, seed: 5 };
      if (name === 'spsa') settings.params = { ...settings.params, samples: 2 };
      const [a, b] = [await frames(settings), await frames(settings)];
      expect(a.map((f) => f.target)).toEqual(b.map((f) => f.target));
      expect(Array.from(a.at(-1)!.models[0].adversarial)).toEqual(Array.from(b.at(-1)!.models[0].adversarial));
      expect(a.at(-1)!.models[0].linf).toBeGreaterThan(0);
      const other = await frames({ ...settings, seed: 6 });
      if (name !== 'fgsm') expect(Array.from(other.at(-1)!.models[0].adversarial)).not.toEqual(Array.from(a.at(-1)!.models[0].adversarial));
    }
  });

  it('yields a frame after each of frameSteps as well as every frameEvery steps and after the last', async () => {
    const settings: AttackSettings = { ...defaultSettings('pgd'), steps: 7, frameEvery: 3, frameSteps: [1, 3, 5], k: 1, source: 0 };
    const steps: number[] = [];
    for await (const frame of runAttack([s3ta], input, settings)) steps.push(frame.step);
    expect(steps).toEqual([1, 3, 5, 6, 7]);
  });

  it('frees its tensors when the consumer stops early, and checks its settings', async () => {
    const before = tf.memory().numTensors;
    for await (const frame of runAttack([s3ta], input, { ...defaultSettings('spsa'), params: { samples: 2, delta: 0.01, lr: 0.01 }, steps: 10, k: 1 })) {
      expect(frame.step).toBe(1);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    const bad = runAttack([s3ta], input, { ...defaultSettings('pgd'), k: 2, target: 99 });
    await expect(bad.next()).rejects.toThrow(`target must be "random" or a class index in 0..${s3ta.classes - 1}, got 99`);
  });

  it('refuses to attack side by side models that take another input size or other classes (a user model and the shipped baseline)', async () => {
    const settings = { ...defaultSettings('pgd'), k: 1, source: 0 };
    const smaller = { ...resnet, inputSize: 64 } as Model;
    await expect(runAttack([s3ta, smaller], input, settings).next()).rejects.toThrow(
      `models attacked together must share input size and classes: model 2 (resnet) takes 64 px images, model 1 (s3ta) ${s3ta.inputSize} px`);
    const renamed = { ...resnet, manifest: { ...resnet.manifest, classes: resnet.manifest.classes.map((c, i) => ({ ...c, id: `other${i}` })) } } as Model;
    await expect(runAttack([s3ta, renamed], input, settings).next()).rejects.toThrow('model 2 (resnet) has other classes than model 1 (s3ta)');
  });
});
