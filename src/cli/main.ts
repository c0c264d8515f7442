// saccade classify | attack: the engine from the command line (see USAGE).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { runAttack, type AttackFrame } from '../engine/attack-run.ts';
import { ATTACK_NAMES, ATTACK_SPECS, defaultSettings, isAttackName, isSingleStep, type AttackParams, type AttackSettings, type ParamSpec } from '../engine/attack-specs.ts';
import { NODE_BACKENDS } from '../engine/backend-names.ts';
import type { ClassInfo } from '../engine/manifest.ts';
import { classify, loadModel, type Model } from '../engine/model.ts';
import { folderReader } from '../engine/node-files.ts';
import { glanceLogits, topK } from '../engine/predictions.ts';
import { readImage, writePng } from './images.ts';

/** '--step-size' for the param 'stepSize'. */
const flagOf = (param: string) => param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

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
  saccade classify <image...> [--model models/s3ta] [--k N] [--json] [--attention DIR] [--backend ${NODE_BACKENDS.join('|')}]
  saccade attack <image> [--model models/s3ta] [--attack ${ATTACK_NAMES.join('|')}] [--target <index|wnid|name|random>]
                 [--untargeted] [--steps 10] [--eps 16/255] [--k N] [--seed 0] [attack options] --out adv.png [--json]

  --model DIR      a model folder from training/export.py (default: models/s3ta)
  --k N            glances, 1..16 (default: the k the model was trained for); ignored by the ResNet baseline
  --json           one JSON object per image per line: file, k, logits [k][C], top5, ...
  --attention DIR  write <image>.attention.json ([k, heads, h, w]) for each image
  --backend NAME   tfjs backend: cpu (exact, default) or wasm (faster)

  attack: an L-inf attack from the clean prediction toward --target (random by default), or away from it
  with --untargeted; writes the adversarial image as PNG at the model's input size. Attacks and their options:
${paramUsage()}`;

async function setBackend(name: string): Promise<void> {
  if (!(NODE_BACKENDS as readonly string[]).includes(name)) throw new Error(`unknown backend ${JSON.stringify(name)}; valid: ${NODE_BACKENDS.join(', ')}`);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(`${dist}/`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
}

async function classifyCommand(files: string[], options: Options): Promise<void> {
  if (!files.length) throw new Error(`classify needs at least one image\n${USAGE}`);
  await setBackend(String(options.backend ?? 'cpu'));
  const model: Model = await loadModel(folderReader(String(options.model ?? 'models/s3ta')));
  const classes = model.manifest.classes;
  const k = options.k === undefined ? undefined : Number(options.k);
  if (options.attention) await mkdir(String(options.attention), { recursive: true });
  for (const file of files) {
    const { pixels, resized } = await readImage(file, model.inputSize);
    const result = await classify(model, pixels, k);
    const logits = Array.from({ length: result.k }, (_, t) => Array.from(glanceLogits(result.logits, model.classes, t)));
    const top5 = topK(logits[result.k - 1], classes);
    if (options.attention && result.arch === 's3ta' && model.arch === 's3ta') {
      const out = path.join(String(options.attention), `${path.basename(file)}.attention.json`);
      await writeFile(out, JSON.stringify({ file, shape: [result.k, ...model.attentionShape], attention: Array.from(result.attention) }));
    }
    if (options.json) {
      console.log(JSON.stringify({ file, model: model.manifest.arch, k: result.k, resized, backend: tf.getBackend(), ms: Math.round(result.ms), logits, top5 }));
    } else {
      console.log(`${file}  (k=${result.k}${resized ? ', centre-cropped and resized' : ''})`);
      for (const p of top5) console.log(`  ${(100 * p.probability).toFixed(1).padStart(5)}%  ${p.name} (${p.id})`);
    }
  }
  model.dispose();
}

tf.env().set('PROD', true); // quiets tfjs's Node banner on stderr

/** '16/255' or '0.0627' -> number */
function fraction(text: string, name: string): number {
  const [a, b = '1'] = text.split('/');
  const value = Number(a) / Number(b);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number or a fraction like 16/255, got ${JSON.stringify(text)}`);
  return value;
}

/** A class given as index, WordNet id or name (case-insensitive), or 'random'. */
function parseTarget(text: string, classes: ClassInfo[]): number | 'random' {
  if (text === 'random') return 'random';
  const index = /^\d+$/.test(text) ? Number(text) : classes.findIndex((c) => c.id === text || c.name.toLowerCase() === text.toLowerCase());
  if (index < 0 || index >= classes.length) {
    throw new Error(`unknown target ${JSON.stringify(text)}; valid: random, 0..${classes.length - 1}, or one of ${classes.map((c) => `${c.id} (${c.name})`).join(', ')}`);
  }
  return index;
}

/** The chosen attack's own parameters from the command line, the registry's defaults for the rest. */
function attackParams(attack: keyof typeof ATTACK_SPECS, options: Options): AttackParams {
  const specs: Record<string, ParamSpec> = ATTACK_SPECS[attack].params;
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => {
    const flag = flagOf(name);
    if (spec.kind === 'boolean') return [name, options[`no-${flag}`] ? false : options[flag] ? true : spec.default];
    const text = options[flag];
    return [name, text === undefined ? spec.default : spec.per255 ? fraction(String(text), flag) : Number(text)];
  }));
}

async function attackCommand(files: string[], options: Options): Promise<void> {
  if (files.length !== 1) throw new Error(`attack takes one image, got ${files.length}\n${USAGE}`);
  if (!options.out) throw new Error(`attack needs --out FILE.png\n${USAGE}`);
  await setBackend(String(options.backend ?? 'cpu'));
  const model = await loadModel(folderReader(String(options.model ?? 'models/s3ta')));
  const { pixels } = await readImage(files[0], model.inputSize);
  const clean = await classify(model, pixels, options.k === undefined ? undefined : Number(options.k));
  const source = topK(glanceLogits(clean.logits, model.classes, clean.k - 1), model.manifest.classes, 1)[0].index;
  const attack = String(options.attack ?? 'pgd');
  if (!isAttackName(attack)) throw new Error(`unknown --attack ${JSON.stringify(attack)}; valid: ${ATTACK_NAMES.join(', ')}`);
  const defaults = defaultSettings(attack);
  const settings: AttackSettings = {
    ...defaults, targeted: !options.untargeted,
    target: parseTarget(String(options.target ?? 'random'), model.manifest.classes), source,
    eps: fraction(String(options.eps ?? '16/255'), 'eps'),
    steps: isSingleStep(attack) ? 1 : Number(options.steps ?? 10),
    seed: Number(options.seed ?? 0), k: clean.k, params: attackParams(attack, options),
  };
  let last: AttackFrame | undefined;
  for await (const frame of runAttack([model], pixels, { ...settings, frameEvery: settings.steps })) last = frame;
  const result = last!.models[0];
  await writePng(String(options.out), result.adversarial, model.inputSize);
  const { pixels: written } = await readImage(String(options.out), model.inputSize);
  const linf = written.reduce((m, v, i) => Math.max(m, Math.abs(v - pixels[i])), 0);
  const success = settings.targeted ? result.prediction === last!.target : result.prediction !== source;
  const names = model.manifest.classes;
  if (options.json) {
    const logits = Array.from({ length: clean.k }, (_, t) => Array.from(glanceLogits(result.logits, model.classes, t)));
    console.log(JSON.stringify({
      file: files[0], out: options.out, model: model.manifest.arch,
      settings: { ...settings, target: last!.target }, source, prediction: result.prediction, success,
      linf, linf255: Math.round(linf * 255 * 1000) / 1000, logits,
    }));
  } else {
    console.log(`${files[0]}: ${names[source].name} -> ${names[result.prediction].name}` +
      `${settings.targeted ? ` (target ${names[last!.target!].name})` : ''}: ${success ? 'success' : 'failed'}, ` +
      `L-inf ${(linf * 255).toFixed(2)}/255, wrote ${options.out}`);
  }
  model.dispose();
}

type Options = Record<string, string | boolean | undefined>;

/** parseArgs options: the fixed flags and every registered attack's own. */
function cliOptions() {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    model: { type: 'string' }, k: { type: 'string' }, json: { type: 'boolean' }, attention: { type: 'string' },
    backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    target: { type: 'string' }, steps: { type: 'string' }, eps: { type: 'string' }, attack: { type: 'string' },
    untargeted: { type: 'boolean' }, seed: { type: 'string' }, out: { type: 'string' },
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

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: cliOptions() });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === 'classify') return classifyCommand(rest, values);
  if (command === 'attack') return attackCommand(rest, values);
  throw new Error(`unknown command ${JSON.stringify(command)}; valid: classify, attack\n${USAGE}`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(`saccade: ${e.message}`);
  process.exit(1);
});
