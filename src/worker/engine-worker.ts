// The engine's worker: owns tfjs and the models. The UI reaches it through Comlink and imports only EngineApi.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { runAttack } from '../engine/attack-run.ts';
import { pgdStep } from '../engine/attacks.ts';
import { landscape } from '../engine/landscape.ts';
import { race } from '../engine/race.ts';
import { selectBackend } from '../engine/backend.ts';
import { checkImageBytes, checkImageSize, squareCrop, toModelInput } from '../engine/image.ts';
import { readEvaluation, type FileReader } from '../engine/load.ts';
import type { Evaluation } from '../engine/manifest.ts';
import { classify, loadModel, type Model } from '../engine/model.ts';
import { parseModelIndex } from '../engine/model-index.ts';
import { blobReader, urlReader } from '../engine/web-files.ts';
import { delivering } from './deliver.ts';
import type { BackendInfo, EngineApi, LoadProgress, ModelEntry, ModelInfo, UserModel } from './protocol.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const models = new Map<string, Promise<Model>>();
let backend: Promise<BackendInfo> | null = null;

/** The running attack's controls; pause, resume and cancel arrive as messages between its frames. */
const attackControl = { paused: false, stop: new AbortController(), wake: () => {} };

/** Lets queued messages (pause, cancel) in, without setTimeout's 4 ms clamp: a macrotask via a MessageChannel. */
function nextTask(): Promise<void> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Between attack steps: let pause and cancel arrive, and wait while paused. */
async function betweenSteps(): Promise<void> {
  await nextTask();
  while (attackControl.paused && !attackControl.stop.signal.aborted) await new Promise<void>((wake) => { attackControl.wake = wake; });
}

/** Runs a long job (an attack, a landscape, a race) under the pause and cancel controls; a cancel that came while
 * its models loaded counts, and the next job starts clean. */
async function controlled<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await job(attackControl.stop.signal);
  } finally {
    Object.assign(attackControl, { paused: false, stop: new AbortController() });
  }
}

/** Models the user brought, by name: the UI registers each with every worker. */
const userModels = new Map<string, UserModel>();

const appUrl = () => new URL(import.meta.env.BASE_URL, self.location.origin);

/** Reads a model's files by plain name: a user model's from its files or URL, a shipped one's from models/<name>/. */
function modelReader(name: string, onProgress?: LoadProgress): FileReader {
  const source = userModels.get(name)?.source;
  if (source?.kind === 'files') return blobReader(source.files);
  const folder = source?.kind === 'url' ? source.url : new URL(`models/${name}/`, appUrl()).href;
  return urlReader(folder, (loaded, total) => onProgress?.('download', loaded, total));
}

function modelInfo(entry: ModelEntry, model: Model, evaluation: Evaluation | null, loadMs: number): ModelInfo {
  const { manifest } = model;
  const params = manifest.weightsManifest.flatMap((g) => g.weights)
    .filter((w) => !w.name.includes('running_'))
    .reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  const info = {
    name: entry.name, label: entry.label, inputSize: model.inputSize, classes: manifest.classes,
    evaluation, recipe: manifest.recipe, params, loadMs,
    files: ['manifest.json', ...manifest.weightsManifest.flatMap((g) => g.paths), ...(evaluation ? ['eval.json'] : [])],
  };
  return model.arch === 's3ta'
    ? { ...info, arch: 's3ta', attentionShape: model.attentionShape, trainedK: model.trainedK }
    : { ...info, arch: 'resnet' };
}

let modelIndex: Promise<ModelEntry[]> | null = null;

function listModels(): Promise<ModelEntry[]> {
  modelIndex ??= (async () => {
    const response = await fetch(new URL('models/index.json', appUrl()));
    if (!response.ok) throw new Error(`models/index.json: HTTP ${response.status}`);
    return parseModelIndex(await response.text());
  })();
  modelIndex.catch(() => { modelIndex = null; });
  return modelIndex;
}

function getModel(name: string): Promise<Model> {
  const model = models.get(name);
  if (!model) throw new Error(`model ${JSON.stringify(name)} is not loaded; loaded: ${[...models.keys()].join(', ') || 'none'}`);
  return model;
}

const api: EngineApi = {
  init(preferred) {
    backend ??= (async () => {
      const started = performance.now();
      const choice = await selectBackend(preferred);
      const threads = choice.name === 'wasm' ? getThreadsCount() : null;
      return { ...choice, ms: performance.now() - started, crossOriginIsolated: self.crossOriginIsolated, threads };
    })();
    return backend;
  },

  listModels,

  registerModel(model) {
    api.forgetModel(model.name);
    userModels.set(model.name, model);
  },

  forgetModel(name) {
    userModels.delete(name);
    models.get(name)?.then((model) => model.dispose(), () => {});
    models.delete(name);
  },

  loadModel: (name, onProgress) => delivering(onProgress, async (progress) => {
    await api.init();
    const started = performance.now();
    if (!models.has(name)) {
      const loading = loadModel(modelReader(name, progress), () => progress('compile', 0, 1));
      models.set(name, loading);
      loading.catch(() => models.get(name) === loading && models.delete(name));
    }
    const model = await getModel(name);
    progress('compile', 1, 1);
    const entry = userModels.get(name) ?? (await listModels()).find((m) => m.name === name) ?? { name, label: name };
    return modelInfo(entry, model, await readEvaluation(modelReader(name)), performance.now() - started);
  }),

  async prepareImage(file, fileName, size, centre = { x: 0.5, y: 0.5 }) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    checkImageBytes(bytes, fileName);
    checkImageSize(bytes, fileName); // from the header: a decoder never sees more than MAX_PIXELS
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
      .catch(() => { throw new Error(`${fileName} could not be decoded as an image (JPEG, PNG, WebP, GIF or BMP)`); });
    const crop = squareCrop(bitmap.width, bitmap.height, centre);
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, crop.x, crop.y, crop.size, crop.size, 0, 0, size, size);
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const prepared = { rgba, input: toModelInput(rgba, 4), width: bitmap.width, height: bitmap.height, crop };
    bitmap.close();
    return Comlink.transfer(prepared, [rgba.buffer, prepared.input.buffer]);
  },

  async classify(name, input, k) {
    const result = await classify(await getModel(name), input, k);
    return Comlink.transfer(result, [result.logits.buffer, ...(result.arch === 's3ta' ? [result.attention.buffer] : [])]);
  },

  async attack(names, input, settings, onFrame) {
    const attacked = await Promise.all(names.map(getModel));
    return controlled((signal) => delivering(onFrame, async (send) => {
      let frames = 0;
      for await (const frame of runAttack(attacked, input, settings, signal, betweenSteps)) {
        send(Comlink.transfer(frame, frame.models.flatMap((m) => [m.adversarial.buffer, m.logits.buffer, ...(m.arch === 's3ta' ? [m.attention.buffer] : [])])));
        frames++;
      }
      return { frames, cancelled: signal.aborted };
    }));
  },

  async landscape(name, input, settings, onProgress) {
    const model = await getModel(name);
    const result = await controlled((signal) => delivering(onProgress, (progress) => landscape(model, input, settings, signal, async (done) => {
      progress(done, settings.grid);
      await betweenSteps();
    })));
    return result && Comlink.transfer(result, [result.loss.buffer]);
  },

  async race(names, input, source, settings, onProgress) {
    const raced = await Promise.all(names.map(getModel));
    return controlled((signal) => delivering(onProgress, (progress) => race(raced, input, source, settings, signal, betweenSteps, (model, step) => {
      if (step % 5 === 0) progress(model, step);
    })));
  },

  resetControls() {
    Object.assign(attackControl, { paused: false, stop: new AbortController() });
  },

  pauseAttack(paused) {
    attackControl.paused = paused;
    if (!paused) attackControl.wake();
  },

  cancelAttack() {
    attackControl.stop.abort();
    attackControl.wake();
  },

  /** Each timing reads back with await data(). */
  async benchmark(name, k, runs) {
    const model = await getModel(name);
    const S = model.inputSize;
    const x = tf.randomUniform([1, S, S, 3], 0, 1, 'float32', 0) as tf.Tensor4D;
    const labels = tf.tensor1d([0], 'int32');
    const target = tf.tensor1d([1], 'int32');
    const time = async (fn: () => tf.Tensor) => {
      const times: number[] = [];
      for (let i = 0; i < runs + 2; i++) {
        const started = performance.now();
        const out = fn();
        await out.data();
        out.dispose();
        if (i >= 2) times.push(performance.now() - started); // the first two compile kernels
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    };
    const forwardMs = await time(() => tf.tidy(() => model.finalLogits(x, k)));
    const pgdStepMs = await time(() => pgdStep(model, x, x, labels, 16 / 255, 2 / 255, target, k));
    tf.dispose([x, labels, target]);
    return { backend: tf.getBackend(), threads: tf.getBackend() === 'wasm' ? getThreadsCount() : null, forwardMs, pgdStepMs };
  },

  memory() {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

Comlink.expose(api);
