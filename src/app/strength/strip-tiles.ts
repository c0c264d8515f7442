// The strip as tiles, rows x columns: what the view shows and the PNG holds, made in one place.
import { amplifiedPerturbation } from '../../engine/perturbation.ts';
import { glanceLogits, softmax } from '../../engine/predictions.ts';
import { glanceHeatmap } from '../shared/heatmap.ts';
import type { ColourMap, HeadChoice } from '../state/types.ts';
import type { Classification } from '../../worker/protocol.ts';
import type { StripRun } from './use-strip.ts';

export interface Tile {
  image: ImageData; // [S, S] RGBA
  heatmap: ImageData | null; // attention over it, [h, w] RGBA
  caption: string;
  testId: string;
}

export interface TileRow {
  label: string;
  tiles: (Tile | null)[]; // one per column; null: nothing there (yet)
}

export interface TileOptions {
  head: HeadChoice;
  showAttention: boolean;
  colourMap: ColourMap;
  names: string[]; // class names
  cleanPixels: ImageData; // what the model sees, [S, S] RGBA
}

const OPACITY = 0.7;
const percent = (p: number) => `${(100 * p).toFixed(1)}%`;

/** [S, S, 3] in [0, 1] -> RGBA ImageData. */
export function rgbImage(values: ArrayLike<number>, S: number): ImageData {
  const image = new ImageData(S, S);
  for (let i = 0; i < S * S; i++) {
    for (let c = 0; c < 3; c++) image.data[4 * i + c] = Math.round(255 * values[3 * i + c]);
    image.data[4 * i + 3] = 255;
  }
  return image;
}

export function columnTitles(run: StripRun): string[] {
  return ['clean', ...run.steps.map((step) => `PGD-${step}`)];
}

/** Rows of tiles: per model its adversarial images (with S3TA's last-glance attention) and amplified perturbations. */
export function stripTiles(run: StripRun, options: TileOptions): TileRow[] {
  const { names, head, showAttention, colourMap, cleanPixels } = options;
  const S = cleanPixels.width;
  const { clean, settings: { eps } } = run;
  const [firstModel] = run.models;
  const shape = firstModel.arch === 's3ta' ? firstModel.attentionShape : null;
  const { target } = run;
  const heatmap = (attention: Float32Array | null, glance: number) =>
    (showAttention && attention && shape ? glanceHeatmap(attention, shape, glance, head, colourMap, OPACITY) : null);
  /** What a model says of the clean image: its class, and the target's probability once the target is known. */
  const cleanCaption = (classification: Classification | null) => {
    if (!classification) return 'clean';
    const probabilities = softmax(glanceLogits(classification.logits, names.length, classification.k - 1));
    const predicted = probabilities.indexOf(Math.max(...probabilities));
    return `${names[predicted]}${target === null ? '' : ` · target ${percent(probabilities[target])}`}`;
  };
  const byStep = new Map(run.columns.map((column) => [column.step, column]));
  return run.models.flatMap((model, m): TileRow[] => {
    const cleanTile: Tile = {
      image: cleanPixels, testId: `strip-${m}-adversarial-clean`,
      heatmap: m === 0 ? heatmap(clean.attention, clean.k - 1) : null,
      caption: cleanCaption(m === 0 ? clean : run.baselineClean),
    };
    const cells = run.steps.map((step) => byStep.get(step)?.cells[m] ?? null);
    const attention = model.arch === 's3ta' && showAttention ? ' + attention' : '';
    return [
      {
        label: `${model.label}: adversarial${attention}`,
        tiles: [cleanTile, ...cells.map((cell, i): Tile | null => cell && {
          image: rgbImage(cell.adversarial, S), heatmap: heatmap(cell.attention, 0), testId: `strip-${m}-adversarial-${run.steps[i]}`,
          caption: `${names[cell.prediction]} · target ${percent(cell.targetProbability)}`,
        })],
      },
      {
        label: `${model.label}: perturbation`,
        tiles: [null, ...cells.map((cell, i): Tile | null => cell && {
          image: rgbImage(amplifiedPerturbation(cell.adversarial, run.input, eps), S), heatmap: null,
          testId: `strip-${m}-perturbation-${run.steps[i]}`, caption: `L∞ ${(255 * cell.linf).toFixed(1)}/255`,
        })],
      },
    ];
  });
}
