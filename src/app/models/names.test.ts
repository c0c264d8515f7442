import { describe, expect, it } from 'vitest';
import { baselineFor, droppedModelName, isDroppedModel, isModelUrl, isUserModel, modelFolderUrl, userModelLabel } from './names.ts';

describe('user model names', () => {
  it('tell a URL model, a dropped one and a shipped one apart', () => {
    expect([isModelUrl('https://example.org/m/'), isModelUrl('s3ta'), isModelUrl('dropped:https://x')]).toEqual([true, false, false]);
    expect([isDroppedModel(droppedModelName('mine')), isDroppedModel('s3ta')]).toEqual([true, false]);
    expect([isUserModel('resnet'), isUserModel('http://localhost:8000/m/'), isUserModel(droppedModelName(null))]).toEqual([false, true, true]);
  });

  it('name a URL model by its folder URL, from the folder or its manifest.json, http(s) only', () => {
    expect(modelFolderUrl('https://example.org/models/mine')).toBe('https://example.org/models/mine/');
    expect(modelFolderUrl('https://example.org/models/mine/manifest.json?x=1#y')).toBe('https://example.org/models/mine/');
    expect(modelFolderUrl('http://localhost:8000/')).toBe('http://localhost:8000/');
    expect(() => modelFolderUrl('ftp://example.org/m/')).toThrow('a model URL must be http or https');
    expect(() => modelFolderUrl('http://example.org/m/')).toThrow('a model URL must be https (plain http only from this machine');
    expect(() => modelFolderUrl('https://')).toThrow();
  });

  it('label a model by its folder, "(yours)"', () => {
    expect(userModelLabel(droppedModelName('tiny-s3ta'))).toBe('tiny-s3ta (yours)');
    expect(userModelLabel(droppedModelName(null))).toBe('dropped files (yours)');
    expect(userModelLabel('https://example.org/models/mine/')).toBe('mine (yours)');
    expect(userModelLabel('http://localhost:8000/')).toBe('localhost:8000 (yours)');
  });

  it('pair a shipped model with the shipped baseline and a user model with a user baseline', () => {
    const models = [{ name: 's3ta', label: 'S3TA' }, { name: 'resnet', label: 'ResNet', baseline: true },
      { name: droppedModelName('a'), label: 'a' }, { name: droppedModelName('b'), label: 'b', baseline: true }];
    expect(baselineFor('s3ta', models)?.name).toBe('resnet');
    expect(baselineFor(droppedModelName('a'), models)?.name).toBe(droppedModelName('b'));
    expect(baselineFor(droppedModelName('a'), models.slice(0, 3))).toBeNull();
  });
});
