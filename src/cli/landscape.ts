// saccade landscape: the loss around one image along sign(grad) and a seeded random direction (section 5.3).
import * as tf from '@tensorflow/tfjs-core';
import { COMMON_PARAMS, parseParam } from '../engine/attack-specs.ts';
import { LANDSCAPE_DEFAULTS, LANDSCAPE_GRID, landscape } from '../engine/landscape.ts';
import { glances, openAndClassify, orThrow, parseTarget, setBackend, type Options } from './common.ts';

export const LANDSCAPE_USAGE = `  saccade landscape <image> [--model DIR] [--k N] [--label <index|wnid|name>] [--eps 16/255] [--grid 21] [--seed 0] [--json]`;

/** Prints the grid of losses (JSON: offsets, loss [a][b], r2) and how linear it is. */
export async function landscapeCommand(files: string[], options: Options, stop: AbortSignal): Promise<number> {
  if (files.length !== 1) throw new Error(`landscape takes one image, got ${files.length}`);
  const k = glances(options);
  const eps = orThrow(parseParam(String(options.eps ?? '16/255'), '--eps', COMMON_PARAMS.eps, 'absolute'));
  const grid = orThrow(parseParam(String(options.grid ?? LANDSCAPE_DEFAULTS.grid), '--grid', LANDSCAPE_GRID, 'absolute'));
  const seed = orThrow(parseParam(String(options.seed ?? '0'), '--seed', COMMON_PARAMS.seed, 'absolute'));
  await setBackend(String(options.backend ?? 'cpu'));
  const { model, pixels, clean, prediction } = await openAndClassify(options, files[0], k);
  const classes = model.manifest.classes;
  const label = options.label === undefined ? prediction : parseTarget(String(options.label), classes);
  if (label === 'random') throw new Error('--label takes a class, not random');
  const result = await landscape(model, pixels, { label, k: model.arch === 's3ta' ? clean.k : undefined, eps, grid, seed }, stop,
    () => new Promise((resolve) => setTimeout(resolve, 0)));
  model.dispose();
  if (!result) return 130;
  const rows = Array.from({ length: grid }, (_, i) => Array.from(result.loss.subarray(i * grid, (i + 1) * grid)));
  if (options.json) {
    console.log(JSON.stringify({ file: files[0], model: model.manifest.arch, backend: tf.getBackend(), ...result, loss: rows }));
  } else {
    const centre = rows[(grid - 1) / 2][(grid - 1) / 2];
    console.log(`${files[0]}: loss of ${classes[label].name} over ±${+(eps * 255).toFixed(2)}/255 along sign(grad) and a random direction`
      + ` (${grid}x${grid}, seed ${seed}): centre ${centre.toFixed(4)}, min ${Math.min(...result.loss).toFixed(4)},`
      + ` max ${Math.max(...result.loss).toFixed(4)}, plane fit R² ${result.r2.toFixed(4)}`);
  }
  return 0;
}
