import { expect, test } from '@playwright/test';
import { DEFAULT_K, expectClassified, openApp } from './helpers.ts';

test('a webcam snapshot (Chromium\'s fake camera) is classified', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Webcam' }).click();
  await expect(page.locator('video.camera')).toBeVisible();
  await page.waitForFunction(() => ((document.querySelector('video.camera') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0);
  await page.getByRole('button', { name: 'Take snapshot' }).click();
  await expectClassified(page, DEFAULT_K);
  await expect(page.locator('.source figcaption')).toContainText('webcam snapshot.png');
});
