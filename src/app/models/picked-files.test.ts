import { describe, expect, it } from 'vitest';
import { modelFolder, type PickedFile } from './picked-files.ts';

const picked = (...paths: string[]): PickedFile[] => paths.map((path) => ({ path, file: new File([path], path.split('/').pop()!) }));
const names = (files: Map<string, File>) => [...files.keys()].sort();

describe('modelFolder', () => {
  it('takes a picked folder\'s own files by name, and its name, leaving out subfolders and hidden files', () => {
    const { folder, files } = modelFolder(picked('mine/manifest.json', 'mine/weights.bin', 'mine/.DS_Store', 'mine/old/weights.bin'));
    expect(folder).toBe('mine');
    expect(names(files)).toEqual(['manifest.json', 'weights.bin']);
    expect(files.get('weights.bin')!.size).toBe('mine/weights.bin'.length); // the folder's own, not old/'s
  });

  it('takes loose files, with no folder name', () => {
    const { folder, files } = modelFolder(picked('manifest.json', 'weights.bin', 'eval.json'));
    expect(folder).toBeNull();
    expect(names(files)).toEqual(['eval.json', 'manifest.json', 'weights.bin']);
  });

  it('refuses two folders, or two files of one name, rather than guess', () => {
    expect(() => modelFolder(picked('a/manifest.json', 'b/manifest.json'))).toThrow('one model folder at a time: got a, b');
    expect(() => modelFolder(picked('manifest.json', 'a/manifest.json'))).toThrow('two files named manifest.json');
  });
});
