import { expect, test } from '@playwright/test';
import { chooseK, DEFAULT_K, expectClassified, openApp, testImage, upload } from './helpers.ts';

test('with no flag the app picks wasm over software WebGPU (SwiftShader), says why, and shows maps fast', async ({ page }) => {
  const started = Date.now();
  await openApp(page, '');
  await expect(page.getByTestId('backend')).toContainText(/backend wasm — WebGPU is (software here|a software fallback adapter)/);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  console.log(`no flags: backend wasm, first attention maps ${((Date.now() - started) / 1000).toFixed(1)} s after load started`);
});

test('?backend=webgpu still forces WebGPU (SwiftShader adapter), which runs the model', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page, '?backend=webgpu');
  await expect(page.getByTestId('backend')).toHaveText('backend webgpu');
  await chooseK(page, 2).click();
  await upload(page, 'disc.png', 'image/png', await testImage());
  // the first pass compiles WebGPU kernels for seconds: the views say so instead of "Glance 0 of 0" / "No image yet"
  await expect(page.getByRole('heading', { name: 'Classifying…' })).toBeVisible();
  await expect(page.getByTestId('glance-index')).toHaveCount(0);
  await expectClassified(page, 2);
});
