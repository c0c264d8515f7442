import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { stripLayout } from '../src/app/strength/strip-layout.ts';
import { DEFAULT_K, expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

/** A drawn canvas's spread of pixel values (max - min over RGB): 0 for blank or one flat colour. */
function pixelSpread(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let [low, high] = [255, 0];
    data.forEach((v, i) => { if (i % 4 !== 3) [low, high] = [Math.min(low, v), Math.max(high, v)]; });
    return high - low;
  });
}

async function openStrength(page: Page): Promise<void> {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Strength' }).click();
}

test('the strength strip draws S3TA and the ResNet at each step count, and exports the whole strip as one PNG', async ({ page }) => {
  test.setTimeout(240_000);
  await openStrength(page);
  await page.getByLabel('Step counts').fill('2, 5, 8');
  await page.getByRole('button', { name: 'Run the strip' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done');
  await expect(page.getByTestId('strip-view').locator('h2')).toContainText('at 2 / 5 / 8 steps →');

  for (const m of [0, 1]) {
    expect(await pixelSpread(page, `strip-${m}-adversarial-clean`)).toBeGreaterThan(50);
    // each model's own clean prediction: the ResNet's tile said only "clean" before
    await expect(page.getByTestId(`strip-${m}-adversarial-clean`)).toHaveAttribute('aria-label', /^\S.* · target \d+\.\d%$/);
    for (const step of [2, 5, 8]) {
      expect(await pixelSpread(page, `strip-${m}-adversarial-${step}`)).toBeGreaterThan(50);
      // a perturbation on the amplified scale: not flat grey, within ±eps (the caption's L-inf)
      expect(await pixelSpread(page, `strip-${m}-perturbation-${step}`)).toBeGreaterThan(100);
      const linf = await page.getByTestId(`strip-${m}-perturbation-${step}`).getAttribute('aria-label');
      expect(Number(/L∞ ([\d.]+)\/255/.exec(linf!)![1])).toBeLessThanOrEqual(16);
      await expect(page.getByTestId(`strip-${m}-adversarial-${step}`)).toHaveAttribute('aria-label', /· target \d+\.\d%$/);
    }
  }

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download strip PNG' }).click()]);
  const png = fs.readFileSync(await file.path());
  const meta = await sharp(png).metadata();
  const expected = stripLayout(INPUT_SIZE, 4, 4); // clean + 3 step counts; 2 models x (adversarial, perturbation)
  expect([meta.format, meta.width, meta.height]).toEqual(['png', expected.width, expected.height]);
  // the ResNet's step-8 perturbation tile holds the same picture as on screen: not flat
  const tile = await sharp(png).extract({ left: expected.left(3), top: expected.top(3), width: expected.tile, height: expected.tile }).raw().toBuffer();
  expect(tile.reduce((a, v) => Math.max(a, v), 0) - tile.reduce((a, v) => Math.min(a, v), 255)).toBeGreaterThan(100);
});

test('a long strip shows progress and stops at Cancel, keeping the step counts it reached', async ({ page }) => {
  test.setTimeout(180_000);
  await openStrength(page);
  await page.getByLabel('Step counts').fill('3, 400, 1000');
  await page.getByRole('button', { name: 'Run the strip' }).click();
  await expect(page.getByTestId('strip-0-adversarial-3')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('cancelled');
  await expect(page.getByTestId('strip-1-perturbation-3')).toBeVisible();
  await expect(page.getByTestId('strip-0-adversarial-400')).toHaveCount(0);
  await expect(page.getByText('not reached').first()).toBeVisible();
  const progress = page.getByTestId('run-progress').locator('progress');
  const stoppedAt = Number(await progress.getAttribute('value'));
  expect(stoppedAt).toBeLessThan(400);
  await page.waitForTimeout(1500);
  expect(Number(await progress.getAttribute('value'))).toBe(stoppedAt);
  await expect(page.getByRole('button', { name: 'Run the strip' })).toBeEnabled();
});
