// loadModel(read) -> Model: the S3TA or ResNet forward over checked weights, warmed up once.
import * as tf from '@tensorflow/tfjs-core';
import { readManifest, readWeights, type FileReader, type Progress } from './load.ts';
import type { Manifest } from './manifest.ts';
import { expectedShapes, foldBatchNorms, resnetForward, s3taForward, spatialBasis } from './s3ta.ts';

export const MAX_GLANCES = 16;

export interface Model {
  readonly manifest: Manifest;
  readonly inputSize: number;
  readonly classes: number;
  /** [heads, h, w] of one glance's attention, or null for the baseline. */
  readonly attentionShape: [number, number, number] | null;
  /** x [B, S, S, 3] in [0, 1] -> logits [B, k, C] and attention [B, k, heads, h, w] (null for the baseline, whose k is 1). */
  forward(x: tf.Tensor4D, k?: number): { logits: tf.Tensor3D; attention: tf.Tensor5D | null };
  /** The prediction's logits [B, C]: S3TA's last glance, the baseline's output. What attacks differentiate. */
  finalLogits(x: tf.Tensor4D, k?: number): tf.Tensor2D;
  dispose(): void;
}

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
      manifest, inputSize: S, classes: c.classes, attentionShape: [c.heads, m, m],
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
      manifest, inputSize: S, classes: c.classes, attentionShape: null,
      forward(x) {
        checkInput(x);
        return { logits: tf.expandDims(resnetForward(x, w, c), 1) as tf.Tensor3D, attention: null };
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
  const logits = tf.tidy(() => model.forward(tf.zeros([1, model.inputSize, model.inputSize, 3]), 1).logits);
  await logits.data();
  logits.dispose();
}

export interface Classification {
  logits: Float32Array; // [k, C], last glance last
  attention: Float32Array | null; // [k, heads, h, w]
  k: number;
  ms: number;
}

/** pixels: RGB in [0, 1], [S, S, 3] row-major. The async path: reads with await data() only. */
export async function classify(model: Model, pixels: Float32Array, k?: number): Promise<Classification> {
  const started = performance.now();
  const S = model.inputSize;
  if (pixels.length !== S * S * 3) throw new Error(`pixels must hold ${S}x${S}x3 = ${S * S * 3} values, got ${pixels.length}`);
  const [logits, attention] = tf.tidy(() => {
    const outputs = model.forward(tf.tensor4d(pixels, [1, S, S, 3]), k);
    return outputs.attention ? [outputs.logits, outputs.attention] : [outputs.logits];
  });
  try {
    const [logitValues, attentionValues] = await Promise.all([logits.data(), attention?.data() ?? null]);
    return {
      logits: logitValues as Float32Array,
      attention: attentionValues as Float32Array | null,
      k: logits.shape[1]!,
      ms: performance.now() - started,
    };
  } finally {
    logits.dispose();
    attention?.dispose();
  }
}
