// Model folders on disk, for Node (the CLI and tests): a FileReader confined to the folder, regular files only (no
// FIFO, device or symlink), never more than the caller's byte limit; and the shipped models of models/index.json.
import fs, { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { checkFileName, type FileReader } from './load.ts';
import { baselineEntry, defaultEntry, parseModelIndex, type ModelEntry } from './model-index.ts';

export function folderReader(dir: string): FileReader {
  return async (name, maxBytes) => {
    const file = path.join(dir, checkFileName(name));
    // O_NONBLOCK: opening a FIFO returns at once (and fstat then refuses it) instead of waiting for a writer
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'ELOOP' ? 'is a symbolic link; model files must be regular files' : e.message;
      throw new Error(`${file}: ${why}`);
    });
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${file}: not a regular file`);
      if (stat.size > maxBytes) throw new Error(`${file}: ${stat.size} bytes, more than the ${maxBytes} the manifest declares`);
      const bytes = new Uint8Array(stat.size);
      const { bytesRead } = await handle.read(bytes, 0, stat.size, 0);
      return bytes.buffer.slice(0, bytesRead) as ArrayBuffer;
    } finally {
      await handle.close();
    }
  };
}

/** models/index.json's entries (relative to the working directory, like every models/ path the CLI takes). */
export function shippedModels(): ModelEntry[] {
  return parseModelIndex(fs.readFileSync(path.join('models', 'index.json'), 'utf8'));
}

/** A listed model's folder: models/<name>. */
export const modelDir = (entry: ModelEntry): string => path.join('models', entry.name);

/** models/<name> of the default model (the first listed) or of the baseline. */
export function shippedModelDir(role: 'default' | 'baseline'): string {
  const entries = shippedModels();
  const entry = role === 'default' ? defaultEntry(entries) : baselineEntry(entries);
  if (!entry) throw new Error('models/index.json marks no model as baseline');
  return modelDir(entry);
}
