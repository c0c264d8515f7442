// How much of S3TA's attention stays on the object while an attack runs.

/** Mean attention over glances and heads: [k, heads, h*w] flat -> [h*w], summing to 1. */
export function meanAttention(attention: Float32Array, k: number, heads: number): Float32Array {
  const cells = attention.length / (k * heads);
  const mean = new Float32Array(cells);
  for (let m = 0; m < k * heads; m++) for (let i = 0; i < cells; i++) mean[i] += attention[m * cells + i] / (k * heads);
  return mean;
}

export interface Box { x0: number; y0: number; x1: number; y1: number } // [0, 1] image coordinates

/** Cells of an h x w grid whose centres fall inside any of the boxes (as training/attention_metrics.py's cell_masks). */
export function boxRegion(boxes: Box[], h: number, w: number): Uint8Array {
  const region = new Uint8Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const [cy, cx] = [(i + 0.5) / h, (j + 0.5) / w];
      region[i * w + j] = Number(boxes.some((b) => cx >= Math.min(b.x0, b.x1) && cx <= Math.max(b.x0, b.x1)
        && cy >= Math.min(b.y0, b.y1) && cy <= Math.max(b.y0, b.y1)));
    }
  }
  return region;
}

/** Share of the mean attention mass inside `region`. */
export function massInside(attention: Float32Array, k: number, heads: number, region: Uint8Array): number {
  const mean = meanAttention(attention, k, heads);
  let inside = 0;
  let total = 0;
  mean.forEach((v, i) => {
    total += v;
    if (region[i]) inside += v;
  });
  return total ? inside / total : 0;
}
