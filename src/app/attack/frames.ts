// An attack's frames, kept compactly so a 1000-step run stays small: every step's numbers (probabilities, loss,
// L-inf, S3TA's mean attention map) are kept; images (8-bit, as a PNG would hold them) and S3TA's last-glance
// attention for at most MAX_IMAGES frames, thinned to every 2nd, 4th, ... frame as the run grows (the newest
// frame is always kept).
import { meanAttention } from '../../engine/attention-metrics.ts';
import { amplify } from '../../engine/perturbation.ts';
import type { AttackFrame } from '../../worker/protocol.ts';

export const MAX_IMAGES = 200;

export interface ModelTrace {
  loss: number;
  sourceProbability: number;
  targetProbability: number | null;
  prediction: number;
  linf: number;
  finalLogits: Float32Array; // [C]
}

export interface StepTrace {
  step: number;
  target: number | null;
  stepMs: number;
  models: ModelTrace[];
  meanAttention: Float32Array; // S3TA (the first model), mean over glances and heads: [h * w]
}

export interface FrameImages {
  step: number;
  adversarial: Uint8ClampedArray[]; // per model, [S, S, 3]
  attention: Float32Array; // S3TA's last glance, [heads, h, w]
}

export interface Frames {
  trace: StepTrace[];
  images: FrameImages[];
  stride: number; // images are kept for every stride-th frame
}

export const NO_FRAMES: Frames = { trace: [], images: [], stride: 1 };

/** S3TA's [k, heads, h, w] attention -> the mean map over glances and heads [h*w] and the last glance [heads, h, w]. */
function splitAttention(attention: Float32Array, k: number, heads: number): { mean: Float32Array; last: Float32Array } {
  return { mean: meanAttention(attention, k, heads), last: attention.slice(((k - 1) * attention.length) / k) };
}

/** [0, 1] floats -> bytes, rounded (a plain loop: Uint8ClampedArray.from with a map is 25x slower). */
function toBytes(values: Float32Array): Uint8ClampedArray {
  const bytes = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round(255 * values[i]);
  return bytes;
}

/** Adds a frame from the worker; the frame's full-precision arrays are not kept. */
export function addFrame(frames: Frames, frame: AttackFrame, k: number, heads: number, classes: number): Frames {
  const s3ta = frame.models[0];
  if (s3ta.arch !== 's3ta') throw new Error('the first attacked model must be S3TA');
  const { mean, last } = splitAttention(s3ta.attention, k, heads);
  const trace: StepTrace = {
    step: frame.step, target: frame.target, stepMs: frame.stepMs, meanAttention: mean,
    models: frame.models.map((m) => ({
      loss: m.loss, sourceProbability: m.sourceProbability, targetProbability: m.targetProbability, prediction: m.prediction,
      linf: m.linf, finalLogits: m.logits.slice(m.logits.length - classes),
    })),
  };
  const images: FrameImages = {
    step: frame.step, attention: last,
    adversarial: frame.models.map((m) => toBytes(m.adversarial)),
  };
  const index = frames.trace.length; // this frame's index
  let kept = frames.images;
  // the previous newest frame stays only if it falls on the stride
  if (kept.length && (index - 1) % frames.stride !== 0) kept = kept.slice(0, -1);
  kept = [...kept, images];
  let stride = frames.stride;
  if (kept.length > MAX_IMAGES) {
    stride *= 2;
    const stepOf = new Map(frames.trace.map((t, i) => [t.step, i]));
    stepOf.set(frame.step, index);
    kept = kept.filter((f) => stepOf.get(f.step)! % stride === 0 || f === images);
  }
  return { trace: [...frames.trace, trace], images: kept, stride };
}

/** A kept frame's images as an RGBA ImageData. */
export function imageData(pixels: Uint8ClampedArray, size: number): ImageData {
  const image = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    image.data.set(pixels.subarray(3 * i, 3 * i + 3), 4 * i);
    image.data[4 * i + 3] = 255;
  }
  return image;
}

/** The perturbation (adversarial - clean), amplified so that +-eps spans the full range around grey. */
export function perturbationData(adversarial: Uint8ClampedArray, clean: Float32Array, eps: number, size: number): ImageData {
  const image = new ImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    for (let c = 0; c < 3; c++) image.data[4 * i + c] = Math.round(255 * amplify(adversarial[3 * i + c] / 255 - clean[3 * i + c], eps));
    image.data[4 * i + 3] = 255;
  }
  return image;
}
