// Reads the reference outputs that training/export.py writes beside an S3TA model (fixtures.json + .bin).
import type { FileReader } from './load.ts';
import { loadModel, type S3taModel } from './model.ts';

export interface FixtureArray {
  shape: number[];
  values: Float32Array;
}

export interface Fixtures {
  k: number;
  labels: number[];
  targets: number[];
  pgd: { eps: number; steps: number; step_size: number; random_start: boolean };
  arrays: Record<'input' | 'logits' | 'attention' | 'grad' | 'pgd' | 'pgd_logits', FixtureArray>;
}

export async function readFixtures(read: FileReader): Promise<Fixtures> {
  const meta = JSON.parse(new TextDecoder().decode(await read('fixtures.json', 1 << 20)));
  const blob = await read('fixtures.bin', 64 << 20);
  const arrays: Record<string, FixtureArray> = {};
  for (const [name, { shape, offset }] of Object.entries<{ shape: number[]; offset: number }>(meta.arrays)) {
    const size = shape.reduce((a, b) => a * b, 1);
    arrays[name] = { shape, values: new Float32Array(blob.slice(offset, offset + 4 * size)) };
  }
  return { ...meta, arrays } as Fixtures;
}

/** NCHW -> NHWC for one [N, 3, H, W] array. */
export function nchwToNhwc({ shape: [N, C, H, W], values }: FixtureArray): Float32Array {
  const out = new Float32Array(values.length);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < H * W; i++) out[(n * H * W + i) * C + c] = values[(n * C + c) * H * W + i];
  return out;
}

/** Loads a model folder that must hold an S3TA (the fixtures' model). */
export async function loadS3ta(read: FileReader): Promise<S3taModel> {
  const model = await loadModel(read);
  if (model.arch !== 's3ta') throw new Error(`expected an S3TA model, got ${model.arch}`);
  return model;
}
