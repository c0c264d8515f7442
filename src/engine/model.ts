// loadModel(read) -> Model: the S3TA or ResNet forward over checked weights, warmed up once.
import * as tf from '@tensorflow/tfjs-core';
import { readManifest, readWeights, type FileReader, type Progress } from './load.ts';
import type { ResNetManifest, S3taManifest } from './manifest.ts';
import { expectedShapes, foldBatchNorms, resnetForward, s3taForward, spatialBasis } from './s3ta.ts';

export const MAX_GLANCES = 16;

interface ModelBase {
  readonly inputSize: number;
  readonly classes: number;
  /** The prediction's logits [B, C]: S3TA's last glance, the baseline's output. What attacks differentiate. */
  finalLogits(x: tf.Tensor4D, k?: number): tf.Tensor2D;
  dispose(): void;
}

export interface S3taModel extends ModelBase {
  readonly arch: 's3ta';
  readonly manifest: S3taManifest;
  /** [heads, h, w] of one glance's attention. */
  readonly attentionShape: [number, number, number];
  /** The k it was trained for (the manifest's config.glances): the default everywhere. */
  readonly trainedK: number;
  /** x [B, S, S, 3] in [0, 1] -> logits [B, k, C] and attention [B, k, heads, h, w]. */
  forward(x: tf.Tensor4D, k?: number): { logits: tf.Tensor3D; attention: tf.Tensor5D };
}

export interface ResNetModel extends ModelBase {
  readonly arch: 'resnet';
  readonly manifest: ResNetManifest;
  /** x [B, S, S, 3] in [0, 1] -> logits [B, 1, C]. */
  forward(x: tf.Tensor4D): { logits: tf.Tensor3D };
}

export type Model = S3taModel | ResNetModel;

export function checkGlances(k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > MAX_GLANCES) {
    throw new Error(`k must be an integer in 1..${MAX_GLANCES}, got ${k}`);
  }
  return k;
}

export async function loadModel(read: FileReader, onProgress?: Progress): Promise<Model> {
  const manifest = await readManifest(read);
  const raw = await readWeights(read, manifest, expectedShapes(manifest.arch, manifest.config), onProgress);
  const w = foldBatchNorms(raw);
  const S = manifest.config.input_size;
  const checkInput = (x: tf.Tensor4D) => {
    if (x.shape[1] !== S || x.shape[2] !== S || x.shape[3] !== 3) {
      throw new Error(`input must be [B, ${S}, ${S}, 3], got [${x.shape}]`);
    }
  };
  let model: Model;
  if (manifest.arch === 's3ta') {
    const c = manifest.config;
    const m = S / 8;
    const basis = spatialBasis(m, m, c.basis_size);
    model = {
      arch: 's3ta', manifest, inputSize: S, classes: c.classes, attentionShape: [c.heads, m, m], trainedK: c.glances,
      forward(x, k = c.glances) {
        checkInput(x);
        return s3taForward(x, w, basis, c, checkGlances(k));
      },
      finalLogits(x, k = c.glances) {
        const { logits } = this.forward(x, k);
        return tf.squeeze(tf.slice(logits, [0, logits.shape[1] - 1, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
      },
      dispose: () => tf.dispose([...Object.values(w), basis]),
    };
  } else {
    const c = manifest.config;
    model = {
      arch: 'resnet', manifest, inputSize: S, classes: c.classes,
      forward(x) {
        checkInput(x);
        return { logits: tf.expandDims(resnetForward(x, w, c), 1) as tf.Tensor3D };
      },
      finalLogits(x) {
        checkInput(x);
        return resnetForward(x, w, c);
      },
      dispose: () => tf.dispose(Object.values(w)),
    };
  }
  await warmUp(model);
  return model;
}

/** One forward on zeros compiles the backend's kernels (seconds on WebGPU) before the first real call. */
async function warmUp(model: Model): Promise<void> {
  const logits = tf.tidy(() => model.finalLogits(tf.zeros([1, model.inputSize, model.inputSize, 3]), 1));
  await logits.data();
  logits.dispose();
}

interface ClassificationBase {
  logits: Float32Array; // [k, C], last glance last
  k: number;
  ms: number;
}

export type Classification =
  | (ClassificationBase & { arch: 's3ta'; attention: Float32Array }) // [k, heads, h, w]
  | (ClassificationBase & { arch: 'resnet' });

/** The outputs of `model` on x, read back with await data() (the async path) and freed. */
export async function readOutputs(model: Model, x: tf.Tensor4D, k?: number): Promise<{ logits: Float32Array; attention?: Float32Array; k: number }> {
  const outputs: { logits: tf.Tensor3D; attention?: tf.Tensor5D } = tf.tidy(() => (model.arch === 's3ta' ? model.forward(x, k) : model.forward(x)));
  try {
    const logits = await outputs.logits.data() as Float32Array;
    const attention = outputs.attention ? await outputs.attention.data() as Float32Array : undefined;
    return { logits, attention, k: outputs.logits.shape[1] };
  } finally {
    tf.dispose([outputs.logits, ...(outputs.attention ? [outputs.attention] : [])]);
  }
}

/** pixels: RGB in [0, 1], [S, S, 3] row-major; k defaults to the model's trained k (S3TA only). */
export async function classify(model: Model, pixels: Float32Array, k?: number): Promise<Classification> {
  const started = performance.now();
  const S = model.inputSize;
  if (pixels.length !== S * S * 3) throw new Error(`pixels must hold ${S}x${S}x3 = ${S * S * 3} values, got ${pixels.length}`);
  const x = tf.tensor4d(pixels, [1, S, S, 3]);
  try {
    const out = await readOutputs(model, x, k);
    const base = { logits: out.logits, k: out.k, ms: performance.now() - started };
    return out.attention ? { arch: 's3ta', ...base, attention: out.attention } : { arch: 'resnet', ...base };
  } finally {
    x.dispose();
  }
}
