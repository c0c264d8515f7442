// saccade strip: the attack strength strip (the paper's fig. 8) for one image as a PNG grid: a column per step
// count after the clean image, per model a row of adversarial images and a row of perturbations amplified on one
// scale ((adv - clean) / 2 eps + 0.5). No text in the image: --json gives each tile's numbers in the same order.
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { attackTarget, runAttack } from '../engine/attack-run.ts';
import { COMMON_PARAMS, parseParam } from '../engine/attack-specs.ts';
import { classify, loadModel } from '../engine/model.ts';
import { folderReader } from '../engine/node-files.ts';
import { amplifiedPerturbation } from '../engine/perturbation.ts';
import { predictedClass } from '../engine/predictions.ts';
import { parseStripSteps, STRIP_STEPS, stripColumn, stripSettings, type StripColumn } from '../engine/strip.ts';
import { attackParams, glances, openModel, orThrow, parseTarget, progressBar, setBackend, type Options } from './common.ts';
import { readImage } from './images.ts';
import { checkOutput, writeAtomic } from './output.ts';

export const STRIP_USAGE = `  saccade strip <image> [--model DIR] [--baseline DIR] [--steps ${STRIP_STEPS.join(',')}] [--target <index|wnid|name|random>]
                [--eps 16/255] [--step-size 2/255] [--no-random-start] [--k N] [--seed 0] --out strip.png [--json]`;

const GAP = 4; // px of background between tiles
const BACKGROUND = [18, 19, 26];

/** Tiles [rows][columns] of [S, S, 3] in [0, 1] (null: left empty), each scaled `scale` times without smoothing,
 * on one RGB canvas. -> its bytes [H, W, 3] */
export function tileGrid(tiles: (Float32Array | null)[][], S: number, scale: number): { bytes: Uint8Array; width: number; height: number } {
  const tile = S * scale;
  const width = tiles[0].length * (tile + GAP) - GAP;
  const height = tiles.length * (tile + GAP) - GAP;
  const bytes = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) bytes.set(BACKGROUND, 3 * i);
  tiles.forEach((row, r) => row.forEach((pixels, c) => {
    if (!pixels) return;
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const from = 3 * (Math.floor(y / scale) * S + Math.floor(x / scale));
        const to = 3 * ((r * (tile + GAP) + y) * width + c * (tile + GAP) + x);
        for (let ch = 0; ch < 3; ch++) bytes[to + ch] = Math.round(255 * Math.min(1, Math.max(0, pixels[from + ch])));
      }
    }
  }));
  return { bytes, width, height };
}

export async function stripCommand(files: string[], options: Options, stop: AbortSignal): Promise<number> {
  if (files.length !== 1) throw new Error(`strip takes one image, got ${files.length}`);
  if (!options.out) throw new Error('strip needs --out FILE.png');
  if (options.attack !== undefined || options.untargeted) throw new Error('strip runs targeted PGD: drop --attack and --untargeted');
  const out = String(options.out);
  const k = glances(options);
  const steps = orThrow(parseStripSteps(String(options.steps ?? STRIP_STEPS.join(',')), '--steps'));
  const eps = orThrow(parseParam(String(options.eps ?? '16/255'), '--eps', COMMON_PARAMS.eps, 'absolute'));
  const seed = orThrow(parseParam(String(options.seed ?? '0'), '--seed', COMMON_PARAMS.seed, 'absolute'));
  const params = attackParams('pgd', options);
  await checkOutput(out, files);
  await setBackend(String(options.backend ?? 'cpu'));
  const model = await openModel(options);
  // runAttack refuses a baseline with another input size or other classes
  const models = options.baseline ? [model, await loadModel(folderReader(String(options.baseline)))] : [model];
  const names = model.manifest.classes;
  const { pixels } = await readImage(files[0], model.inputSize);
  const clean = await classify(model, pixels, k);
  const source = predictedClass(clean.logits, model.classes, clean.k);
  const target = parseTarget(String(options.target ?? 'random'), names);
  const settings = stripSettings({ source, target, k: clean.k, eps, seed, params }, steps);

  const bar = progressBar('strip |{bar}| {value}/{total} steps · ETA {eta_formatted}');
  bar.start(settings.steps, 0);
  const columns: StripColumn[] = [];
  let done = 0;
  try {
    for await (const frame of runAttack(models, pixels, settings, stop)) {
      const column = stripColumn(frame, steps, clean.k);
      if (column) columns.push(column);
      done = frame.step;
      bar.update(done);
    }
  } finally {
    bar.stop();
    models.forEach((m) => m.dispose());
  }
  const byStep = new Map(columns.map((c) => [c.step, c]));
  const cells = (m: number) => steps.map((step) => byStep.get(step)?.cells[m] ?? null);
  const rows = models.flatMap((_, m) => [
    [pixels, ...cells(m).map((cell) => cell?.adversarial ?? null)],
    [null, ...cells(m).map((cell) => cell && amplifiedPerturbation(cell.adversarial, pixels, eps))],
  ]);
  const S = model.inputSize;
  const grid = tileGrid(rows, S, Math.max(1, Math.round(192 / S)));
  await writeAtomic(out, new Uint8Array(await sharp(grid.bytes, { raw: { width: grid.width, height: grid.height, channels: 3 } }).png().toBuffer()));
  const interrupted = done < settings.steps;
  if (interrupted) console.error(`saccade: interrupted at step ${done} of ${settings.steps}: wrote the step counts reached (${columns.map((c) => c.step).join(', ') || 'none'}) to ${out}`);
  const drawn = attackTarget(settings, model.classes);
  if (options.json) {
    console.log(JSON.stringify({
      file: files[0], out, backend: tf.getBackend(), models: models.map((m) => m.manifest.arch), k: clean.k, source, target: drawn,
      settings: { ...settings, target: drawn }, width: grid.width, height: grid.height, interrupted,
      rows: models.flatMap((m) => [`${m.manifest.arch} adversarial`, `${m.manifest.arch} perturbation`]), columns: ['clean', ...steps],
      cells: columns.map((c) => ({ step: c.step, models: c.cells.map((cell) => ({
        prediction: cell.prediction, targetProbability: cell.targetProbability, linf: cell.linf,
        attention: cell.attention && Array.from(cell.attention),
      })) })),
    }));
  } else {
    console.log(`${files[0]}: ${names[source].name} -> target ${drawn === null ? '?' : names[drawn].name}, wrote ${out} (${grid.width}x${grid.height}; `
      + `rows: ${models.map((m) => m.manifest.arch).join(', ')} adversarial and perturbation; columns: clean, ${steps.join(', ')} steps)`);
    for (const column of columns) {
      console.log(`  PGD-${column.step}: ${column.cells.map((cell, m) => `${models[m].manifest.arch} ${names[cell.prediction].name}, p(target) ${(100 * cell.targetProbability).toFixed(1)}%`).join('; ')}`);
    }
  }
  return interrupted ? 130 : 0;
}
