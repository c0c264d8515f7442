// What the CLI's commands share: the backend, the model folder, strictly parsed numbers and classes.
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ATTACK_SPECS, parseParam, type AttackName, type AttackParams, type ParamSpec } from '../engine/attack-specs.ts';
import { NODE_BACKENDS } from '../engine/backend-names.ts';
import type { ClassInfo } from '../engine/manifest.ts';
import { classify, loadModel, MAX_GLANCES, type Classification, type Model } from '../engine/model.ts';
import { folderReader, shippedModelDir } from '../engine/node-files.ts';
import { parseNumberOrThrow, type Parsed } from '../engine/numbers.ts';
import { predictedClass } from '../engine/predictions.ts';
import { readImage } from './images.ts';

export type Options = Record<string, string | boolean | undefined>;

export async function setBackend(name: string): Promise<void> {
  if (!(NODE_BACKENDS as readonly string[]).includes(name)) throw new Error(`unknown backend ${JSON.stringify(name)}; valid: ${NODE_BACKENDS.join(', ')}`);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(`${dist}/`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
}

/** --k as an integer glance count, or undefined for the model's trained k. */
export function glances(options: Options): number | undefined {
  return options.k === undefined ? undefined : parseNumberOrThrow(String(options.k), '--k', { min: 1, max: MAX_GLANCES, integer: true });
}

/** A class given as index, WordNet id or name (case-insensitive), or 'random'. */
export function parseTarget(text: string, classes: ClassInfo[]): number | 'random' {
  if (text === 'random') return 'random';
  const index = /^\d+$/.test(text) ? Number(text) : classes.findIndex((c) => c.id === text || c.name.toLowerCase() === text.toLowerCase());
  if (index < 0 || index >= classes.length) {
    throw new Error(`unknown target ${JSON.stringify(text)}; valid: random, 0..${classes.length - 1}, or one of ${classes.map((c) => `${c.id} (${c.name})`).join(', ')}`);
  }
  return index;
}

export function orThrow<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** The model folder --model names (by default the first in models/index.json), loaded and checked. */
export function openModel(options: Options): Promise<Model> {
  return loadModel(folderReader(String(options.model ?? shippedModelDir('default'))));
}

/** '--step-size' for the param 'stepSize'. */
export const flagOf = (param: string) => param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The chosen attack's own parameters from the command line (strictly parsed), the registry's defaults for the rest. */
export function attackParams(attack: AttackName, options: Options): AttackParams {
  const specs: Record<string, ParamSpec> = ATTACK_SPECS[attack].params;
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => {
    const flag = flagOf(name);
    if (spec.kind === 'boolean') return [name, options[`no-${flag}`] ? false : options[flag] ? true : spec.default];
    const text = options[flag];
    return [name, text === undefined ? spec.default : orThrow(parseParam(String(text), `--${flag}`, spec, 'absolute'))];
  }));
}

/** The clean start of the commands that work on one image: --model loaded, the image read at its input size and
 * classified at k (the model's trained k when undefined), and the prediction. */
export async function openAndClassify(options: Options, file: string, k?: number): Promise<{ model: Model; pixels: Float32Array; clean: Classification; prediction: number }> {
  const model = await openModel(options);
  const { pixels } = await readImage(file, model.inputSize);
  const clean = await classify(model, pixels, k);
  const prediction = predictedClass(clean.logits, model.classes, clean.k);
  return { model, pixels, clean, prediction };
}

/** A progress bar on stderr: redrawn in a terminal, a line every 5 s when stderr is a log or a pipe. */
export function progressBar(format: string): SingleBar {
  return new SingleBar({ stream: process.stderr, format, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
}
