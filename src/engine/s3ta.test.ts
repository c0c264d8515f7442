import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadS3ta, nchwToNhwc, readFixtures, type Fixtures } from './fixtures.ts';
import { sha256Hex } from './load.ts';
import { classify, loadModel, readOutputs, type S3taModel } from './model.ts';
import { folderReader, modelDir, shippedModelDir, shippedModels } from './node-files.ts';
import { spatialBasis } from './s3ta.ts';

// Every shipped S3TA against its own fixtures; SACCADE_MODEL points elsewhere (e.g. a fresh export) to test that.
const S3TA_DIRS = process.env.SACCADE_MODEL ? [process.env.SACCADE_MODEL]
  : shippedModels().filter((entry) => !entry.baseline).map(modelDir);
const MODEL_DIR = S3TA_DIRS[0];
const BASELINE_DIR = process.env.SACCADE_BASELINE ?? shippedModelDir('baseline');

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe.each(S3TA_DIRS)('S3TA %s on the cpu backend', (dir) => {
  let model: S3taModel;
  let fixtures: Fixtures;
  let input: tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await loadS3ta(folderReader(dir));
    fixtures = await readFixtures(folderReader(dir));
    const [N, , H, W] = fixtures.arrays.input.shape;
    input = tf.tensor4d(nchwToNhwc(fixtures.arrays.input), [N, H, W, 3]);
  });

  it('matches PyTorch logits and attention at every glance within 1e-4', () => {
    const { logits, attention } = model.forward(input, fixtures.k);
    expect(logits.shape).toEqual(fixtures.arrays.logits.shape);
    expect(attention.shape).toEqual(fixtures.arrays.attention.shape);
    expect(maxAbsDiff(logits.dataSync(), fixtures.arrays.logits.values)).toBeLessThan(1e-4);
    expect(maxAbsDiff(attention.dataSync(), fixtures.arrays.attention.values)).toBeLessThan(1e-4);
    tf.dispose([logits, attention]);
  });

  it('attention sums to 1 over locations for each head and glance, for k = 1..16', () => {
    for (const k of [1, 2, 7, 16]) {
      const sums = tf.tidy(() => tf.sum(model.forward(input, k).attention, [3, 4]));
      expect(sums.shape).toEqual([2, k, model.attentionShape[0]]);
      expect(maxAbsDiff(sums.dataSync(), new Float32Array(sums.size).fill(1))).toBeLessThan(1e-5);
      sums.dispose();
    }
  });

  it('rejects k outside 1..16 and a wrong input size, saying what was valid', () => {
    expect(() => model.forward(input, 0)).toThrow('k must be an integer in 1..16, got 0');
    const small = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    expect(() => model.forward(small)).toThrow(`input must be [B, ${model.inputSize}, ${model.inputSize}, 3], got [1,8,8,3]`);
    small.dispose();
  });

  it('classify returns per-glance logits and attention and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const pixels = nchwToNhwc(fixtures.arrays.input).slice(0, model.inputSize ** 2 * 3);
    const result = await classify(model, pixels, fixtures.k);
    expect(result.k).toBe(fixtures.k);
    expect(maxAbsDiff(result.logits, fixtures.arrays.logits.values.slice(0, result.logits.length))).toBeLessThan(1e-4);
    expect(result.arch === 's3ta' && result.attention.length).toBe(fixtures.k * model.attentionShape.reduce((a, b) => a * b));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('spatial basis', () => {
  it('follows S_uv(i, j) = cos(pi u i / h) cos(pi v j / w)', () => {
    const [h, w, U] = [6, 5, 3];
    const basis = spatialBasis(h, w, U).arraySync();
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let u = 1; u <= U; u++)
          for (let v = 1; v <= U; v++)
            expect(basis[i][j][(u - 1) * U + (v - 1)]).toBeCloseTo(Math.cos((Math.PI * u * i) / h) * Math.cos((Math.PI * v * j) / w), 6);
  });
});

describe('loading', () => {
  it('loads the ResNet baseline, whose output has one "glance" and no attention', async () => {
    const baseline = await loadModel(folderReader(BASELINE_DIR));
    expect(baseline.arch).toBe('resnet');
    const outputs = tf.tidy(() => baseline.finalLogits(tf.zeros([2, baseline.inputSize, baseline.inputSize, 3]) as tf.Tensor4D));
    expect(outputs.shape).toEqual([2, baseline.classes]);
    const logits = await readOutputs(baseline, tf.zeros([1, baseline.inputSize, baseline.inputSize, 3]) as tf.Tensor4D);
    expect([logits.k, logits.attention]).toEqual([1, undefined]);
    outputs.dispose();
    baseline.dispose();
  });

  it('names the file when a weights file does not match its sha256', async () => {
    const read = folderReader(MODEL_DIR);
    const corrupt = async (name: string, maxBytes: number) => {
      const buffer = await read(name, maxBytes);
      if (name === 'weights.bin') new Uint8Array(buffer)[10] ^= 0xff;
      return buffer;
    };
    await expect(loadModel(corrupt)).rejects.toThrow(/^weights\.bin: sha256 is [0-9a-f]{64}, manifest\.json says/);
  });

  it('names the tensor and both shapes when a shape is wrong', async () => {
    const read = folderReader(MODEL_DIR);
    const manifest = JSON.parse(new TextDecoder().decode(await read('manifest.json', 1 << 20)));
    const entry = manifest.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'core.weight_hh');
    const [rows, cols] = entry.shape;
    entry.shape = [cols, rows];
    const patched = async (name: string, maxBytes: number) =>
      name === 'manifest.json' ? new TextEncoder().encode(JSON.stringify(manifest)).buffer as ArrayBuffer : read(name, maxBytes);
    await expect(loadModel(patched)).rejects.toThrow(`weights.bin: tensor core.weight_hh has shape [${cols},${rows}], expected [${rows},${cols}]`);
  });

  it('computes sha256 like everyone else', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer as ArrayBuffer))
      .toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
