// The browser's readers of a model folder: the user's File objects (by plain name, within the byte limit) and a
// folder URL (fetch, streamed, within the limit); and eval.json, checked, from either.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readEvaluation, readManifest, readWeights } from './load.ts';
import { loadModel } from './model.ts';
import { expectedShapes } from './s3ta.ts';
import { shippedModelDir } from './node-files.ts';
import { blobReader, urlReader } from './web-files.ts';

const MODEL_DIR = shippedModelDir('default');

/** The files of a folder on disk as the File objects a drop gives, by name. */
function folderFiles(dir: string, change: Record<string, Uint8Array | string> = {}): Map<string, File> {
  const names = [...new Set([...fs.readdirSync(dir), ...Object.keys(change)])];
  return new Map(names.map((name) => [name, new File([(change[name] ?? fs.readFileSync(path.join(dir, name))) as BlobPart], name)]));
}

const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([name, text]) => [name, new File([text], name)]));
const text = (buffer: ArrayBuffer) => new TextDecoder().decode(buffer);

describe('blobReader over the files the user gave', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reads a file by its plain name', async () => {
    expect(text(await blobReader(files({ 'eval.json': '{}' }))('eval.json', 100))).toBe('{}');
  });

  it.each(['../manifest.json', 'sub/manifest.json', '/etc/passwd', '.hidden', ''])('refuses the name %j before looking', async (name) => {
    const read = blobReader(files({ [name]: 'x' }));
    await expect(read(name, 100)).rejects.toThrow('must be a plain file name inside the model folder');
  });

  it.each(['constructor', '__proto__', 'toString'])('finds no %s that was not given', async (name) => {
    await expect(blobReader(files({ 'weights.bin': 'x' }))(name, 100)).rejects.toThrow(`${name} is missing: the files given are weights.bin`);
  });

  it('names the missing manifest.json and what was given instead', async () => {
    await expect(readManifest(blobReader(files({ 'weights.bin': 'x', 'eval.json': '{}' })))).rejects.toThrow(
      'manifest.json is missing: the files given are eval.json, weights.bin');
  });

  it('refuses a file larger than the limit without reading it', async () => {
    await expect(blobReader(files({ 'weights.bin': '12345' }))('weights.bin', 4)).rejects.toThrow('weights.bin: 5 bytes, more than the 4 the manifest declares');
  });

  it('loads the shipped S3TA from its files, and names a changed weights file by its sha256', async () => {
    const model = await loadModel(blobReader(folderFiles(MODEL_DIR)));
    expect(model.arch).toBe('s3ta');
    model.dispose();
    const weights = new Uint8Array(fs.readFileSync(path.join(MODEL_DIR, 'weights.bin')));
    weights[100] ^= 1;
    const read = blobReader(folderFiles(MODEL_DIR, { 'weights.bin': weights }));
    const manifest = await readManifest(read);
    await expect(readWeights(read, manifest, expectedShapes(manifest.arch, manifest.config))).rejects.toThrow(
      /^weights\.bin: sha256 is [0-9a-f]{64}, manifest\.json says [0-9a-f]{64}$/);
  });

  it('refuses a manifest that declares more weights than a model may have, or a tensor the model has no use for', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'manifest.json'), 'utf8'));
    const huge = structuredClone(manifest);
    huge.weightsManifest[0].weights.push({ name: 'padding', shape: [1 << 13, 1 << 13, 2], dtype: 'float32' });
    await expect(loadModel(blobReader(folderFiles(MODEL_DIR, { 'manifest.json': JSON.stringify(huge) }))))
      .rejects.toThrow(/declares \d+ bytes of weights, more than the 268435456 a model may have/);
    const extra = structuredClone(manifest);
    const last = extra.weightsManifest[0].weights.at(-1);
    last.name = 'extra.weight'; // same bytes, a name the model does not have
    await expect(loadModel(blobReader(folderFiles(MODEL_DIR, { 'manifest.json': JSON.stringify(extra) }))))
      .rejects.toThrow(/tensor extra\.weight is not a part of this s3ta/);
  });

  it('names the weights file the manifest lists when it was not given', async () => {
    const given = folderFiles(MODEL_DIR);
    given.delete('weights.bin');
    await expect(loadModel(blobReader(given))).rejects.toThrow('weights.bin is missing: the files given are eval.json, fixtures.bin, fixtures.json, manifest.json');
  });
});

describe('urlReader over a folder URL', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** fetch answering `body` for every URL, recording the URLs asked for. */
  function serve(body: () => BodyInit | null, init: ResponseInit = {}): string[] {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(body(), init);
    });
    return asked;
  }

  it('fetches each file inside the folder, and reports the weights\' bytes', async () => {
    const asked = serve(() => 'abcd', { headers: { 'Content-Length': '4' } });
    const progress: number[][] = [];
    const read = urlReader('https://example.org/models/mine/', (loaded, total) => progress.push([loaded, total]));
    expect(text(await read('weights.bin', 10))).toBe('abcd');
    expect(asked).toEqual(['https://example.org/models/mine/weights.bin']);
    expect(progress).toEqual([[4, 4]]);
  });

  it('refuses a name out of the folder before any fetch', async () => {
    const asked = serve(() => 'x');
    await expect(urlReader('https://example.org/m/')('../secret', 10)).rejects.toThrow('must be a plain file name');
    expect(asked).toEqual([]);
  });

  it('refuses a declared length over the limit, and stops reading a stream that runs past it', async () => {
    serve(() => 'x'.repeat(100), { headers: { 'Content-Length': '100' } });
    await expect(urlReader('https://example.org/m/')('weights.bin', 10)).rejects.toThrow('https://example.org/m/weights.bin: 100 bytes, more than the 10');
    serve(() => new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(8)) })); // endless, no length
    await expect(urlReader('https://example.org/m/')('weights.bin', 20)).rejects.toThrow('https://example.org/m/weights.bin: more than the 20 bytes');
  });

  it('names the URL of a missing file, also when a server answers it with its web page', async () => {
    serve(() => 'not found', { status: 404 });
    await expect(urlReader('https://example.org/m/')('manifest.json', 10)).rejects.toThrow('https://example.org/m/manifest.json: HTTP 404');
    serve(() => '<!doctype html>', { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    await expect(urlReader('https://example.org/m/')('eval.json', 100)).rejects.toThrow('https://example.org/m/eval.json: the server answered with a web page');
  });
});

describe('readEvaluation', () => {
  const shipped = (role: 'default' | 'baseline') => fs.readFileSync(path.join(shippedModelDir(role), 'eval.json'), 'utf8');

  it('reads the shipped eval.json files, and gives null for a folder without one', async () => {
    const evaluation = await readEvaluation(blobReader(files({ 'eval.json': shipped('default') })));
    const [k] = Object.keys(evaluation!.summary);
    expect(evaluation?.summary[k].clean).toBeGreaterThan(0);
    const attentionK = Object.keys(evaluation!.attention!).find((key) => /^k\d+$/.test(key)) as `k${number}`;
    expect(evaluation?.attention?.[attentionK].energy_ratio.mean).toBeGreaterThan(0);
    expect(await readEvaluation(blobReader(files({ 'eval.json': shipped('baseline') })))).toHaveProperty('summary.resnet');
    expect(await readEvaluation(blobReader(files({})))).toBeNull();
  });

  it.each([
    ['not JSON', 'nope', 'eval.json is not JSON'],
    ['a rate that is no number', JSON.stringify({ ...JSON.parse(shipped('baseline')), summary: { resnet: { clean: 'high' } } }), 'eval.json: summary.resnet.clean: '],
    ['attention at a k without its metrics', JSON.stringify({ ...JSON.parse(shipped('default')), attention: { ...JSON.parse(shipped('default')).attention, k4: {} } }), 'eval.json: attention.k4.energy_in_box: '],
  ])('names what is wrong: %s', async (_, body, message) => {
    await expect(readEvaluation(blobReader(files({ 'eval.json': body })))).rejects.toThrow(message);
  });
});
