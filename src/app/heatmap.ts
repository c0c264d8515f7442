// Attention maps as coloured, semi-transparent images to lay over the picture.
import * as d3 from 'd3';

export const COLOUR_MAPS = {
  inferno: d3.interpolateInferno,
  viridis: d3.interpolateViridis,
  magma: d3.interpolateMagma,
  turbo: d3.interpolateTurbo,
} as const;
export type ColourMap = keyof typeof COLOUR_MAPS;

/** One colour per head, for the all-heads view. */
export const HEAD_COLOURS = ['#f6a821', '#4cc9f0', '#f72585', '#80ed99', '#b388ff', '#ffd166', '#06d6a0', '#ef476f'];

function rgb(colour: string): [number, number, number] {
  const c = d3.rgb(colour);
  return [c.r, c.g, c.b];
}

/** One head's map [h*w], scaled to its own maximum, as colour with alpha = value * opacity. */
export function headHeatmap(map: Float32Array, h: number, w: number, colourMap: ColourMap, opacity: number): ImageData {
  const image = new ImageData(w, h);
  const max = Math.max(...map) || 1;
  map.forEach((value, i) => {
    const v = value / max;
    const [r, g, b] = rgb(COLOUR_MAPS[colourMap](v));
    image.data.set([r, g, b, Math.round(255 * opacity * v)], 4 * i);
  });
  return image;
}

/** All heads [heads, h*w]: each location coloured by its strongest head, alpha by that head's scaled value. */
export function allHeadsHeatmap(maps: Float32Array[], h: number, w: number, opacity: number): ImageData {
  const image = new ImageData(w, h);
  const maxima = maps.map((m) => Math.max(...m) || 1);
  for (let i = 0; i < h * w; i++) {
    let best = 0;
    let value = 0;
    maps.forEach((m, head) => {
      const v = m[i] / maxima[head];
      if (v > value) [best, value] = [head, v];
    });
    const [r, g, b] = rgb(HEAD_COLOURS[best % HEAD_COLOURS.length]);
    image.data.set([r, g, b, Math.round(255 * opacity * value)], 4 * i);
  }
  return image;
}

/** Draws `pixels` (the model's input, S x S RGBA) and an attention heatmap smoothly upsampled over it. */
export function drawAttention(canvas: HTMLCanvasElement, pixels: ImageData, heatmap: ImageData | null): void {
  const ctx = canvas.getContext('2d')!;
  const source = document.createElement('canvas');
  source.width = pixels.width;
  source.height = pixels.height;
  source.getContext('2d')!.putImageData(pixels, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  if (!heatmap) return;
  const overlay = document.createElement('canvas');
  overlay.width = heatmap.width;
  overlay.height = heatmap.height;
  overlay.getContext('2d')!.putImageData(heatmap, 0, 0);
  ctx.drawImage(overlay, 0, 0, canvas.width, canvas.height);
}

/** Head `head`'s map at glance `t` from a flat [k, heads, h, w] array. */
export function attentionMap(attention: Float32Array, shape: [number, number, number], t: number, head: number): Float32Array {
  const [heads, h, w] = shape;
  const start = (t * heads + head) * h * w;
  return attention.subarray(start, start + h * w);
}
