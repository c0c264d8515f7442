import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { baselineEntry } from '../src/engine/model-index.ts';
import { shippedModelDir, shippedModels } from '../src/engine/node-files.ts';

export const DATASET_VAL = path.resolve('../shared/data/imagenette/val');

const DEFAULT_MANIFEST = JSON.parse(fs.readFileSync(path.join(shippedModelDir('default'), 'manifest.json'), 'utf8'));
/** The default model's (the first in models/index.json) input size. */
export const INPUT_SIZE: number = DEFAULT_MANIFEST.input.size;
/** The k the default model was trained for: the k the app opens at. */
export const DEFAULT_K: number = DEFAULT_MANIFEST.config.glances;
/** The baseline's label in the model picker. */
export const BASELINE_LABEL: string = baselineEntry(shippedModels())?.label ?? 'no baseline';

/** A PNG the test draws, 200x150 unless told: a warm disc on a cool gradient (not square, so the crop shows). */
export async function testImage(w = 200, h = 150): Promise<Buffer> {
  const pixels = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inDisc = (x - 0.55 * w) ** 2 + (y - 0.47 * h) ** 2 < (0.3 * h) ** 2;
      pixels.set(inDisc ? [230, 140, 40] : [40, 80 + (75 * y) / h, 120 + (100 * x) / w], 3 * (y * w + x));
    }
  }
  return sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

/** The first JPEG of the dataset's val split, when ../shared has it. */
export function datasetImage(): string | null {
  if (!fs.existsSync(DATASET_VAL)) return null;
  const wnid = fs.readdirSync(DATASET_VAL).sort()[0];
  const file = fs.readdirSync(path.join(DATASET_VAL, wnid)).sort()[0];
  return path.join(DATASET_VAL, wnid, file);
}

export async function openApp(page: Page, query = '?backend=wasm'): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
}

export async function upload(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer });
}

export async function expectClassified(page: Page, k: number, heads = 4): Promise<void> {
  await expect(page.getByTestId('top5').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('attention-cell')).toHaveCount(k * heads);
}

export function chooseK(page: Page, k: number) {
  return page.getByRole('radiogroup', { name: 'Glances (k)' }).getByRole('radio', { name: String(k), exact: true });
}

/** Opens the app on the test's disc image at the model's input size (the model sees these exact pixels), then
 * starts an attack of `steps` steps on the Attack tab with the panel's other settings. */
export async function startAttack(page: Page, steps: number): Promise<void> {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Steps', { exact: true }).fill(String(steps));
  await page.getByRole('button', { name: 'Start attack' }).click();
}
