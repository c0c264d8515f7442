// The worker protocol: everything the UI and the engine worker exchange. The UI imports types from here only.
import type { AttackFrame } from '../engine/attack-run.ts';
import type { AttackSettings } from '../engine/attack-specs.ts';
import type { BackendChoice } from '../engine/backend.ts';
import type { ClassInfo, Evaluation, Manifest } from '../engine/manifest.ts';
import type { Landscape, LandscapeSettings } from '../engine/landscape.ts';
import type { ModelEntry } from '../engine/model-index.ts';
import type { Classification } from '../engine/model.ts';
import type { RaceResult, RaceSettings } from '../engine/race.ts';

export type { AttackFrame, AttackSettings, Classification, Landscape, LandscapeSettings, RaceResult, RaceSettings };

export interface BackendInfo extends BackendChoice {
  ms: number;
  crossOriginIsolated: boolean;
  threads: number | null; // wasm's thread pool
}

/** An entry of models/index.json, the one list of shipped models, or a model the user brought (UserModel). */
export type { ModelEntry };

/** Where a user model's files come from: a folder the user dropped or picked (its files by plain name), or a URL
 * of a folder (ending in "/"). */
export type ModelSource = { kind: 'files'; files: Map<string, Blob> } | { kind: 'url'; url: string };

/** A model from the user's files or a URL: every worker is told of it, then loads it by name like a shipped one. */
export interface UserModel extends ModelEntry {
  source: ModelSource;
}

interface ModelInfoBase {
  name: string;
  label: string;
  inputSize: number;
  classes: ClassInfo[];
  evaluation: Evaluation | null; // eval.json, when the model folder has one
  files: string[]; // what it was read from: manifest.json, the weight files, eval.json when there is one
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
  /** Makes a user model loadable by its name (replacing one of that name), or forgets it and frees its weights. */
  registerModel(model: UserModel): void;
  forgetModel(name: string): void;
  /** Loads a shipped or registered model, checking every file (manifest, sha256, shapes, finite weights, eval.json). */
  loadModel(name: string, onProgress?: LoadProgress): Promise<ModelInfo>;
  /** Decodes an image file (EXIF orientation applied), crops the largest square centred at `centre` ([0, 1] of
   * the image; the centre by default) and resizes it to `size`. */
  prepareImage(file: Blob, fileName: string, size: number, centre?: { x: number; y: number }): Promise<PreparedImage>;
  /** Per-glance logits [k, C] and, for S3TA, attention [k, heads, h, w] for one image [S, S, 3] in [0, 1]. */
  classify(name: string, input: Float32Array, k: number): Promise<Classification>;
  /** Attacks the image on each named model in lockstep, calling onFrame every settings.frameEvery steps and after
   * each of settings.frameSteps. */
  attack(names: string[], input: Float32Array, settings: AttackSettings, onFrame: (frame: AttackFrame) => void): Promise<{ frames: number; cancelled: boolean }>;
  /** The loss landscape around the image [S, S, 3] (engine/landscape.ts), reporting rows done; null when cancelled. */
  landscape(name: string, input: Float32Array, settings: LandscapeSettings, onProgress: (done: number, total: number) => void): Promise<Landscape | null>;
  /** Targeted PGD from `source` read at each of settings.steps, on each named model at its trained k (engine/race.ts);
   * onProgress(model index, steps done); null when cancelled. */
  race(names: string[], input: Float32Array, source: number, settings: RaceSettings, onProgress: (model: number, step: number) => void): Promise<RaceResult | null>;
  /** A job starts: no pause, no cancel left over from one that ended between its calls. */
  resetControls(): void;
  /** Pause and cancel reach the running attack, landscape or race. */
  pauseAttack(paused: boolean): void;
  cancelAttack(): void;
  /** Median ms of one forward (batch 1, k glances) and of one PGD step. */
  benchmark(name: string, k: number, runs: number): Promise<BenchmarkResult>;
  memory(): { numTensors: number; numBytes: number };
}
