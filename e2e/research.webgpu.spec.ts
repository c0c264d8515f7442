// The research views on WebGPU (SwiftShader here: slow, so the smallest grid, one or two steps, few samples).
import { expect, test } from '@playwright/test';
import { shippedModels } from '../src/engine/node-files.ts';
import { chooseK, expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

test('?backend=webgpu computes a landscape, runs a race, a strength strip and a masking check', async ({ page }) => {
  test.setTimeout(900_000);
  await openApp(page, '?backend=webgpu');
  await expect(page.getByTestId('backend')).toHaveText('backend webgpu');
  await chooseK(page, 2).click();
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, 2);

  await page.getByRole('tab', { name: 'Landscape' }).click();
  await page.getByLabel('Grid', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Compute landscape' }).click();
  await expect(page.getByTestId('landscape-heatmap').locator('.cells rect')).toHaveCount(9, { timeout: 300_000 });
  await expect(page.getByTestId('landscape-r2')).toContainText(/R² = \d\.\d{3}/);

  await page.getByRole('tab', { name: 'Race' }).click();
  await page.getByLabel('Race steps').fill('1');
  await page.getByRole('button', { name: 'Start race' }).click();
  await expect(page.getByTestId('race-table').locator('tbody tr').filter({ hasText: /clean\d+%/ })).toHaveCount(shippedModels().length, { timeout: 300_000 });

  await page.getByRole('tab', { name: 'Strength' }).click();
  await page.getByLabel('Step counts').fill('1, 2');
  await page.getByRole('button', { name: 'Run the strip' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 300_000 });
  await expect(page.getByTestId('strip-1-perturbation-2')).toBeVisible();

  await page.getByRole('tab', { name: 'Masking check' }).click();
  await page.getByLabel('Steps', { exact: true }).fill('2');
  await page.getByLabel('Samples', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 300_000 });
  await expect(page.getByTestId('masking-verdict')).toBeVisible();
});
