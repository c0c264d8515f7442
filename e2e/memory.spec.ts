// Bounded memory in long attacks (run with MEMORY_ARGS: exact heap sizes and window.gc()).
import { expect, test } from '@playwright/test';
import { expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

test('a 1000-step attack keeps the page heap under 50 MB above its start and the worker\'s tensor count flat', async ({ page }) => {
  test.setTimeout(600_000);
  await openApp(page, '?backend=wasm&bench&k=4'); // memory does not depend on k; k = 4 keeps 1000 steps in minutes
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, 4);
  await page.getByRole('tab', { name: 'Attack' }).click();
  const heap = () => page.evaluate(() => {
    (window as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
  const tensors = () => page.evaluate(() => (window as unknown as { saccadeAttackMemory(): Promise<{ numTensors: number }> }).saccadeAttackMemory()).then((m) => m.numTensors);
  await page.getByLabel('Steps', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  const [heapBefore, tensorsBefore] = [await heap(), await tensors()];
  await page.getByLabel('Steps', { exact: true }).fill('1000');
  const started = Date.now();
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done', { timeout: 540_000 });
  const [heapAfter, tensorsAfter] = [await heap(), await tensors()];
  console.log(`1000-step attack (S3TA + ResNet, wasm): ${((Date.now() - started) / 1000).toFixed(0)} s; page heap ${(heapBefore / 1e6).toFixed(1)} -> ${(heapAfter / 1e6).toFixed(1)} MB; worker tensors ${tensorsBefore} -> ${tensorsAfter}`);
  expect(heapAfter - heapBefore).toBeLessThan(50e6);
  expect(tensorsAfter).toBe(tensorsBefore);
});
