// A FileReader over a model folder on disk, for Node (the CLI and tests).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileReader } from './load.ts';

export function folderReader(dir: string): FileReader {
  return async (name) => {
    const bytes = await readFile(path.join(dir, name)).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`${path.join(dir, name)}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };
}
