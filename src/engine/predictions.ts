// Softmax and top-k over one glance's logits; shared by the app and the CLI.
import type { ClassInfo } from './manifest.ts';

export interface Prediction {
  index: number;
  id: string;
  name: string;
  probability: number;
}

export function softmax(logits: ArrayLike<number>): Float32Array {
  const max = Math.max(...Array.from(logits));
  const exps = Float32Array.from(logits, (z) => Math.exp(z - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** The logits of glance t from a flat [k, C] array. */
export function glanceLogits(logits: Float32Array, classes: number, t: number): Float32Array {
  return logits.subarray(t * classes, (t + 1) * classes);
}

export function topK(logits: ArrayLike<number>, classes: ClassInfo[], k = 5): Prediction[] {
  const probabilities = softmax(logits);
  return Array.from(probabilities, (probability, index) => ({ index, probability, id: classes[index]?.id ?? String(index), name: classes[index]?.name ?? String(index) }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

/** The class predicted after the last glance of flat [k, C] logits: what attacks start from. */
export function predictedClass(logits: Float32Array, classes: number, k: number): number {
  const last = glanceLogits(logits, classes, k - 1);
  return last.indexOf(Math.max(...last));
}
