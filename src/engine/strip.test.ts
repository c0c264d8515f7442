import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAttack, type AttackFrame } from './attack-run.ts';
import { defaultParams } from './attack-specs.ts';
import { loadS3ta, nchwToNhwc, readFixtures } from './fixtures.ts';
import { loadModel, type Model, type S3taModel } from './model.ts';
import { folderReader, shippedModelDir } from './node-files.ts';
import { parseStripSteps, stripColumn, stripSettings, type StripChoice } from './strip.ts';

describe('parseStripSteps', () => {
  it('reads increasing step counts', () => {
    expect(parseStripSteps('10,100,1000', 'steps')).toEqual({ ok: true, value: [10, 100, 1000] });
    expect(parseStripSteps(' 2, 5 ,10 ', 'steps')).toEqual({ ok: true, value: [2, 5, 10] });
    expect(parseStripSteps('7', 'steps')).toEqual({ ok: true, value: [7] });
  });

  it.each([
    ['', 'steps: must be an integer, got ""'],
    ['10,,100', 'steps: must be an integer, got ""'],
    ['10,1e9', 'steps: must be in [1, 1000], got "1e9"'],
    ['10,2.5', 'steps: must be an integer, got "2.5"'],
    ['100,10', 'steps: step counts must increase, got "100,10"'],
    ['10,10', 'steps: step counts must increase'],
    ['1,2,3,4,5,6,7', 'steps: at most 6 step counts, got 7'],
  ])('refuses %j: %s', (text, error) => {
    const parsed = parseStripSteps(text, 'steps');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(error);
  });
});

describe('the strip\'s run', () => {
  let s3ta: S3taModel;
  let resnet: Model;
  let input: Float32Array;
  const choice = (): StripChoice => ({ source: 0, target: 'random', k: 2, eps: 16 / 255, seed: 3, params: defaultParams('pgd') });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    s3ta = await loadS3ta(folderReader(process.env.SACCADE_MODEL ?? shippedModelDir('default')));
    resnet = await loadModel(folderReader(process.env.SACCADE_BASELINE ?? shippedModelDir('baseline')));
    const fixtures = await readFixtures(folderReader(process.env.SACCADE_MODEL ?? shippedModelDir('default')));
    input = nchwToNhwc(fixtures.arrays.input).slice(0, s3ta.inputSize ** 2 * 3);
  });

  async function frames(steps: number[]): Promise<AttackFrame[]> {
    const out: AttackFrame[] = [];
    for await (const frame of runAttack([s3ta, resnet], input, stripSettings(choice(), steps))) out.push(frame);
    return out;
  }

  it('is one PGD trajectory (random start included): step 2 of a 5-step run is the 2-step attack, for both models', async () => {
    const before = tf.memory().numTensors;
    const long = (await frames([2, 5])).map((f) => stripColumn(f, [2, 5], 2)).filter((c) => c !== null);
    const short = (await frames([2])).map((f) => stripColumn(f, [2], 2)).filter((c) => c !== null);
    expect(long.map((c) => c.step)).toEqual([2, 5]);
    expect(short.map((c) => c.step)).toEqual([2]);
    expect(long[0].target).toBe(short[0].target);
    for (const m of [0, 1]) expect(Array.from(long[0].cells[m].adversarial)).toEqual(Array.from(short[0].cells[m].adversarial));
    expect(Array.from(long[1].cells[0].adversarial)).not.toEqual(Array.from(long[0].cells[0].adversarial));
    const [heads, h, w] = s3ta.attentionShape;
    expect(long[0].cells[0].attention).toHaveLength(heads * h * w); // the last glance only
    expect(long[0].cells[1].attention).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs to the largest count, with progress frames every 1% and a column only at the chosen counts', () => {
    const settings = stripSettings(choice(), [10, 100, 1000]);
    expect(settings).toMatchObject({ attack: 'pgd', targeted: true, steps: 1000, frameEvery: 10, frameSteps: [10, 100, 1000] });
    expect(stripSettings(choice(), [2, 5]).frameEvery).toBe(1);
  });
});
