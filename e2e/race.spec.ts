import { expect, test } from '@playwright/test';
import { DEFAULT_K, expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

test('the race reads both shipped models at each step count and draws them over eval.json', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Race' }).click();
  await page.getByLabel('Race steps').fill('2, 5');
  await page.getByRole('button', { name: 'Start race' }).click();
  const table = page.getByTestId('race-table');
  await expect(table).toBeVisible();
  // a clean row and one per step count of this run or of eval.json, for the S3TA and the ResNet baseline
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toContainText('clean');
  await expect(rows.filter({ hasText: /^S3TA.*\b5\d+%\d+%/ })).toHaveCount(1);
  expect(await rows.count()).toBeGreaterThanOrEqual(6);
  await expect(table).toContainText('ResNet');
  await expect(page.getByTestId('race-result')).toContainText('Race over 1 image');
  // this run's lines, and eval.json's dashed ones with their intervals
  await expect(page.getByTestId('race-top1').locator('.lines path')).toHaveCount(4);
  await expect(page.getByTestId('race-top1').locator('.lines path[stroke-dasharray]')).toHaveCount(2);
  await expect(table).toContainText(/\d+% \[\d+%–\d+%\], n = \d+/);
});

test('the gallery race goes image by image and can be cancelled', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Race' }).click();
  await page.getByRole('radio', { name: /The \d+ samples/ }).click();
  await page.getByLabel('Race steps').fill('1, 30'); // seconds an image: the count stays on 2 long enough to see
  await page.getByRole('button', { name: 'Start race' }).click();
  await expect(page.getByTestId('race-result')).toContainText('Race over 2 images', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(/Cancelled: \d+ of 12 images done/)).toBeVisible();
  await expect(page.getByTestId('race-table').locator('tbody tr').filter({ hasText: /clean\d+%/ })).toHaveCount(2);
});
