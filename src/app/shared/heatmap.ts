// Attention maps as coloured, semi-transparent images to lay over the picture.
import * as d3 from 'd3';
import type { ColourMap, HeadChoice } from '../state/types.ts';
import type { Choice } from './Choices.tsx';

const INTERPOLATORS: Record<ColourMap, (t: number) => string> = {
  inferno: d3.interpolateInferno,
  viridis: d3.interpolateViridis,
  magma: d3.interpolateMagma,
  turbo: d3.interpolateTurbo,
};

/** A CSS gradient of the colour map, low to high: the colour-scale legend. */
export function colourScale(colourMap: ColourMap): string {
  const stops = Array.from({ length: 9 }, (_, i) => `${INTERPOLATORS[colourMap](i / 8)} ${(100 * i) / 8}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** One colour per head, for the all-heads view. */
export const HEAD_COLOURS = ['#f6a821', '#4cc9f0', '#f72585', '#80ed99', '#b388ff', '#ffd166', '#06d6a0', '#ef476f'];

/** Head buttons: 1..heads in their colours, then all. */
export function headChoices(heads: number): Choice<HeadChoice>[] {
  return [...Array.from({ length: heads }, (_, i) => ({ value: i as HeadChoice, label: String(i + 1), style: { borderColor: HEAD_COLOURS[i] } })),
    { value: 'all', label: 'all' }];
}

const LEVELS = 256;
const tables = new Map<ColourMap, Uint8Array>();

/** The colour map as a [256, 3] RGB table, made once per map. */
function colourTable(colourMap: ColourMap): Uint8Array {
  let table = tables.get(colourMap);
  if (!table) {
    table = new Uint8Array(3 * LEVELS);
    for (let i = 0; i < LEVELS; i++) {
      const c = d3.rgb(INTERPOLATORS[colourMap](i / (LEVELS - 1)));
      table.set([c.r, c.g, c.b], 3 * i);
    }
    tables.set(colourMap, table);
  }
  return table;
}

const HEAD_RGB = HEAD_COLOURS.map((colour) => {
  const c = d3.rgb(colour);
  return [c.r, c.g, c.b];
});

/** One head's map [h*w], scaled to its own maximum, as colour with alpha = value * opacity. */
export function headHeatmap(map: Float32Array, h: number, w: number, colourMap: ColourMap, opacity: number): ImageData {
  const image = new ImageData(w, h);
  const table = colourTable(colourMap);
  const max = Math.max(...map) || 1;
  map.forEach((value, i) => {
    const v = value / max;
    const level = 3 * Math.round(v * (LEVELS - 1));
    image.data.set([table[level], table[level + 1], table[level + 2], Math.round(255 * opacity * v)], 4 * i);
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
    const [r, g, b] = HEAD_RGB[best % HEAD_RGB.length];
    image.data.set([r, g, b, Math.round(255 * opacity * value)], 4 * i);
  }
  return image;
}

/** What lies under the heatmap: the model's input pixels, or the original image's crop (sharper on a projector). */
export type Base = ImageData | { image: CanvasImageSource; crop: { x: number; y: number; size: number } };

let scratch: HTMLCanvasElement | null = null;

/** ImageData on a canvas that drawImage can scale: one scratch canvas, reused by every draw. */
function onScratch(image: ImageData): HTMLCanvasElement {
  scratch ??= document.createElement('canvas');
  scratch.width = image.width;
  scratch.height = image.height;
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  return scratch;
}

function drawBase(ctx: CanvasRenderingContext2D, base: Base, size: number): void {
  if (base instanceof ImageData) {
    ctx.drawImage(onScratch(base), 0, 0, size, size);
  } else {
    ctx.drawImage(base.image, base.crop.x, base.crop.y, base.crop.size, base.crop.size, 0, 0, size, size);
  }
}

/** Draws the base image and an attention heatmap smoothly upsampled over it. */
export function drawAttention(canvas: HTMLCanvasElement, base: Base, heatmap: ImageData | null): void {
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  drawBase(ctx, base, canvas.width);
  if (heatmap) ctx.drawImage(onScratch(heatmap), 0, 0, canvas.width, canvas.height);
}

/** Head `head`'s map at glance `t` from a flat [k, heads, h, w] array. */
export function attentionMap(attention: Float32Array, shape: [number, number, number], t: number, head: number): Float32Array {
  const [heads, h, w] = shape;
  const start = (t * heads + head) * h * w;
  return attention.subarray(start, start + h * w);
}

/** Outlines the cells of an h x w region over the whole canvas. */
export function outlineRegion(canvas: HTMLCanvasElement, region: Uint8Array, h: number, w: number): void {
  const ctx = canvas.getContext('2d')!;
  const [ch, cw] = [canvas.height / h, canvas.width / w];
  ctx.strokeStyle = '#80ed99';
  ctx.lineWidth = 2;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      if (!region[i * w + j]) continue;
      if (i === 0 || !region[(i - 1) * w + j]) { ctx.moveTo(j * cw, i * ch); ctx.lineTo((j + 1) * cw, i * ch); }
      if (i === h - 1 || !region[(i + 1) * w + j]) { ctx.moveTo(j * cw, (i + 1) * ch); ctx.lineTo((j + 1) * cw, (i + 1) * ch); }
      if (j === 0 || !region[i * w + j - 1]) { ctx.moveTo(j * cw, i * ch); ctx.lineTo(j * cw, (i + 1) * ch); }
      if (j === w - 1 || !region[i * w + j + 1]) { ctx.moveTo((j + 1) * cw, i * ch); ctx.lineTo((j + 1) * cw, (i + 1) * ch); }
    }
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

/** The heatmap for one glance: one head, or all heads coloured by head. */
export function glanceHeatmap(attention: Float32Array, shape: [number, number, number], t: number, head: number | 'all', colourMap: ColourMap, opacity: number): ImageData {
  const [heads, h, w] = shape;
  return head === 'all'
    ? allHeadsHeatmap(Array.from({ length: heads }, (_, i) => attentionMap(attention, shape, t, i)), h, w, opacity)
    : headHeatmap(attentionMap(attention, shape, t, head), h, w, colourMap, opacity);
}
