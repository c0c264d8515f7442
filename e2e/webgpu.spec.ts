import { expect, test } from '@playwright/test';
import { chooseK, expectClassified, openApp, testImage, upload } from './helpers.ts';

test('WebGPU (SwiftShader adapter) runs the model', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page, '');
  await expect(page.getByTestId('backend')).toHaveText('backend webgpu');
  await chooseK(page, 2).click();
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, 2);
});
