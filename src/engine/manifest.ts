// The model folder that training/export.py writes: manifest.json + weights.bin (+ fixtures for tests).

export const MANIFEST_FORMAT = 'saccade-model/1';

export interface VisionNetConfig {
  input_size: number;
  stem_width: number;
  widths: number[];
  blocks: number[];
  classes: number;
  mean: number[];
  std: number[];
}

export interface S3taConfig extends VisionNetConfig {
  c_k: number;
  basis_size: number; // U
  hidden: number;
  query_hidden: number;
  readout_hidden: number;
  heads: number;
  glances: number; // the k it was trained for: the default k
}

export interface ResNetConfig extends VisionNetConfig {
  strides: number[];
}

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface WeightsGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface ClassInfo {
  id: string; // WordNet id
  name: string;
}

/** A cell of eval.json's summary: rate by attack name, per k (or "resnet"). */
export type EvalSummary = Record<string, Record<string, number>>;

/** One attack of training/evaluate.py's protocol, as eval.json records it. */
export interface EvalAttack {
  kind: string; // a registered attack: attack-specs.ts, training/attacks.py
  targeted: boolean;
  eps: number;
  steps?: number;
}

/** The parts of eval.json (training/evaluate.py, training/attention_metrics.py) the app shows. */
export interface Evaluation {
  images: number;
  split: string;
  summary: EvalSummary;
  attacks: Record<string, EvalAttack>;
  attention?: { images: number; area_share: number; centre_prior_pointing: number } & Record<string, unknown>;
}

/** Where and on what a model was trained (training/export.py writes it from the checkpoint). */
export interface TrainingFacts {
  dataset?: { name: string; train_images: number; classes: number };
  machine?: string;
}

interface ManifestCommon {
  format: string;
  classes: ClassInfo[];
  input: { size: number; mean: number[]; std: number[] };
  recipe: { args: Record<string, unknown>; epochs_trained: number; train_seconds: number } & TrainingFacts;
  weightsManifest: WeightsGroup[];
  sha256: Record<string, string>;
  eval?: EvalSummary;
}

export type S3taManifest = ManifestCommon & { arch: 's3ta'; config: S3taConfig };
export type ResNetManifest = ManifestCommon & { arch: 'resnet'; config: ResNetConfig };
export type Manifest = S3taManifest | ResNetManifest;
