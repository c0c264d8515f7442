// FileReaders for the browser (node-files.ts is Node's): a model folder at a URL, read with fetch, and the files
// of a folder the user dropped or picked. Both read by plain file name only, and never more than the byte limit.
import { checkFileName, type FileReader, type Progress } from './load.ts';

/** Fetches the files of the folder at `folderUrl` (ending in "/"), streaming; `onWeights` follows the .bin files. */
export function urlReader(folderUrl: string, onWeights?: Progress): FileReader {
  return async (file, maxBytes) => {
    const url = new URL(checkFileName(file), folderUrl).href;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (response.headers.get('Content-Type')?.startsWith('text/html')) throw new Error(`${url}: the server answered with a web page (missing?)`);
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (total > maxBytes) throw new Error(`${url}: ${total} bytes, more than the ${maxBytes} the manifest declares`);
    if (!response.body) throw new Error(`${url}: empty response`);
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (const reader = response.body.getReader(); ;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.length;
      if (loaded > maxBytes) {
        await reader.cancel();
        throw new Error(`${url}: more than the ${maxBytes} bytes the manifest declares`);
      }
      chunks.push(value);
      if (file.endsWith('.bin')) onWeights?.(loaded, total || loaded);
    }
    return new Blob(chunks as BlobPart[]).arrayBuffer();
  };
}

/** Reads the user's files, by plain name: a name that is not among them is missing, whatever it looks like. */
export function blobReader(files: ReadonlyMap<string, Blob>): FileReader {
  return async (name, maxBytes) => {
    const file = files.get(checkFileName(name));
    if (!file) throw new Error(`${name} is missing: the files given are ${[...files.keys()].sort().join(', ') || 'none'}`);
    if (file.size > maxBytes) throw new Error(`${name}: ${file.size} bytes, more than the ${maxBytes} the manifest declares`);
    return file.arrayBuffer();
  };
}
