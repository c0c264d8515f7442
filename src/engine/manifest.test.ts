// Tampered model folders (made here from the shipped S3TA) and fuzzed manifests: each gets a clear error, and
// nothing outside the folder is ever read.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifestJsonSchema, parseManifest } from './manifest.ts';
import { loadModel } from './model.ts';
import { folderReader, shippedModelDir } from './node-files.ts';

const MODEL_DIR = shippedModelDir('default');
const original = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'manifest.json'), 'utf8'));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A copy of the shipped model folder with the manifest changed by `edit` and extra files made by `files`. */
function tampered(edit: (m: typeof original) => unknown, files?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saccade-model-'));
  fs.copyFileSync(path.join(MODEL_DIR, 'weights.bin'), path.join(dir, 'weights.bin'));
  files?.(dir);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(edit(structuredClone(original))));
  return dir;
}

const load = (dir: string) => loadModel(folderReader(dir));
const withPath = (p: string) => (m: typeof original) => {
  m.weightsManifest[0].paths = [p];
  m.sha256 = { [p]: m.sha256['weights.bin'] };
  return m;
};

describe('tampered model folders', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['a weight path out of the folder', withPath('../../../etc/passwd'), 'paths.0: must be a plain file name inside the model folder'],
    ['an absolute weight path', withPath('/dev/zero'), 'must be a plain file name inside the model folder'],
    ['fewer class names than classes', (m: typeof original) => ({ ...m, classes: m.classes.slice(1) }), 'classes: lists 9 classes, config.classes is 10'],
    ['an input size that is no multiple of 8', (m: typeof original) => ({ ...m, config: { ...m.config, input_size: 97 } }), 'config.input_size: must be a multiple of 8'],
    ['no config', (m: typeof original) => ({ ...m, config: undefined }), 'config:'],
    ['no sha256', (m: typeof original) => ({ ...m, sha256: undefined }), 'sha256:'],
    ['no weightsManifest', (m: typeof original) => ({ ...m, weightsManifest: undefined }), 'weightsManifest:'],
    ['a null manifest', () => null, 'manifest.json: '],
    ['std of zeros', (m: typeof original) => ({ ...m, config: { ...m.config, std: [0, 0, 0] } }), 'config.std.0: std must be > 0'],
    ['a one-element mean', (m: typeof original) => ({ ...m, config: { ...m.config, mean: [0.5] } }), 'config.mean: mean must be 3 numbers'],
    ['an unknown arch', (m: typeof original) => ({ ...m, arch: 'vit' }), 'arch must be "s3ta" or "resnet"'],
  ])('%s', async (_, edit, message) => {
    await expect(load(tampered(edit))).rejects.toThrow(message);
  });

  it('a weights file larger than declared is refused before it is read', async () => {
    const dir = tampered((m) => m, (d) => fs.appendFileSync(path.join(d, 'weights.bin'), Buffer.alloc(1024)));
    await expect(load(dir)).rejects.toThrow(/weights\.bin: \d+ bytes, more than the \d+ the manifest declares/);
  });

  it('a FIFO, a symlink out of the folder and a directory are refused, without blocking', async () => {
    const fifo = tampered(withPath('pipe.bin'), (d) => execFileSync('mkfifo', [path.join(d, 'pipe.bin')]));
    await expect(load(fifo)).rejects.toThrow('pipe.bin: not a regular file');
    const link = tampered(withPath('link.bin'), (d) => fs.symlinkSync('/etc/passwd', path.join(d, 'link.bin')));
    await expect(load(link)).rejects.toThrow('link.bin: is a symbolic link');
    const folder = tampered(withPath('sub.bin'), (d) => fs.mkdirSync(path.join(d, 'sub.bin')));
    await expect(load(folder)).rejects.toThrow('sub.bin: not a regular file');
  });

  it('NaN weights are named with their tensor', async () => {
    const dir = tampered((m) => m, (d) => {
      const bytes = fs.readFileSync(path.join(d, 'weights.bin'));
      bytes.writeFloatLE(Number.NaN, 0);
      fs.writeFileSync(path.join(d, 'weights.bin'), bytes);
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.sha256['weights.bin'] = sha(fs.readFileSync(path.join(dir, 'weights.bin')));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(load(dir)).rejects.toThrow(`tensor ${original.weightsManifest[0].weights[0].name} holds NaN at index 0: weights must be finite`);
  });
});

describe('the manifest schema, fuzzed', () => {
  it('any JSON value either parses to a consistent manifest or fails with a manifest.json error', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      try {
        const m = parseManifest(JSON.stringify(value));
        expect(m.classes.length).toBe(m.config.classes);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^manifest\.json/);
      }
    }), { numRuns: 300 });
  });

  it('the shipped manifest with any one field replaced by any JSON value never crashes the parser', () => {
    const paths = ['arch', 'config', 'classes', 'input', 'weightsManifest', 'sha256', 'format', 'recipe'];
    fc.assert(fc.property(fc.constantFrom(...paths), fc.jsonValue(), (key, value) => {
      const m = { ...original, [key]: value };
      try {
        const parsed = parseManifest(JSON.stringify(m));
        expect(parsed.config.input_size % 8).toBe(0);
        expect(parsed.config.std.every((s) => s > 0)).toBe(true);
      } catch (e) {
        expect((e as Error).message).toMatch(/^manifest\.json: /);
      }
    }), { numRuns: 300 });
  });

  it('models/manifest.schema.json is the schema written by `npm run schema`', () => {
    const committed = JSON.parse(fs.readFileSync('models/manifest.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(manifestJsonSchema())));
  });
});
