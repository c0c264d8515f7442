import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { attackLoss } from './attacks.ts';
import { gridOffsets, landscape, planeR2, rademacher } from './landscape.ts';
import { loadModel, type Model } from './model.ts';
import { folderReader, shippedModelDir } from './node-files.ts';

describe('the plane fit', () => {
  const offsets = gridOffsets(1, 9);
  const a = offsets.flatMap((v) => offsets.map(() => v));
  const b = offsets.flatMap(() => offsets);

  it('is 1 on a plane and near 0 on a bowl', () => {
    expect(planeR2(a, b, a.map((ai, i) => 3 + 2 * ai - b[i]))).toBeCloseTo(1, 10);
    expect(planeR2(a, b, a.map((ai, i) => ai ** 2 + b[i] ** 2))).toBeLessThan(0.1);
    expect(planeR2(a, b, a.map(() => 5))).toBe(1);
  });

  it('spans [-eps, eps] with the clean image at the centre', () => {
    expect(gridOffsets(16 / 255, 5)).toEqual([-16 / 255, -8 / 255, 0, 8 / 255, 16 / 255]);
  });
});

describe('the random direction', () => {
  it('draws what training/landscape.py draws (NHWC, mulberry32)', () => {
    const r = rademacher(4 * 5 * 3, 7);
    expect(Array.from(r.subarray(0, 3))).toEqual([-1, -1, 1]); // test_landscape.py: the first pixel's R, G, B
    expect(new Set(r)).toEqual(new Set([-1, 1]));
  });
});

describe('the landscape of the shipped S3TA', () => {
  let model: Model;
  let input: Float32Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await loadModel(folderReader(shippedModelDir('default')));
    const S = model.inputSize;
    input = Float32Array.from({ length: S * S * 3 }, (_, i) => ((i * 7919) % 256) / 255);
  });

  it('has the clean loss at its centre and says how linear it is', async () => {
    const rows: number[] = [];
    const out = (await landscape(model, input, { label: 3, k: 2, eps: 8 / 255, grid: 3, seed: 1 }, undefined, async (n) => { rows.push(n); }))!;
    const S = model.inputSize;
    const clean = tf.tidy(() => attackLoss(model.finalLogits(tf.tensor4d(input, [1, S, S, 3]), 2), tf.tensor1d([3], 'int32')).dataSync()[0]);
    expect(out.loss[4]).toBeCloseTo(clean, 5);
    expect(rows).toEqual([1, 2, 3]);
    expect(out.r2).toBeGreaterThanOrEqual(0);
    expect(out.r2).toBeLessThanOrEqual(1);
  });

  it('stops when cancelled and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const stop = new AbortController();
    const out = await landscape(model, input, { label: 0, k: 2, eps: 8 / 255, grid: 5, seed: 0 }, stop.signal, async () => stop.abort());
    expect(out).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an even grid, a grid, eps or label out of range', async () => {
    await expect(landscape(model, input, { label: 0, eps: 8 / 255, grid: 2, seed: 0 })).rejects.toThrow(/grid/);
    await expect(landscape(model, input, { label: 0, eps: 0, grid: 5, seed: 0 })).rejects.toThrow(/eps/);
    await expect(landscape(model, input, { label: 0, eps: 8 / 255, grid: 4, seed: 0 })).rejects.toThrow(/odd/);
    await expect(landscape(model, input, { label: model.classes, eps: 8 / 255, grid: 5, seed: 0 })).rejects.toThrow(/label/);
  });
});
