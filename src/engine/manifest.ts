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
  glances: number; // default k
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

interface ManifestCommon {
  format: string;
  classes: ClassInfo[];
  input: { size: number; mean: number[]; std: number[] };
  recipe: { args: Record<string, unknown>; epochs_trained: number; train_seconds: number };
  weightsManifest: WeightsGroup[];
  sha256: Record<string, string>;
  eval?: EvalSummary;
}

export type Manifest =
  | (ManifestCommon & { arch: 's3ta'; config: S3taConfig })
  | (ManifestCommon & { arch: 'resnet'; config: ResNetConfig });
