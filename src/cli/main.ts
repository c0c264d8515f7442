// saccade classify | attack: the engine from the command line (see USAGE).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { runAttack, type AttackFrame } from '../engine/attack-run.ts';
import {
  ATTACK_NAMES, ATTACK_SPECS, COMMON_PARAMS, defaultSettings, isAttackName, isSingleStep, parseParam,
  type AttackSettings, type ParamSpec,
} from '../engine/attack-specs.ts';
import { classify, type Model } from '../engine/model.ts';
import { glanceLogits, topK } from '../engine/predictions.ts';
import { NODE_BACKENDS } from '../engine/backend-names.ts';
import { CHECK_USAGE, checkCommand } from './check.ts';
import { attackParams, flagOf, glances, openAndClassify, openModel, orThrow, parseTarget, progressBar, setBackend, type Options } from './common.ts';
import { pngBytes, readImage } from './images.ts';
import { LANDSCAPE_USAGE, landscapeCommand } from './landscape.ts';
import { RACE_USAGE, raceCommand } from './race.ts';
import { checkOutput, uniqueNames, writeAtomic } from './output.ts';
import { STRIP_USAGE, stripCommand } from './strip.ts';

/** Every attack's own parameters, by flag (the registry's, shared by attacks that have the same name). */
const PARAM_FLAGS = new Map<string, ParamSpec>(
  Object.values(ATTACK_SPECS).flatMap((spec) => Object.entries(spec.params as Record<string, ParamSpec>)),
);

function paramUsage(): string {
  return Object.entries(ATTACK_SPECS).map(([name, spec]) => {
    const params = Object.entries(spec.params as Record<string, ParamSpec>).map(([p, ps]) => (ps.kind === 'boolean'
      ? `--${ps.default ? 'no-' : ''}${flagOf(p)}`
      : `--${flagOf(p)} ${ps.per255 ? `${+(ps.default * 255).toFixed(2)}/255` : ps.default}`));
    return `  ${name.padEnd(6)} ${spec.label} (${spec.description})${params.length ? `: ${params.join(' ')}` : ''}`;
  }).join('\n');
}

const USAGE = `usage:
  saccade classify <image...> [--model DIR] [--k N] [--json] [--attention DIR] [--backend ${NODE_BACKENDS.join('|')}]
  saccade attack <image> [--model DIR] [--attack ${ATTACK_NAMES.join('|')}] [--target <index|wnid|name|random>]
                 [--untargeted] [--steps 10] [--eps 16/255] [--k N] [--seed 0] [attack options] --out adv.png [--json]
${LANDSCAPE_USAGE}
${RACE_USAGE}
${CHECK_USAGE}
${STRIP_USAGE}

  --model DIR      a model folder from training/export.py (default: the first in models/index.json)
  --k N            glances, 1..16 (default: the k the model was trained for); ignored by the ResNet baseline
  --json           one JSON object per image per line: file, k, logits [k][C], top5, ...
  --attention DIR  write <image>.attention.json ([k, heads, h, w]) for each image
  --backend NAME   tfjs backend: cpu (exact, default) or wasm (faster)

  check: targeted PGD and SPSA (gradient-free) with the same --steps, target and eps; prints each budget in model
  evaluations and whether SPSA found an adversarial example that PGD missed (a warning sign of gradient masking).
  strip: targeted PGD read at each of --steps (one run to the largest), the --model and --baseline side by side;
  writes a PNG grid (columns: clean, then each step count; per model a row of adversarial images and a row of
  perturbations amplified as (adv - clean) / 2 eps + 0.5); --json gives each tile's prediction and p(target).

  attack: an L-inf attack from the clean prediction toward --target (random by default), or away from it
  with --untargeted; writes the adversarial image as PNG at the model's input size. Attacks and their options:
${paramUsage()}`;



/** Classifies every file; a bad file is reported and skipped, and the exit code says that one failed. */
async function classifyCommand(files: string[], options: Options): Promise<number> {
  if (!files.length) throw new Error(`classify needs at least one image\n${USAGE}`);
  const k = glances(options);
  await setBackend(String(options.backend ?? 'cpu'));
  const model: Model = await openModel(options);
  const classes = model.manifest.classes;
  const attentionNames = uniqueNames(files, '.attention.json');
  let failed = 0;
  if (options.attention) await mkdir(String(options.attention), { recursive: true });
  for (const [i, file] of files.entries()) {
    try {
      const { pixels, resized } = await readImage(file, model.inputSize);
      const result = await classify(model, pixels, k);
      const logits = Array.from({ length: result.k }, (_, t) => Array.from(glanceLogits(result.logits, model.classes, t)));
      const top5 = topK(logits[result.k - 1], classes);
      let attention: string | undefined;
      if (options.attention && result.arch === 's3ta' && model.arch === 's3ta') {
        attention = path.join(String(options.attention), attentionNames[i]);
        await writeAtomic(attention, JSON.stringify({ file, shape: [result.k, ...model.attentionShape], attention: Array.from(result.attention) }));
      }
      if (options.json) {
        console.log(JSON.stringify({ file, model: model.manifest.arch, k: result.k, resized, backend: tf.getBackend(), ms: Math.round(result.ms), logits, top5, attention }));
      } else {
        console.log(`${file}  (k=${result.k}${resized ? ', centre-cropped and resized' : ''})`);
        for (const p of top5) console.log(`  ${(100 * p.probability).toFixed(1).padStart(5)}%  ${p.name} (${p.id})`);
      }
    } catch (e) {
      failed++;
      console.error(`saccade: ${file}: ${(e as Error).message}`);
      if (options.json) console.log(JSON.stringify({ file, error: (e as Error).message }));
    }
  }
  model.dispose();
  return failed ? 1 : 0;
}

tf.env().set('PROD', true); // quiets tfjs's Node banner on stderr




/** The attack's settings from the flags, every number strictly parsed; source and k come from the clean run. */
function attackSettings(options: Options): Omit<AttackSettings, 'source' | 'k' | 'target'> {
  const attack = String(options.attack ?? 'pgd');
  if (!isAttackName(attack)) throw new Error(`unknown --attack ${JSON.stringify(attack)}; valid: ${ATTACK_NAMES.join(', ')}`);
  if (isSingleStep(attack) && options.steps !== undefined) throw new Error(`--attack ${attack} takes one step: drop --steps`);
  const common = (name: keyof typeof COMMON_PARAMS, fallback: string) =>
    orThrow(parseParam(String(options[name] ?? fallback), `--${name}`, COMMON_PARAMS[name], 'absolute'));
  return {
    ...defaultSettings(attack), targeted: !options.untargeted, eps: common('eps', '16/255'),
    steps: isSingleStep(attack) ? 1 : common('steps', '10'), seed: common('seed', '0'), params: attackParams(attack, options),
  };
}

/** The frame to keep when the run is cut short: the highest objective so far. */
function better(best: AttackFrame | undefined, frame: AttackFrame): AttackFrame {
  return !best || frame.models[0].loss > best.models[0].loss ? frame : best;
}

async function attackCommand(files: string[], options: Options, stop: AbortSignal): Promise<number> {
  if (files.length !== 1) throw new Error(`attack takes one image, got ${files.length}\n${USAGE}`);
  if (!options.out) throw new Error(`attack needs --out FILE.png\n${USAGE}`);
  const out = String(options.out);
  const k = glances(options);
  const partial = attackSettings(options);
  await checkOutput(out, files);
  await setBackend(String(options.backend ?? 'cpu'));
  const { model, pixels, clean, prediction: source } = await openAndClassify(options, files[0], k);
  const names = model.manifest.classes;
  const settings: AttackSettings = {
    ...partial, source, k: clean.k, target: parseTarget(String(options.target ?? 'random'), names),
    frameEvery: Math.max(1, Math.floor(partial.steps / 100)),
  };

  const bar = progressBar('attack |{bar}| {value}/{total} steps · ETA {eta_formatted}');
  bar.start(settings.steps, 0);
  let last: AttackFrame | undefined;
  let best: AttackFrame | undefined;
  try {
    for await (const frame of runAttack([model], pixels, settings, stop)) {
      last = frame;
      best = better(best, frame);
      bar.update(frame.step);
    }
  } finally {
    bar.stop();
  }
  const interrupted = last!.step < settings.steps;
  const kept = interrupted ? best! : last!;
  const result = kept.models[0];
  await writeAtomic(out, await pngBytes(result.adversarial, model.inputSize));
  const { pixels: written } = await readImage(out, model.inputSize);
  const linf = written.reduce((m, v, i) => Math.max(m, Math.abs(v - pixels[i])), 0);
  const success = settings.targeted ? result.prediction === kept.target : result.prediction !== source;
  if (interrupted) {
    console.error(`saccade: interrupted at step ${last!.step} of ${settings.steps}: wrote the best adversarial image so far (step ${kept.step}) to ${out}`);
  }
  if (options.json) {
    const logits = Array.from({ length: clean.k }, (_, t) => Array.from(glanceLogits(result.logits, model.classes, t)));
    console.log(JSON.stringify({
      file: files[0], out, model: model.manifest.arch, settings: { ...settings, target: kept.target }, source,
      prediction: result.prediction, success, step: kept.step, interrupted, linf, linf255: Math.round(linf * 255 * 1000) / 1000, logits,
    }));
  } else {
    console.log(`${files[0]}: ${names[source].name} -> ${names[result.prediction].name}` +
      `${kept.target !== null ? ` (target ${names[kept.target].name})` : ''}: ${success ? 'success' : 'failed'}, ` +
      `L-inf ${(linf * 255).toFixed(2)}/255, wrote ${out}`);
  }
  model.dispose();
  return interrupted ? 130 : 0;
}

/** parseArgs options: the fixed flags and every registered attack's own. */
function cliOptions() {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    model: { type: 'string' }, k: { type: 'string' }, json: { type: 'boolean' }, attention: { type: 'string' },
    backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    target: { type: 'string' }, steps: { type: 'string' }, eps: { type: 'string' }, attack: { type: 'string' },
    untargeted: { type: 'boolean' }, seed: { type: 'string' }, out: { type: 'string' },
    grid: { type: 'string' }, label: { type: 'string' }, models: { type: 'string' }, baseline: { type: 'string' },
  };
  for (const [name, spec] of PARAM_FLAGS) {
    if (spec.kind === 'boolean') {
      options[flagOf(name)] = { type: 'boolean' };
      options[`no-${flagOf(name)}`] = { type: 'boolean' };
    } else {
      options[flagOf(name)] = { type: 'string' };
    }
  }
  return options;
}

async function command(argv: string[], stop: AbortSignal): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: cliOptions() });
  const [name, ...rest] = positionals;
  if (values.help || !name) {
    console.log(USAGE);
    return 0;
  }
  if (name === 'classify') return classifyCommand(rest, values);
  if (name === 'attack') return attackCommand(rest, values, stop);
  if (name === 'landscape') return landscapeCommand(rest, values, stop);
  if (name === 'race') return raceCommand(rest, values, stop);
  if (name === 'check') return checkCommand(rest, values, stop);
  if (name === 'strip') return stripCommand(rest, values, stop);
  throw new Error(`unknown command ${JSON.stringify(name)}; valid: classify, attack, landscape, race, check, strip\n${USAGE}`);
}

/** Runs one command line; resolves with the exit code (errors are printed, not thrown). `stop` aborts a
 * running attack, which then keeps its best image so far (src/cli/index.ts wires it to Ctrl-C). */
export async function run(argv: string[], stop: AbortSignal = new AbortController().signal): Promise<number> {
  try {
    return await command(argv, stop);
  } catch (e) {
    console.error(`saccade: ${(e as Error).message}`);
    return 1;
  }
}
