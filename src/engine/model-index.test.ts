import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.ts';
import { baselineEntry, defaultEntry, parseModelIndex } from './model-index.ts';
import { shippedModels } from './node-files.ts';

describe('models/index.json', () => {
  it('names the field at fault', () => {
    expect(() => parseModelIndex('{"models": []}')).toThrow('models/index.json: models lists no models');
    expect(() => parseModelIndex('{"models": [{"name": "../x", "label": "X"}]}')).toThrow('models/index.json: models.0.name must be a folder name');
    expect(() => parseModelIndex('{"models": [{"name": "x", "label": "X", "k": 32}]}')).toThrow('models.0.k');
  });

  it('lists an S3TA first, one ResNet baseline, and each S3TA\'s k as the k its manifest was trained for', () => {
    const entries = shippedModels();
    const manifest = (name: string) => parseManifest(fs.readFileSync(`models/${name}/manifest.json`, 'utf8'));
    expect(manifest(defaultEntry(entries).name).arch).toBe('s3ta');
    expect(entries.filter((e) => e.baseline).map((e) => manifest(e.name).arch)).toEqual(['resnet']);
    expect(baselineEntry(entries)).toBe(entries.find((e) => e.baseline));
    for (const entry of entries.filter((e) => e.k !== undefined)) {
      const m = manifest(entry.name);
      expect([entry.name, m.arch, m.arch === 's3ta' && m.config.glances]).toEqual([entry.name, 's3ta', entry.k]);
    }
    expect(new Set(entries.map((e) => e.k).filter(Boolean)).size).toBe(entries.filter((e) => e.k).length); // one model per k
  });
});
