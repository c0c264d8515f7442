import { expect, test, type Page } from '@playwright/test';
import { BASELINE_LABEL, DEFAULT_K, expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

/** On the Landscape tab with the test's disc image: computes a grid x grid landscape. */
async function computeLandscape(page: Page, grid: number): Promise<void> {
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Landscape' }).click();
  await page.getByLabel('Grid', { exact: true }).fill(String(grid));
  await page.getByRole('button', { name: 'Compute landscape' }).click();
}

test('the landscape draws a heatmap with contours, both slices and the plane fit R²', async ({ page }) => {
  await openApp(page);
  await computeLandscape(page, 7);
  const result = page.getByTestId('landscape-result');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('landscape-heatmap').locator('.cells rect')).toHaveCount(49);
  expect(await page.locator('.contours path').count()).toBeGreaterThan(1);
  await expect(page.getByTestId('landscape-slices').locator('.lines path')).toHaveCount(2);
  const r2 = Number((await page.getByTestId('landscape-r2').textContent())!.match(/R² = ([\d.]+)/)![1]);
  expect(r2).toBeGreaterThanOrEqual(0);
  expect(r2).toBeLessThanOrEqual(1);
  // the colours span the loss: the cells are not all one colour
  const fills = await page.locator('.cells rect').evaluateAll((rects) => new Set(rects.map((r) => r.getAttribute('fill'))).size);
  expect(fills).toBeGreaterThan(5);
});

test('a landscape can be cancelled, and the ResNet baseline has one too', async ({ page }) => {
  await openApp(page);
  await computeLandscape(page, 101);
  await expect(page.getByTestId('landscape-progress')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled.')).toBeVisible();
  await expect(page.getByTestId('landscape-result')).toHaveCount(0);

  await page.getByLabel('Model', { exact: true }).selectOption({ label: BASELINE_LABEL });
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await page.getByLabel('Grid', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Compute landscape' }).click();
  await expect(page.getByTestId('landscape-heatmap').locator('.cells rect')).toHaveCount(25);
  await expect(page.getByTestId('landscape-result')).toContainText('ResNet');
});
