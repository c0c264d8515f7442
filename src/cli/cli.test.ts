// The CLI against hostile flags and files: nothing lost, every error named, batches go on past a bad file.
// Commands run in this process (run(argv)); Ctrl-C is tested on a real process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from './main.ts';

const SIZE: number = JSON.parse(fs.readFileSync('models/s3ta/manifest.json', 'utf8')).config.input_size;
let dir: string;
let photo: string;

/** Runs a command line here; -> exit code and what it printed. */
async function saccade(...args: string[]) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const code = await run(args);
  const text = (spy: typeof log) => spy.mock.calls.map((c) => c.join(' ')).join('\n');
  return { code, stdout: text(log), stderr: text(error) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saccade-cli-'));
  photo = path.join(dir, 'photo.jpg');
  const pixels = Buffer.alloc(SIZE * SIZE * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 251;
  await sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg().toFile(photo);
});

afterEach(() => vi.restoreAllMocks());

describe('saccade attack', () => {
  it('refuses to write over its input, and leaves the input as it was', async () => {
    const before = fs.readFileSync(photo);
    const jpeg = await saccade('attack', photo, '--out', path.join(dir, '..', path.basename(dir), 'photo.jpg'));
    expect([jpeg.code, jpeg.stderr]).toEqual([1, expect.stringContaining('JPEG is lossy')]);
    const png = path.join(dir, 'same.png');
    fs.copyFileSync(photo, png);
    const same = await saccade('attack', png, '--out', path.join(dir, '.', 'same.png'));
    expect(same.stderr).toContain('is the input image: choose another name');
    expect(fs.readFileSync(photo)).toEqual(before);
  });

  it.each([
    [['--out', 'adv.gif'], 'the adversarial image is written as PNG'],
    [['--out', '/no/such/folder/adv.png'], 'cannot write in /no/such/folder (missing or not writable)'],
    [['--eps', ''], '--eps: must be a number or a fraction like 16/255, got ""'],
    [['--eps', '1/2/3'], '--eps: must be a number or a fraction like 16/255, got "1/2/3"'],
    [['--eps', '0'], '--eps: must be in (0/255, 255/255], got "0"'],
    [['--step-size', '0'], '--step-size: must be in [0.01/255, 64/255], got "0"'],
    [['--step-size=-1/255'], '--step-size: must be in [0.01/255, 64/255], got "-1/255"'],
    [['--seed', 'abc'], '--seed: must be an integer, got "abc"'],
    [['--steps', '100000'], '--steps: must be in [1, 1000], got "100000"'],
    [['--k', '0'], '--k: must be in [1, 16], got "0"'],
    [['--attack', 'fgsm', '--steps', '5'], '--attack fgsm takes one step: drop --steps'],
  ])('%j is refused before any work: %s', async (flags, message) => {
    const out = path.join(dir, 'adv.png');
    const result = await saccade('attack', photo, '--out', out, ...flags);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('on Ctrl-C writes the best adversarial image so far and says so', async () => {
    const out = path.join(dir, 'interrupted.png');
    const child = spawn('node', [path.resolve('bin/saccade.mjs'), 'attack', photo, '--steps', '1000', '--backend', 'wasm', '--out', out, '--json']);
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/interrupted at step \d+ of 1000: wrote the best adversarial image so far \(step \d+\)/);
    expect(code).toBe(130);
    const row = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(row.interrupted).toBe(true);
    expect(row.linf).toBeLessThanOrEqual(16 / 255 + 1e-6);
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});

describe('saccade classify', () => {
  it('goes on past a bad file, names it, exits non-zero, and keeps attention files apart', async () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other, { recursive: true });
    fs.copyFileSync(photo, path.join(other, 'photo.jpg'));
    fs.writeFileSync(path.join(dir, 'broken.png'), 'not a png');
    const huge = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
    huge.writeUInt32BE(20000, 16); // the header claims 20000 x 20000: refused before decoding
    huge.writeUInt32BE(20000, 20);
    fs.writeFileSync(path.join(dir, 'huge.png'), huge);
    const maps = path.join(dir, 'maps');
    const result = await saccade('classify', photo, path.join(dir, 'broken.png'), path.join(dir, 'huge.png'), path.join(other, 'photo.jpg'), '--json', '--attention', maps);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken.png could not be decoded as an image');
    expect(result.stderr).toContain('huge.png is 20000x20000 (400 MP): over the 50 MP limit');
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((r) => Boolean(r.error))).toEqual([false, true, true, false]);
    expect(fs.readdirSync(maps).sort()).toEqual(['photo.jpg-2.attention.json', 'photo.jpg.attention.json']);
  });
});
