// The loss landscape around an image (the paper's section 5.3, fig. 6), as training/landscape.py computes it:
// CE(label) over clip(x + a * sign(grad) + b * r, 0, 1) for a, b on a grid in [-eps, eps], r a Rademacher direction
// drawn from the seeded generator, and the R^2 of a least-squares plane through it. Near 1: the loss is close to
// linear, so the gradient is informative (no gradient masking).
import * as tf from '@tensorflow/tfjs-core';
import { COMMON_PARAMS, type NumberParam } from './attack-specs.ts';
import { attackLoss, inputGradient, seededRandom } from './attacks.ts';
import type { Model } from './model.ts';

export interface LandscapeSettings {
  label: number; // the class whose cross-entropy is drawn (the clean prediction, usually)
  k?: number; // S3TA glances
  eps: number;
  grid: number; // points per axis, odd: the clean image is the centre, the slices pass through it
  seed: number; // of the random direction
}

export interface Landscape extends LandscapeSettings {
  offsets: number[]; // [grid]: the a (and b) values
  loss: Float32Array; // [grid (a), grid (b)]
  r2: number;
}

export const LANDSCAPE_DEFAULTS: Omit<LandscapeSettings, 'label' | 'k'> = { eps: 16 / 255, grid: 21, seed: 0 };

/** The grid as a setting (the view's field, the CLI's --grid, a link's landscape.grid); odd is checked apart. */
export const LANDSCAPE_GRID: NumberParam = { kind: 'number', label: 'Grid', default: LANDSCAPE_DEFAULTS.grid, min: 3, max: 101, integer: true };

/** The view's settings as fields (and link keys), in the order shown. */
export const LANDSCAPE_SETTINGS = { eps: COMMON_PARAMS.eps, grid: LANDSCAPE_GRID, seed: COMMON_PARAMS.seed };

export function checkLandscape({ label, eps, grid, seed }: LandscapeSettings, classes: number): void {
  if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`label must be a class index in 0..${classes - 1}, got ${label}`);
  if (!(eps > 0 && eps <= 1)) throw new Error(`eps must be in (0, 1], got ${eps}`);
  const { min, max } = LANDSCAPE_GRID;
  if (!Number.isInteger(grid) || grid < min || grid > max || grid % 2 === 0) throw new Error(`grid must be an odd integer in ${min}..${max}, got ${grid}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
}

/** Rademacher +-1 values in row-major NHWC order from mulberry32(seed), as training/landscape.py draws them. -> [n] */
export function rademacher(n: number, seed: number): Float32Array {
  const draw = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (draw() < 0.5 ? -1 : 1));
}

/** grid values evenly spaced over [-eps, eps]. */
export function gridOffsets(eps: number, grid: number): number[] {
  return Array.from({ length: grid }, (_, i) => -eps + (2 * eps * i) / (grid - 1));
}

/** R^2 of the least-squares plane loss ~ c0 + c1 a + c2 b (1: exactly a plane). */
export function planeR2(a: ArrayLike<number>, b: ArrayLike<number>, loss: ArrayLike<number>): number {
  const n = loss.length;
  const rows = Array.from({ length: n }, (_, i) => [1, a[i], b[i]]);
  const normal = [0, 1, 2].map((r) => [0, 1, 2].map((c) => rows.reduce((s, row) => s + row[r] * row[c], 0)));
  const rhs = [0, 1, 2].map((r) => rows.reduce((s, row, i) => s + row[r] * loss[i], 0));
  const coef = solve3(normal, rhs);
  const mean = rows.reduce((s, _, i) => s + loss[i], 0) / n;
  let residual = 0, total = 0;
  rows.forEach((row, i) => {
    residual += (loss[i] - (coef[0] + coef[1] * row[1] + coef[2] * row[2])) ** 2;
    total += (loss[i] - mean) ** 2;
  });
  return total === 0 ? 1 : 1 - residual / total;
}

/** Solves the 3x3 system m c = v by Cramer's rule. */
function solve3(m: number[][], v: number[]): number[] {
  const det = (x: number[][]) => x[0][0] * (x[1][1] * x[2][2] - x[1][2] * x[2][1])
    - x[0][1] * (x[1][0] * x[2][2] - x[1][2] * x[2][0]) + x[0][2] * (x[1][0] * x[2][1] - x[1][1] * x[2][0]);
  const d = det(m);
  return [0, 1, 2].map((c) => det(m.map((row, r) => row.map((value, j) => (j === c ? v[r] : value)))) / d);
}

/**
 * Computes the landscape of `model` around `input` [S, S, 3], one row of the grid (a fixed) per batch, calling
 * `betweenRows` after each (progress, and a chance for a cancel to arrive); returns null when `stop` aborts it.
 */
export async function landscape(
  model: Model, input: Float32Array, settings: LandscapeSettings, stop?: AbortSignal,
  betweenRows?: (rowsDone: number) => Promise<void>,
): Promise<Landscape | null> {
  checkLandscape(settings, model.classes);
  const { label, k, eps, grid, seed } = settings;
  const S = model.inputSize;
  const offsets = gridOffsets(eps, grid);
  const x = tf.tensor4d(input, [1, S, S, 3]);
  const labels = tf.fill([grid], label, 'int32') as tf.Tensor1D;
  const random = tf.tensor4d(rademacher(S * S * 3, seed), [1, S, S, 3]);
  const gradSign = tf.tidy(() => tf.sign(inputGradient(model, x, tf.slice(labels, [0], [1]), undefined, k)));
  const bs = tf.tensor4d(offsets, [grid, 1, 1, 1]);
  const loss = new Float32Array(grid * grid);
  try {
    for (let i = 0; i < grid; i++) {
      const row = tf.tidy(() => {
        const points = tf.clipByValue(tf.add(tf.add(x, tf.mul(offsets[i], gradSign)), tf.mul(bs, random)), 0, 1) as tf.Tensor4D;
        return attackLoss(model.finalLogits(points, k), labels); // CE(label) per point -> [grid]
      });
      loss.set(await row.data(), i * grid);
      row.dispose();
      await betweenRows?.(i + 1);
      if (stop?.aborted) return null;
    }
  } finally {
    tf.dispose([x, labels, random, gradSign, bs]);
  }
  const a = Array.from(loss, (_, j) => offsets[Math.floor(j / grid)]);
  const b = Array.from(loss, (_, j) => offsets[j % grid]);
  return { ...settings, offsets, loss, r2: planeR2(a, b, loss) };
}
