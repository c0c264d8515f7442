import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATTACK, runAttack, type AttackFrame } from './attack-run.ts';
import { nchwToNhwc, readFixtures } from './fixtures.ts';
import { loadModel, type Model } from './model.ts';
import { folderReader } from './node-files.ts';

const MODEL_DIR = process.env.SACCADE_MODEL ?? 'models/s3ta';
const BASELINE_DIR = process.env.SACCADE_BASELINE ?? 'models/resnet';

describe('runAttack', () => {
  let s3ta: Model;
  let resnet: Model;
  let input: Float32Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    s3ta = await loadModel(folderReader(MODEL_DIR));
    resnet = await loadModel(folderReader(BASELINE_DIR));
    const fixtures = await readFixtures(folderReader(MODEL_DIR));
    input = nchwToNhwc(fixtures.arrays.input).slice(0, s3ta.inputSize ** 2 * 3);
  });

  it('streams frames for S3TA and the baseline side by side, raising the target\'s probability, within eps', async () => {
    const before = tf.memory().numTensors;
    const frames: AttackFrame[] = [];
    const settings = { ...DEFAULT_ATTACK, steps: 6, frameEvery: 2, k: 2, target: 3, source: 0, randomStart: false };
    for await (const frame of runAttack([s3ta, resnet], input, settings)) frames.push(frame);
    expect(frames.map((f) => f.step)).toEqual([2, 4, 6]);
    for (const frame of frames) {
      expect(frame.target).toBe(3);
      expect(frame.models).toHaveLength(2);
      const [a, b] = frame.models;
      expect(a.logits.length).toBe(2 * s3ta.classes);
      expect(a.attention!.length).toBe(2 * s3ta.attentionShape!.reduce((x, y) => x * y));
      expect(b.attention).toBeNull();
      for (const m of frame.models) expect(m.linf).toBeLessThanOrEqual(16 / 255 + 1e-6);
    }
    for (const i of [0, 1]) expect(frames[2].models[i].targetProbability!).toBeGreaterThan(frames[0].models[i].targetProbability!);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees its tensors when the consumer stops early, and checks its settings', async () => {
    const before = tf.memory().numTensors;
    for await (const frame of runAttack([s3ta], input, { ...DEFAULT_ATTACK, attack: 'spsa', samples: 2, steps: 10, k: 1 })) {
      expect(frame.step).toBe(1);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    const bad = runAttack([s3ta], input, { ...DEFAULT_ATTACK, target: 99 });
    await expect(bad.next()).rejects.toThrow(`target must be "random" or a class index in 0..${s3ta.classes - 1}, got 99`);
  });
});
