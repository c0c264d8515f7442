// How much of S3TA's attention stays on the object while an attack runs.

/** Mean attention over glances and heads: [k, heads, h*w] flat -> [h*w], summing to 1. */
export function meanAttention(attention: Float32Array, k: number, heads: number): Float32Array {
  const cells = attention.length / (k * heads);
  const mean = new Float32Array(cells);
  for (let m = 0; m < k * heads; m++) for (let i = 0; i < cells; i++) mean[i] += attention[m * cells + i] / (k * heads);
  return mean;
}

/** The smallest set of cells holding `share` of the mass of `map` (the object region seen by the clean image). */
export function topMassRegion(map: Float32Array, share = 0.5): Uint8Array {
  const order = Array.from(map.keys()).sort((a, b) => map[b] - map[a]);
  const total = map.reduce((a, b) => a + b, 0);
  const region = new Uint8Array(map.length);
  let mass = 0;
  for (const i of order) {
    if (mass >= share * total) break;
    region[i] = 1;
    mass += map[i];
  }
  return region;
}

/** Cells of an h x w grid whose centres fall inside a box given in [0, 1] image coordinates. */
export function boxRegion(box: { x0: number; y0: number; x1: number; y1: number }, h: number, w: number): Uint8Array {
  const region = new Uint8Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const [cy, cx] = [(i + 0.5) / h, (j + 0.5) / w];
      region[i * w + j] = Number(cx >= Math.min(box.x0, box.x1) && cx <= Math.max(box.x0, box.x1) && cy >= Math.min(box.y0, box.y1) && cy <= Math.max(box.y0, box.y1));
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
