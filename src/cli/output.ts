// Writing results without ever losing a file: outputs are checked before any work, written to a temporary file
// in the same folder and renamed over the target, and never written over an input.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The canonical path of a file that may not exist yet (its folder's real path + its name). */
async function canonical(file: string): Promise<string> {
  const resolved = path.resolve(file);
  const real = await realpath(resolved).catch(() => null);
  if (real) return real;
  const dir = await realpath(path.dirname(resolved)).catch(() => path.dirname(resolved));
  return path.join(dir, path.basename(resolved));
}

/**
 * Throws, before any work, unless `out` can be written as a PNG: a .png name, not one of `inputs`, not a folder,
 * in a folder that exists and is writable.
 */
export async function checkOutput(out: string, inputs: string[]): Promise<void> {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') {
    throw new Error(`--out ${out}: JPEG is lossy and would move pixels outside the attack's eps ball; write a .png`);
  }
  if (ext !== '.png') throw new Error(`--out ${out}: the adversarial image is written as PNG; name it *.png`);
  const target = await canonical(out);
  for (const input of inputs) {
    if (target === await canonical(input)) throw new Error(`--out ${out} is the input image: choose another name, the input is never overwritten`);
  }
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`--out ${out} is a folder`);
  await access(path.dirname(target), constants.W_OK).catch(() => {
    throw new Error(`--out ${out}: cannot write in ${path.dirname(target)} (missing or not writable)`);
  });
}

/** Writes `bytes` to `file` atomically: a temporary file beside it, then a rename. */
export async function writeAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

/** File names for per-input outputs that never collide: the base name, with "-2", "-3"... until it is new. */
export function uniqueNames(files: string[], suffix: string): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const base = path.basename(file);
    let name = `${base}${suffix}`;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}${suffix}`;
    taken.add(name);
    return name;
  });
}
