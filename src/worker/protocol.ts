// The worker protocol: everything the UI and the engine worker exchange. The UI imports types from here only.
import type { AttackFrame } from '../engine/attack-run.ts';
import type { AttackSettings } from '../engine/attack-specs.ts';
import type { BackendChoice } from '../engine/backend.ts';
import type { ClassInfo, Evaluation, Manifest } from '../engine/manifest.ts';
import type { Classification } from '../engine/model.ts';

export type { AttackFrame, AttackSettings, Classification };

export interface BackendInfo extends BackendChoice {
  ms: number;
  crossOriginIsolated: boolean;
  threads: number | null; // wasm's thread pool
}

/** An entry of models/index.json, the one list of shipped models. */
export interface ModelEntry {
  name: string; // folder under models/
  label: string; // shown in the picker
  baseline?: boolean; // the ResNet the attacks compare against
}

interface ModelInfoBase {
  name: string;
  label: string;
  inputSize: number;
  classes: ClassInfo[];
  evaluation: Evaluation | null; // eval.json, when the model folder has one
  recipe: Manifest['recipe'];
  params: number;
  loadMs: number; // download, checks and warm-up (the first compile)
}

export type ModelInfo =
  | (ModelInfoBase & { arch: 's3ta'; attentionShape: [number, number, number]; trainedK: number }) // [heads, h, w]
  | (ModelInfoBase & { arch: 'resnet' });

export interface PreparedImage {
  rgba: Uint8ClampedArray; // [S, S, 4]: what the model sees
  input: Float32Array; // [S, S, 3] in [0, 1]
  width: number; // of the source, after EXIF orientation
  height: number;
  crop: { x: number; y: number; size: number };
}

export type LoadPhase = 'download' | 'compile';
export type LoadProgress = (phase: LoadPhase, loaded: number, total: number) => void;

export interface BenchmarkResult { backend: string; threads: number | null; forwardMs: number; pgdStepMs: number }

export interface EngineApi {
  /** Starts tfjs on the best working backend; `preferred` (the ?backend= override) is tried first. */
  init(preferred?: string): Promise<BackendInfo>;
  listModels(): Promise<ModelEntry[]>;
  loadModel(name: string, onProgress?: LoadProgress): Promise<ModelInfo>;
  /** Decodes an image file (EXIF orientation applied), crops the largest square centred at `centre` ([0, 1] of
   * the image; the centre by default) and resizes it to `size`. */
  prepareImage(file: Blob, fileName: string, size: number, centre?: { x: number; y: number }): Promise<PreparedImage>;
  /** Per-glance logits [k, C] and, for S3TA, attention [k, heads, h, w] for one image [S, S, 3] in [0, 1]. */
  classify(name: string, input: Float32Array, k: number): Promise<Classification>;
  /** Attacks the image on each named model in lockstep, calling onFrame every settings.frameEvery steps. */
  attack(names: string[], input: Float32Array, settings: AttackSettings, onFrame: (frame: AttackFrame) => void): Promise<{ frames: number; cancelled: boolean }>;
  pauseAttack(paused: boolean): void;
  cancelAttack(): void;
  /** Median ms of one forward (batch 1, k glances) and of one PGD step. */
  benchmark(name: string, k: number, runs: number): Promise<BenchmarkResult>;
  memory(): { numTensors: number; numBytes: number };
}
