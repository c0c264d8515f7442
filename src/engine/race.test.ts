import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomTarget, seededRandom } from './attacks.ts';
import { parseEvaluation } from './manifest.ts';
import { loadModel, type Model } from './model.ts';
import { folderReader, shippedModelDir } from './node-files.ts';
import { checkRaceSteps, race, type RaceResult } from './race.ts';
import { referenceCurve, tallyRace } from './race-summary.ts';

describe('the race on the shipped models', () => {
  let models: Model[];
  let input: Float32Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    models = [await loadModel(folderReader(shippedModelDir('default'))), await loadModel(folderReader(shippedModelDir('baseline')))];
    const S = models[0].inputSize;
    input = Float32Array.from({ length: S * S * 3 }, (_, i) => ((i * 7919) % 256) / 255);
  });

  it('reads every model at each step count, each S3TA at its trained k, toward one seeded target', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const result = (await race(models, input, 2, { steps: [1, 3], eps: 16 / 255, stepSize: 2 / 255, seed: 5, randomStart: true }, undefined, undefined,
      (m, step) => progress.push(`${m}:${step}`)))!;
    expect(result.target).toBe(randomTarget([2], 10, seededRandom(5))[0]);
    expect(result.models.map((m) => m.k)).toEqual([models[0].arch === 's3ta' ? models[0].trainedK : null, null]);
    for (const entry of result.models) {
      expect(entry.points.map((p) => p.step)).toEqual([0, 1, 3]);
      for (const p of entry.points) expect(p.targetProbability).toBeGreaterThan(0);
    }
    // PGD pushes toward the target: its probability after 3 steps beats the clean one
    for (const entry of result.models) expect(entry.points[2].targetProbability).toBeGreaterThan(entry.points[0].targetProbability);
    expect(progress).toEqual(['0:1', '0:2', '0:3', '1:1', '1:2', '1:3']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns null when stopped, freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    const stop = new AbortController();
    const result = await race(models, input, 0, { steps: [5], eps: 16 / 255, stepSize: 2 / 255, seed: 0, randomStart: true }, stop.signal, async () => stop.abort());
    expect(result).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses steps that do not go up', () => {
    expect(() => checkRaceSteps([10, 10])).toThrow(/ascending/);
    expect(() => checkRaceSteps([])).toThrow(/ascending/);
    expect(() => checkRaceSteps([0])).toThrow(/ascending/);
  });
});

describe('the race tallies', () => {
  const result = (source: number, target: number, predictions: number[]): RaceResult => ({
    source, target, models: [{ k: 4, points: predictions.map((prediction, i) => ({ step: [0, 10, 50][i], prediction, targetProbability: 0.5 })) }],
  });

  it('count right and on-target predictions per step over the images', () => {
    const tallies = tallyRace([result(1, 2, [1, 1, 2]), result(3, 4, [3, 4, 4]), result(5, 6, [0, 0, 5])], 0);
    expect(tallies.map((t) => t.step)).toEqual([0, 10, 50]);
    expect(tallies.map((t) => t.n)).toEqual([3, 3, 3]);
    expect(tallies.map((t) => t.top1)).toEqual([2 / 3, 1 / 3, 1 / 3]);
    expect(tallies.map((t) => t.hit)).toEqual([0, 1 / 3, 2 / 3]);
  });

  it('reads the targeted PGD curve of eval.json at one k, with intervals, ordered by steps', () => {
    const evaluation = parseEvaluation(fs.readFileSync(`${shippedModelDir('default')}/eval.json`, 'utf8'));
    const k = Object.keys(evaluation.results!).find((key) => key.startsWith('k'))!;
    const curve = referenceCurve(evaluation, k, 16 / 255);
    expect(curve.length).toBeGreaterThan(1);
    expect(curve.map((p) => p.steps)).toEqual([...curve.map((p) => p.steps)].sort((a, b) => a - b));
    for (const p of curve) {
      expect(p.top1.ci95[0]).toBeLessThanOrEqual(p.top1.value);
      expect(p.top1.ci95[1]).toBeGreaterThanOrEqual(p.top1.value);
      expect(p.success).not.toBeNull();
    }
    expect(referenceCurve(evaluation, k, 8 / 255)).toEqual([]);
    expect(referenceCurve(null, k, 16 / 255)).toEqual([]);
  });
});
