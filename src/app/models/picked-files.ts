// The files of a model folder the user dropped or picked, by plain file name: what the worker's blobReader reads.

/** A file the user gave, with its path in what was given: "folder/name", or "name" for a loose file. */
export interface PickedFile {
  path: string;
  file: File;
}

/** One model folder: its own files (not its subfolders'; nothing hidden) by name, and its name when it had one. */
export function modelFolder(picked: PickedFile[]): { folder: string | null; files: Map<string, File> } {
  const top = picked.map(({ path, file }) => ({ parts: path.split('/').filter(Boolean), file }))
    .filter(({ parts }) => parts.length <= 2 && !parts[parts.length - 1].startsWith('.'));
  const folders = [...new Set(top.filter(({ parts }) => parts.length === 2).map(({ parts }) => parts[0]))];
  if (folders.length > 1) throw new Error(`one model folder at a time: got ${folders.join(', ')}`);
  const files = new Map<string, File>();
  for (const { parts, file } of top) {
    const name = parts[parts.length - 1];
    if (files.has(name)) throw new Error(`two files named ${name}: give one model folder, or its files`);
    files.set(name, file);
  }
  return { folder: folders[0] ?? null, files };
}

/** An <input type=file> selection: a folder's files carry their path in it (webkitdirectory), others do not. */
export function inputFiles(list: FileList): PickedFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** A drop's files: a dropped folder's own files, and loose files. Items are read during the event, as they must be. */
export async function droppedFiles(data: DataTransfer): Promise<PickedFile[]> {
  const items = [...data.items].filter((item) => item.kind === 'file').map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  const groups = await Promise.all(items.map(({ entry, file }) => (entry?.isDirectory
    ? directoryFiles(entry as FileSystemDirectoryEntry)
    : Promise.resolve(file ? [{ path: file.name, file }] : []))));
  return groups.flat();
}

async function directoryFiles(directory: FileSystemDirectoryEntry): Promise<PickedFile[]> {
  const reader = directory.createReader();
  const entries: FileSystemEntry[] = [];
  for (;;) { // readEntries answers in batches, then with an empty one
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    entries.push(...batch);
  }
  const files = entries.filter((entry): entry is FileSystemFileEntry => entry.isFile);
  return Promise.all(files.map((entry) => new Promise<PickedFile>((resolve, reject) => {
    entry.file((file) => resolve({ path: `${directory.name}/${file.name}`, file }), reject);
  })));
}
