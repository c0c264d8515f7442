// The CLI against hostile flags and files: nothing lost, every error named, batches go on past a bad file.
// Commands run in this process (run(argv)); Ctrl-C is tested on a real process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { shippedModelDir } from '../engine/node-files.ts';
import { run } from './main.ts';

const S3TA = shippedModelDir('default');
const BASELINE = shippedModelDir('baseline');
const SIZE: number = JSON.parse(fs.readFileSync(path.join(S3TA, 'manifest.json'), 'utf8')).config.input_size;
let dir: string;
let photo: string;

/** Runs a command line here; -> exit code and what it printed. */
async function saccade(...args: string[]) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const code = await run(args);
  const text = (spy: typeof log) => spy.mock.calls.map((c) => c.join(' ')).join('\n');
  const printed = { code, stdout: text(log), stderr: text(error) };
  vi.restoreAllMocks(); // the next call in the same test starts with empty spies
  return printed;
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
    const { code, stdout, stderr } = await interrupted('attack', photo, '--steps', '1000', '--backend', 'wasm', '--out', out, '--json');
    expect(stderr).toMatch(/interrupted at step \d+ of 1000: wrote the best adversarial image so far \(step \d+\)/);
    expect(code).toBe(130);
    const row = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(row.interrupted).toBe(true);
    expect(row.linf).toBeLessThanOrEqual(16 / 255 + 1e-6);
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 180_000);
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

describe('saccade check', () => {
  it.each([
    [['--steps', '0'], '--steps: must be in [1, 1000], got "0"'],
    [['--steps', '10.5'], '--steps: must be an integer, got "10.5"'],
    [['--eps', '1/2/3'], '--eps: must be a number or a fraction like 16/255, got "1/2/3"'],
    [['--samples', '0'], '--samples: must be in [1, 128], got "0"'],
    [['--step-size', 'abc'], '--step-size: must be a number or a fraction like 16/255, got "abc"'],
    [['--attack', 'fgsm'], 'check runs both PGD and SPSA: drop --attack'],
    [['--untargeted'], 'check runs targeted attacks: drop --untargeted'],
    [['--out', 'adv.png'], 'check writes no image: drop --out'],
  ])('%j is refused before any work: %s', async (flags, message) => {
    const result = await saccade('check', photo, ...flags);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toContain(message);
  });

  it('runs PGD and SPSA to the same target with their budgets, a loss per step, and a verdict that follows from them; the same seed gives the same run', async () => {
    const args = ['check', photo, '--steps', '2', '--samples', '3', '--k', '1', '--seed', '4', '--json'];
    const first = await saccade(...args);
    expect(first.code).toBe(0);
    const row = JSON.parse(first.stdout);
    expect(row.pgd.settings.target).toBe(row.target);
    expect(row.spsa.settings.target).toBe(row.target);
    expect(row.target).not.toBe(row.source);
    expect([row.pgd.budget, row.spsa.budget]).toEqual([{ forwards: 0, gradients: 2 }, { forwards: 12, gradients: 0 }]);
    for (const attack of [row.pgd, row.spsa]) {
      expect(attack.loss).toHaveLength(2);
      expect(attack.loss.at(-1)).toBeCloseTo(Math.log(attack.targetProbability), 5);
      expect(attack.reached).toBe(attack.prediction === row.target);
    }
    const expected = row.spsa.reached && !row.pgd.reached ? 'masking'
      : !row.spsa.reached && !row.pgd.reached ? (row.spsa.targetProbability > row.pgd.targetProbability ? 'weak' : 'inconclusive') : 'none';
    expect(row.verdict.kind).toBe(expected);
    expect(JSON.parse((await saccade(...args)).stdout)).toEqual(row);

    const text = await saccade('check', photo, '--steps', '2', '--samples', '3', '--k', '1', '--seed', '4');
    expect(text.stdout).toContain('PGD-2: 2 gradients (a forward and a backward pass each)');
    expect(text.stdout).toContain('SPSA-2: 12 forward passes (6 a step)');
    expect(text.stdout).toContain(row.verdict.text);
  });
});

/** Runs the CLI and sends Ctrl-C two seconds after its progress bar (on stderr) shows: a loaded machine may take long to
 * start the attack. */
async function interrupted(...args: string[]): Promise<{ code: unknown; stdout: string; stderr: string }> {
  const child = spawn('node', [path.resolve('bin/saccade.mjs'), ...args]);
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  while (!stderr.includes(`${args[0]} |`)) {
    if (child.exitCode !== null) throw new Error(`saccade ${args[0]} exited ${child.exitCode} before its progress bar: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('saccade strip', () => {
  it.each([
    [['--steps', '100,10'], '--steps: step counts must increase, got "100,10"'],
    [['--steps', '10,2000'], '--steps: must be in [1, 1000], got "2000"'],
    [['--attack', 'spsa'], 'strip runs targeted PGD: drop --attack and --untargeted'],
    [['--out', 'strip.jpg'], 'JPEG is lossy'],
  ])('%j is refused before any work: %s', async (flags, message) => {
    const result = await saccade('strip', photo, '--out', path.join(dir, 'strip.png'), ...flags);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(fs.existsSync(path.join(dir, 'strip.png'))).toBe(false);
  });

  it('writes the grid (clean, then each step count; per model adversarial and perturbation rows) and each tile\'s numbers', async () => {
    const out = path.join(dir, 'strip.png');
    const result = await saccade('strip', photo, '--baseline', BASELINE, '--steps', '1,2', '--k', '1', '--out', out, '--json');
    expect(result.code).toBe(0);
    const row = JSON.parse(result.stdout);
    expect(row.columns).toEqual(['clean', 1, 2]);
    expect(row.rows).toEqual(['s3ta adversarial', 's3ta perturbation', 'resnet adversarial', 'resnet perturbation']);
    expect(row.cells.map((c: { step: number }) => c.step)).toEqual([1, 2]);
    for (const cell of row.cells) {
      expect(cell.models).toHaveLength(2);
      expect(cell.models[1].attention).toBeNull();
      for (const m of cell.models) expect(m.linf).toBeLessThanOrEqual(16 / 255 + 1e-6);
    }
    const png = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([png.info.width, png.info.height]).toEqual([row.width, row.height]);
    const scale = Math.round(192 / SIZE);
    const tile = SIZE * scale;
    expect(row.width).toBe(3 * tile + 2 * 4);
    const at = (x: number, y: number) => Array.from(png.data.subarray(3 * (y * png.info.width + x), 3 * (y * png.info.width + x) + 3));
    const { data: input } = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
    expect(at(scale * 5, scale * 7)).toEqual(Array.from(input.subarray(3 * (7 * SIZE + 5), 3 * (7 * SIZE + 5) + 3))); // the clean tile is the input
    const perturbation = Array.from({ length: tile }, (_, i) => at(tile + 4 + i, tile + 4 + i)[0]); // s3ta, step 1: a diagonal
    expect(Math.max(...perturbation) - Math.min(...perturbation)).toBeGreaterThan(100);
  });

  it('interrupted before its first step count, still names the random target it aimed at', async () => {
    const { code, stdout } = await interrupted('strip', photo, '--steps', '1000', '--backend', 'wasm', '--out', path.join(dir, 'cut.png'), '--json');
    expect(code).toBe(130);
    const row = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect([row.interrupted, row.cells]).toEqual([true, []]);
    expect(row.target).toBeTypeOf('number');
    expect(row.target).not.toBe(row.source);
  }, 180_000);
});

describe('saccade landscape and race', () => {
  it('refuse bad grids, steps and model lists with the reason', async () => {
    const grid = await saccade('landscape', photo, '--grid', '2');
    expect([grid.code, grid.stderr]).toEqual([1, expect.stringContaining('--grid')]);
    const label = await saccade('landscape', photo, '--label', 'random');
    expect([label.code, label.stderr]).toEqual([1, expect.stringContaining('--label takes a class')]);
    const noModels = await saccade('race', photo, '--models', '');
    expect([noModels.code, noModels.stderr]).toEqual([1, expect.stringContaining('--models')]);
    const down = await saccade('race', photo, '--models', 'models/none', '--steps', '10,5'); // refused before any model loads
    expect([down.code, down.stderr]).toEqual([1, expect.stringContaining('--steps: step counts must increase, got "10,5"')]);
  });

  it('landscape prints a grid centred on the clean loss, race a summary per model', async () => {
    const landscape = await saccade('landscape', photo, '--grid', '3', '--k', '2', '--json');
    const row = JSON.parse(landscape.stdout);
    expect([landscape.code, row.grid, row.loss.length, row.loss[0].length, row.offsets[1]]).toEqual([0, 3, 3, 3, 0]);
    const race = await saccade('race', photo, '--models', `${S3TA},${BASELINE}`, '--steps', '1,2', '--json');
    const [image, summary] = race.stdout.split('\n').map((line) => JSON.parse(line));
    expect(race.code).toBe(0);
    expect(image.sourceFrom).toBe('prediction');
    expect(summary.summary.map((m: { model: string; tallies: { step: number }[] }) => [m.model, m.tallies.map((t) => t.step)]))
      .toEqual([[S3TA, [0, 1, 2]], [BASELINE, [0, 1, 2]]]);
  });
});
