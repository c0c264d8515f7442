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
import { runAttack, type AttackFrame, type AttackSettings } from '../engine/attack-run.ts';
import { pgdStep } from '../engine/attacks.ts';
import { selectBackend, type BackendChoice } from '../engine/backend.ts';
import { centreCrop, checkImageBytes, toModelInput } from '../engine/image.ts';
import type { FileReader } from '../engine/load.ts';
import type { ClassInfo, EvalSummary, Manifest } from '../engine/manifest.ts';
import { classify, loadModel, type Classification, type Model } from '../engine/model.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

export interface BackendInfo extends BackendChoice {
  ms: number;
  crossOriginIsolated: boolean;
  threads: number | null; // wasm's thread pool
}

export interface ModelInfo {
  name: string;
  arch: Manifest['arch'];
  inputSize: number;
  classes: ClassInfo[];
  attentionShape: [number, number, number] | null; // [heads, h, w]
  defaultK: number;
  eval: EvalSummary | null;
  recipe: Manifest['recipe'];
  params: number;
  loadMs: number; // download, checks and warm-up (the first compile)
}

export interface PreparedImage {
  rgba: Uint8ClampedArray; // [S, S, 4]: what the model sees
  input: Float32Array; // [S, S, 3] in [0, 1]
  width: number; // of the source, after EXIF orientation
  height: number;
  crop: { x: number; y: number; size: number };
}

export type LoadProgress = (phase: 'download' | 'compile', loaded: number, total: number) => void;

const models = new Map<string, Promise<Model>>();
let backend: Promise<BackendInfo> | null = null;

/** The running attack's controls; pause, resume and cancel arrive as messages between its frames. */
const attackControl = { paused: false, cancelled: false, wake: () => {} };

/** Lets queued messages (pause, cancel) in: awaiting data() alone may never leave the microtask queue. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

function modelUrl(name: string, file: string): string {
  return new URL(`models/${name}/${file}`, new URL(import.meta.env.BASE_URL, self.location.origin)).href;
}

function fetchReader(name: string, onProgress?: LoadProgress): FileReader {
  return async (file) => {
    const response = await fetch(modelUrl(name, file));
    if (!response.ok) throw new Error(`${modelUrl(name, file)}: HTTP ${response.status}`);
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (!onProgress || !response.body || !file.endsWith('.bin')) return response.arrayBuffer();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (const reader = response.body.getReader(); ;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress('download', loaded, total || loaded);
    }
    return new Blob(chunks as BlobPart[]).arrayBuffer();
  };
}

function modelInfo(name: string, model: Model, loadMs: number): ModelInfo {
  const { manifest } = model;
  const params = manifest.weightsManifest.flatMap((g) => g.weights)
    .filter((w) => !w.name.includes('running_'))
    .reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  return {
    name, arch: manifest.arch, inputSize: model.inputSize, classes: manifest.classes, attentionShape: model.attentionShape,
    defaultK: manifest.arch === 's3ta' ? manifest.config.glances : 1, eval: manifest.eval ?? null,
    recipe: manifest.recipe, params, loadMs,
  };
}

function getModel(name: string): Promise<Model> {
  const model = models.get(name);
  if (!model) throw new Error(`model ${JSON.stringify(name)} is not loaded; loaded: ${[...models.keys()].join(', ') || 'none'}`);
  return model;
}

const api = {
  /** Starts tfjs on the best working backend; `preferred` (the ?backend= override) is tried first. */
  init(preferred?: string): Promise<BackendInfo> {
    backend ??= (async () => {
      const started = performance.now();
      const choice = await selectBackend(preferred);
      const threads = choice.name === 'wasm' ? getThreadsCount() : null;
      return { ...choice, ms: performance.now() - started, crossOriginIsolated: self.crossOriginIsolated, threads };
    })();
    return backend;
  },

  async listModels(): Promise<string[]> {
    const response = await fetch(new URL('models/index.json', new URL(import.meta.env.BASE_URL, self.location.origin)));
    if (!response.ok) throw new Error(`models/index.json: HTTP ${response.status}`);
    return (await response.json()).models;
  },

  async loadModel(name: string, onProgress?: LoadProgress): Promise<ModelInfo> {
    await api.init();
    const started = performance.now();
    if (!models.has(name)) {
      const loading = loadModel(fetchReader(name, onProgress), () => onProgress?.('compile', 0, 1));
      models.set(name, loading);
      loading.catch(() => models.delete(name));
    }
    const model = await getModel(name);
    onProgress?.('compile', 1, 1);
    return modelInfo(name, model, performance.now() - started);
  },

  /** Decodes an image file (EXIF orientation applied), centre-crops it square and resizes it to `size`. */
  async prepareImage(file: Blob, fileName: string, size: number): Promise<PreparedImage> {
    checkImageBytes(new Uint8Array(await file.arrayBuffer()), fileName);
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
      .catch(() => { throw new Error(`${fileName} could not be decoded as an image (JPEG, PNG, WebP, GIF or BMP)`); });
    const crop = centreCrop(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, crop.x, crop.y, crop.size, crop.size, 0, 0, size, size);
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const prepared = { rgba, input: toModelInput(rgba, 4), width: bitmap.width, height: bitmap.height, crop };
    bitmap.close();
    return Comlink.transfer(prepared, [rgba.buffer, prepared.input.buffer]);
  },

  /** Per-glance logits [k, C] and attention [k, heads, h, w] for one image [S, S, 3] in [0, 1]. */
  async classify(name: string, input: Float32Array, k: number): Promise<Classification> {
    const model = await getModel(name);
    const result = await classify(model, input, model.attentionShape ? k : 1);
    return Comlink.transfer(result, [result.logits.buffer, ...(result.attention ? [result.attention.buffer] : [])]);
  },

  /**
   * Attacks the image on each named model in lockstep, calling onFrame every settings.frameEvery steps.
   * Resolves when done or cancelled, with the number of frames sent.
   */
  async attack(names: string[], input: Float32Array, settings: AttackSettings, onFrame: (frame: AttackFrame) => void): Promise<{ frames: number; cancelled: boolean }> {
    const attacked = await Promise.all(names.map(getModel));
    Object.assign(attackControl, { paused: false, cancelled: false });
    let frames = 0;
    for await (const frame of runAttack(attacked, input, settings)) {
      onFrame(Comlink.transfer(frame, frame.models.flatMap((m) => [m.adversarial.buffer, m.logits.buffer, ...(m.attention ? [m.attention.buffer] : [])])));
      frames++;
      await nextTask();
      while (attackControl.paused && !attackControl.cancelled) await new Promise<void>((wake) => { attackControl.wake = wake; });
      if (attackControl.cancelled) break;
    }
    return { frames, cancelled: attackControl.cancelled };
  },

  pauseAttack(paused: boolean): void {
    attackControl.paused = paused;
    if (!paused) attackControl.wake();
  },

  cancelAttack(): void {
    attackControl.cancelled = true;
    attackControl.wake();
  },

  /** Median ms of one forward (batch 1, k glances) and of one PGD step, each read back with await data(). */
  async benchmark(name: string, k: number, runs: number): Promise<{ backend: string; threads: number | null; forwardMs: number; pgdStepMs: number }> {
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

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};

export type EngineApi = typeof api;

Comlink.expose(api);
