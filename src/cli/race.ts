// saccade race: the computational race on image files, every model at its own k (see engine/race.ts).
import path from 'node:path';
import { ATTACK_SPECS, COMMON_PARAMS, parseParam, type NumberParam } from '../engine/attack-specs.ts';
import { inputMismatch } from '../engine/manifest.ts';
import { classify, loadModel, type Model } from '../engine/model.ts';
import { folderReader, modelDir, shippedModels } from '../engine/node-files.ts';
import { predictedClass } from '../engine/predictions.ts';
import { parseRaceSteps, RACE_DEFAULTS, race, type RaceResult, type RaceSettings } from '../engine/race.ts';
import { tallyRace } from '../engine/race-summary.ts';
import { orThrow, progressBar, setBackend, type Options } from './common.ts';
import { readImage } from './images.ts';

export const RACE_USAGE = `  saccade race <image...> [--models DIR,DIR] [--steps 10,50,100,250] [--eps 16/255] [--step-size 2/255] [--seed 0]
               [--no-random-start] [--json]   (default: every model in models/index.json; source: the image's folder when it is a class id, else the first model's prediction)`;

function raceSettings(options: Options): RaceSettings {
  const steps = orThrow(parseRaceSteps(String(options.steps ?? RACE_DEFAULTS.steps.join(',')), '--steps'));
  const stepSize = ATTACK_SPECS.pgd.params.stepSize as NumberParam;
  return {
    steps,
    eps: orThrow(parseParam(String(options.eps ?? '16/255'), '--eps', COMMON_PARAMS.eps, 'absolute')),
    stepSize: orThrow(parseParam(String(options['step-size'] ?? '2/255'), '--step-size', stepSize, 'absolute')),
    seed: orThrow(parseParam(String(options.seed ?? '0'), '--seed', COMMON_PARAMS.seed, 'absolute')),
    randomStart: !options['no-random-start'],
  };
}

/** The true class when the file sits in a folder named by a class id (ImageFolder layout), else null. */
function folderClass(file: string, model: Model): number | null {
  const index = model.manifest.classes.findIndex((c) => c.id === path.basename(path.dirname(path.resolve(file))));
  return index < 0 ? null : index;
}

async function loadModels(options: Options): Promise<{ dirs: string[]; models: Model[] }> {
  const dirs = options.models === undefined ? shippedModels().map(modelDir)
    : String(options.models).split(',').filter(Boolean);
  if (!dirs.length) throw new Error('race needs --models DIR,DIR, or no --models for every model in models/index.json');
  const models = await Promise.all(dirs.map((dir) => loadModel(folderReader(dir))));
  const input = (m: Model, i: number) => ({ label: dirs[i], inputSize: m.inputSize, classes: m.manifest.classes });
  for (const [i, model] of models.entries()) {
    const why = inputMismatch(input(models[0], 0), input(model, i));
    if (why) throw new Error(`models race on the same images: ${why}`);
  }
  return { dirs, models };
}

/** Races each file; one JSON line per image and a summary line with --json, else a table per model. */
export async function raceCommand(files: string[], options: Options, stop: AbortSignal): Promise<number> {
  if (!files.length) throw new Error('race needs at least one image');
  const settings = raceSettings(options);
  await setBackend(String(options.backend ?? 'cpu'));
  const { dirs, models } = await loadModels(options);
  const last = settings.steps[settings.steps.length - 1];
  const bar = progressBar('race |{bar}| {value}/{total} steps · ETA {eta_formatted}');
  bar.start(files.length * models.length * last, 0);
  const results: RaceResult[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const { pixels } = await readImage(file, models[0].inputSize);
      const known = folderClass(file, models[0]);
      const first = await classify(models[0], pixels);
      const source = known ?? predictedClass(first.logits, models[0].classes, first.k);
      const result = await race(models, pixels, source, settings, stop, () => new Promise((resolve) => setImmediate(resolve)),
        (m, step) => bar.update((i * models.length + m) * last + step));
      if (!result) return 130;
      results.push(result);
      if (options.json) console.log(JSON.stringify({ file, sourceFrom: known === null ? 'prediction' : 'folder', ...result, models: result.models.map((m, j) => ({ model: dirs[j], ...m })) }));
    }
  } finally {
    bar.stop();
    models.forEach((m) => m.dispose());
  }
  const summary = dirs.map((dir, j) => ({ model: dir, k: results[0].models[j].k, tallies: tallyRace(results, j) }));
  if (options.json) console.log(JSON.stringify({ summary, settings }));
  else {
    for (const { model, k, tallies } of summary) {
      console.log(`${model}${k ? ` (k = ${k})` : ''}: ${tallies.map((t) => `${t.step || 'clean'}: top-1 ${(100 * t.top1).toFixed(0)}%${t.step ? `, target ${(100 * t.hit).toFixed(0)}%` : ''}`).join(' · ')}`);
    }
  }
  return 0;
}
