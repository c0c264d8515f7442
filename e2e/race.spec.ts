import { expect, test } from '@playwright/test';
import { shippedModels } from '../src/engine/node-files.ts';
import { DEFAULT_K, expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

// The race runs every listed model (they share one input size and class list): each S3TA and the ResNet baseline.
const MODELS = shippedModels();
const S3TA_COUNT = MODELS.filter((entry) => !entry.baseline).length;

test('the race reads every shipped model at each step count and draws them over eval.json', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Race' }).click();
  await page.getByLabel('Race steps').fill('2, 5');
  await page.getByRole('button', { name: 'Start race' }).click();
  const table = page.getByTestId('race-table');
  await expect(table).toBeVisible();
  // per model a clean row and one per step count of this run or of eval.json
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toContainText('clean');
  await expect(rows.filter({ hasText: /^S3TA.*\b5\d+%\d+%/ })).toHaveCount(S3TA_COUNT);
  expect(await rows.count()).toBeGreaterThanOrEqual(3 * MODELS.length);
  await expect(table).toContainText('ResNet');
  await expect(page.getByTestId('race-result')).toContainText('Race over 1 image');
  // this run's lines, and eval.json's dashed ones with their intervals
  await expect(page.getByTestId('race-top1').locator('.lines path')).toHaveCount(2 * MODELS.length);
  await expect(page.getByTestId('race-top1').locator('.lines path[stroke-dasharray]')).toHaveCount(MODELS.length);
  // a log-like step axis: this run's 2 and 5 steps apart from 0, and eval.json's 100 on the same axis
  const ticks = await page.getByTestId('race-top1').locator('.x-axis .tick text').allTextContents();
  expect(ticks).toEqual(expect.arrayContaining(['0', '2', '5', '10', '100']));
  await expect(table).toContainText(/\d+% \[\d+%–\d+%\], n = \d+/);
  await expect(page.getByTestId('race-reference-note')).toContainText('Dashed: the same attack');
  // on one image models often tie: their lines nest by width instead of hiding one another
  const widths = await page.getByTestId('race-top1').locator('.lines path:not([stroke-dasharray])')
    .evaluateAll((paths) => paths.map((path) => Number(path.getAttribute('stroke-width'))));
  expect(widths).toEqual([...widths].sort((a, b) => b - a));
  expect(new Set(widths).size).toBe(MODELS.length);
});

test('at an ε eval.json lacks, the race says there is nothing to compare with instead of naming dashed lines', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Race' }).click();
  await page.getByLabel('Race steps').fill('1');
  await page.getByLabel('ε', { exact: true }).fill('20');
  await page.getByRole('button', { name: 'Start race' }).click();
  await expect(page.getByTestId('race-table')).toBeVisible();
  await expect(page.getByTestId('race-top1').locator('.lines path[stroke-dasharray]')).toHaveCount(0);
  await expect(page.getByTestId('race-reference-note')).toContainText('No dashed lines: the models\' eval.json has no targeted PGD at ε 20/255');
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
  await expect(page.getByTestId('race-table').locator('tbody tr').filter({ hasText: /clean\d+%/ })).toHaveCount(MODELS.length);
});
