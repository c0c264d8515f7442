// saccade classify <image...> [--model models/s3ta] [--k 8] [--json] [--attention DIR] [--backend cpu|wasm]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classify, loadModel, type Model } from '../engine/model.ts';
import { folderReader } from '../engine/node-files.ts';
import { glanceLogits, topK } from '../engine/predictions.ts';
import { readImage } from './images.ts';

const USAGE = `usage:
  saccade classify <image...> [--model models/s3ta] [--k 8] [--json] [--attention DIR] [--backend cpu|wasm]

  --model DIR      a model folder from training/export.py (default: models/s3ta)
  --k N            glances, 1..16 (default: the model's); ignored by the ResNet baseline
  --json           one JSON object per image per line: file, k, logits [k][C], top5, ...
  --attention DIR  write <image>.attention.json ([k, heads, h, w]) for each image
  --backend NAME   tfjs backend: cpu (exact, default) or wasm (faster)`;

const BACKENDS = ['cpu', 'wasm'];

async function setBackend(name: string): Promise<void> {
  if (!BACKENDS.includes(name)) throw new Error(`unknown backend ${JSON.stringify(name)}; valid: ${BACKENDS.join(', ')}`);
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = path.dirname(new URL(import.meta.resolve('@tensorflow/tfjs-backend-wasm')).pathname);
    wasm.setWasmPaths(`${dist}/`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
}

async function classifyCommand(files: string[], options: Record<string, string | boolean | undefined>): Promise<void> {
  if (!files.length) throw new Error(`classify needs at least one image\n${USAGE}`);
  await setBackend(String(options.backend ?? 'cpu'));
  const model: Model = await loadModel(folderReader(String(options.model ?? 'models/s3ta')));
  const classes = model.manifest.classes;
  const k = options.k === undefined ? undefined : Number(options.k);
  if (options.attention) await mkdir(String(options.attention), { recursive: true });
  for (const file of files) {
    const { pixels, resized } = await readImage(file, model.inputSize);
    const result = await classify(model, pixels, model.attentionShape ? k : 1);
    const logits = Array.from({ length: result.k }, (_, t) => Array.from(glanceLogits(result.logits, model.classes, t)));
    const top5 = topK(logits[result.k - 1], classes);
    if (options.attention && result.attention) {
      const out = path.join(String(options.attention), `${path.basename(file)}.attention.json`);
      await writeFile(out, JSON.stringify({ file, shape: [result.k, ...model.attentionShape!], attention: Array.from(result.attention) }));
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

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' }, k: { type: 'string' }, json: { type: 'boolean' }, attention: { type: 'string' },
      backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === 'classify') return classifyCommand(rest, values);
  throw new Error(`unknown command ${JSON.stringify(command)}; valid: classify\n${USAGE}`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(`saccade: ${e.message}`);
  process.exit(1);
});
