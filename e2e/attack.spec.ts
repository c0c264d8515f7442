import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

test('a targeted attack streams frames, raises the target, pauses, resumes, cancels, and exports a PNG within eps', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  const clean = await testImage(INPUT_SIZE, INPUT_SIZE); // at the input size: the model sees these exact pixels
  await upload(page, 'disc.png', 'image/png', clean);
  await expectClassified(page, 8);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Target class').selectOption({ index: 3 });
  await page.getByLabel('Steps', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByTestId('frame-step')).toHaveText('12');
  const json = await download(page, 'Download run JSON');
  const run = JSON.parse(fs.readFileSync(json, 'utf8'));
  expect(run.steps).toHaveLength(12);
  const target = run.steps.map((s: { models: { targetProbability: number }[] }) => s.models[0].targetProbability);
  expect(target.at(-1)).toBeGreaterThan(target[0]);
  expect(Math.max(...run.steps.map((s: { models: { linf: number }[] }) => s.models[0].linf))).toBeLessThanOrEqual(16 / 255 + 1e-6);

  const png = await download(page, 'Download adversarial PNG');
  const adversarial = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const original = await sharp(clean).raw().toBuffer();
  expect([adversarial.info.width, adversarial.info.height]).toEqual([INPUT_SIZE, INPUT_SIZE]);
  const linf = Math.max(...Array.from(adversarial.data, (v, i) => Math.abs(v - original[i])));
  expect(linf).toBeLessThanOrEqual(16);
  expect(linf).toBeGreaterThan(0);

  await page.getByLabel('Steps', { exact: true }).fill('400');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-step')).not.toHaveText('0');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('paused');
  await page.waitForTimeout(500); // a frame already in flight may still land
  const pausedAt = await page.getByTestId('attack-step').innerText();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('attack-step')).toHaveText(pausedAt);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('attack-step')).not.toHaveText(pausedAt);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('cancelled');
  const stoppedAt = Number(await page.getByTestId('attack-step').innerText());
  expect(stoppedAt).toBeLessThan(400);
  await page.waitForTimeout(1000);
  expect(Number(await page.getByTestId('attack-step').innerText())).toBe(stoppedAt);
});

test('FGSM from the attack registry: one step, no steps field; settings survive a trip to the Look tab', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, 8);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Attack type').selectOption('fgsm');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveCount(0);
  await page.getByLabel('ε', { exact: true }).fill('8');
  await page.getByRole('tab', { name: 'Look' }).click();
  await page.getByRole('tab', { name: 'Attack' }).click();
  await expect(page.getByLabel('Attack type')).toHaveValue('fgsm');
  await expect(page.getByLabel('ε', { exact: true })).toHaveValue('8');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByTestId('frame-step')).toHaveText('1');
  const run = JSON.parse(fs.readFileSync(await download(page, 'Download run JSON'), 'utf8'));
  expect(run.settings.attack).toBe('fgsm');
  expect(run.steps).toHaveLength(1);
  expect(run.steps[0].models[0].linf).toBeCloseTo(8 / 255, 5);
});

async function download(page: import('@playwright/test').Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return file.path();
}
