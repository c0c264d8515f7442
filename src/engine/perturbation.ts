// How a perturbation is shown: amplified so that ±eps spans the full range around grey, the same scale for
// every model, so that two models' perturbations compare at a glance.

/** One value of (adversarial - clean), amplified: delta / (2 eps) + 0.5, clipped to [0, 1]. */
export function amplify(delta: number, eps: number): number {
  return Math.min(1, Math.max(0, delta / (2 * eps) + 0.5));
}

/** The amplified perturbation of a whole image. adversarial, clean: [S, S, 3] in [0, 1] -> [S, S, 3] in [0, 1] */
export function amplifiedPerturbation(adversarial: ArrayLike<number>, clean: ArrayLike<number>, eps: number): Float32Array {
  if (adversarial.length !== clean.length) throw new Error(`images differ in size: ${adversarial.length} vs ${clean.length} values`);
  return Float32Array.from({ length: clean.length }, (_, i) => amplify(adversarial[i] - clean[i], eps));
}
