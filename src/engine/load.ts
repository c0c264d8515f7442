// Loads a model folder: checks the manifest, every file's sha256 and every tensor's name and shape.
import * as tf from '@tensorflow/tfjs-core';
import { groupBytes, parseEvaluation, parseManifest, plainFileName, type Evaluation, type Manifest } from './manifest.ts';

/** The largest manifest.json read: its weights are listed, not inlined. */
export const MAX_MANIFEST_BYTES = 4 << 20;
/** The most weight bytes a model may declare (the shipped ones have about 3 MB): a hostile manifest cannot make
 * the app download and hold gigabytes. */
export const MAX_WEIGHT_BYTES = 256 << 20;
/** The largest eval.json read (the shipped ones are 10-30 kB). */
const MAX_EVAL_BYTES = 4 << 20;

/**
 * Reads one file of a model folder by name (fetch in the browser, fs in Node): `name` is a plain file name, and
 * the reader fails rather than read more than `maxBytes`.
 */
export type FileReader = (name: string, maxBytes: number) => Promise<ArrayBuffer>;

/** Checks a name before any reader sees it: a plain name inside the folder. */
export function checkFileName(name: string): string {
  const result = plainFileName.safeParse(name);
  if (!result.success) throw new Error(`${JSON.stringify(name)}: ${result.error.issues[0].message}`);
  return name;
}

export type Weights = Record<string, tf.Tensor>;

export type Progress = (loaded: number, total: number) => void;

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function readManifest(read: FileReader): Promise<Manifest> {
  return parseManifest(new TextDecoder().decode(await read('manifest.json', MAX_MANIFEST_BYTES)));
}

/** The folder's eval.json, checked, or null when the folder has none (a reader that cannot read it). */
export async function readEvaluation(read: FileReader): Promise<Evaluation | null> {
  const bytes = await read('eval.json', MAX_EVAL_BYTES).catch(() => null);
  return bytes && parseEvaluation(new TextDecoder().decode(bytes));
}

/**
 * Reads the weight files named by the manifest, checks their sha256, and returns one tensor per entry,
 * checked against `expected` (name -> shape): every expected tensor must be present with that shape.
 */
export async function readWeights(
  read: FileReader, manifest: Manifest, expected: Map<string, number[]>, onProgress?: Progress,
): Promise<Weights> {
  const weights: Weights = {};
  const paths = manifest.weightsManifest.flatMap((g) => g.paths);
  const total = manifest.weightsManifest.reduce((n, g) => n + groupBytes(g), 0);
  if (total > MAX_WEIGHT_BYTES) throw new Error(`manifest.json declares ${total} bytes of weights, more than the ${MAX_WEIGHT_BYTES} a model may have`);
  let loaded = 0;
  try {
    for (const group of manifest.weightsManifest) {
      const buffers: ArrayBuffer[] = [];
      const declared = groupBytes(group);
      for (const path of group.paths) {
        const left = declared - buffers.reduce((n, b) => n + b.byteLength, 0); // a group's files share its bytes
        const buffer = await read(checkFileName(path), left);
        const digest = await sha256Hex(buffer);
        if (digest !== manifest.sha256[path]) {
          throw new Error(`${path}: sha256 is ${digest}, manifest.json says ${manifest.sha256[path]}`);
        }
        buffers.push(buffer);
        onProgress?.(++loaded, paths.length);
      }
      const blob = concat(buffers);
      if (blob.byteLength !== declared) {
        throw new Error(`${group.paths.join(', ')}: ${blob.byteLength} bytes, the manifest's tensors need ${declared}`);
      }
      let offset = 0;
      for (const entry of group.weights) {
        const size = entry.shape.reduce((a, b) => a * b, 1);
        if (offset + 4 * size > blob.byteLength) {
          throw new Error(`${group.paths.join(', ')}: ends at byte ${blob.byteLength}, tensor ${entry.name} needs bytes ${offset}..${offset + 4 * size}`);
        }
        if (entry.name in weights) throw new Error(`${group.paths.join(', ')}: tensor ${entry.name} is listed twice`);
        const want = expected.get(entry.name);
        if (!want) throw new Error(`${group.paths.join(', ')}: tensor ${entry.name} is not a part of this ${manifest.arch}`);
        if (!sameShape(want, entry.shape)) {
          throw new Error(`${group.paths.join(', ')}: tensor ${entry.name} has shape [${entry.shape}], expected [${want}]`);
        }
        const values = new Float32Array(blob, offset, size);
        const bad = values.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) throw new Error(`${group.paths.join(', ')}: tensor ${entry.name} holds ${values[bad]} at index ${bad}: weights must be finite`);
        weights[entry.name] = tf.tensor(values, entry.shape, 'float32');
        offset += 4 * size;
      }
    }
    const missing = [...expected.keys()].filter((name) => !(name in weights));
    if (missing.length) {
      throw new Error(`${paths.join(', ')}: missing tensors ${missing.join(', ')} (expected shapes ${missing.map((m) => `[${expected.get(m)}]`).join(', ')})`);
    }
  } catch (e) {
    tf.dispose(Object.values(weights));
    throw e;
  }
  return weights;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  if (buffers.length === 1) return buffers[0];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
