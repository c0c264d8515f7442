import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { baselineEntry } from '../src/engine/model-index.ts';
import { shippedModels } from '../src/engine/node-files.ts';
import { chooseK, datasetImage, DEFAULT_K, expectClassified, openApp, testImage, upload } from './helpers.ts';

test('an image the test makes shows top-5 and k x 4 attention maps, and the crop', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  await expect(page.locator('.source figcaption')).toContainText('200×150, centre crop 150²');
  await expect(page.getByTestId('glance-index')).toHaveText(String(DEFAULT_K));
  await expect(page.getByTestId('probability-chart')).toBeVisible();
});

test('a dataset image from ../shared is classified', async ({ page }) => {
  const file = datasetImage();
  test.skip(!file, 'no ../shared/data/imagenette here');
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(file!);
  await expectClassified(page, DEFAULT_K);
});

test('the arrow keys step through glances and heads', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  await page.locator('body').press('ArrowLeft');
  await page.locator('body').press('ArrowLeft');
  await expect(page.getByTestId('glance-index')).toHaveText(String(DEFAULT_K - 2));
  await page.locator('body').press('ArrowRight');
  await expect(page.getByTestId('glance-index')).toHaveText(String(DEFAULT_K - 1));
  await page.locator('body').press('ArrowUp');
  await expect(page.getByRole('radiogroup', { name: 'Head' }).getByRole('radio', { name: '1', exact: true })).toHaveAttribute('aria-checked', 'true');
  const head2 = page.getByRole('radiogroup', { name: 'Head' }).getByRole('radio', { name: '2', exact: true });
  await head2.click(); // a mouse click on a radio group leaves the arrows to the glances, as the hint says
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('glance-index')).toHaveText(String(DEFAULT_K - 2));
  await expect(head2).toHaveAttribute('aria-checked', 'true');
});

test('changing k runs the model again', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  for (const k of [2, 16, 4]) {
    await chooseK(page, k).click();
    await expectClassified(page, k);
    await expect(page.getByTestId('timing')).toContainText(`k=${k}`);
  }
});

test('the k buttons switch to the S3TA trained for that k; "keep model" runs the current one at any k', async ({ page }) => {
  const [four, sixteen] = [4, 16].map((k) => shippedModels().find((entry) => entry.k === k));
  test.skip(!four || !sixteen, 'needs models/index.json entries trained for k = 4 and k = 16');
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  for (const entry of [four!, sixteen!]) await expect(page.getByLabel('Model', { exact: true }).locator('option', { hasText: entry.label })).toHaveCount(1);
  await chooseK(page, 4).click();
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(four!.name);
  await expect(page.getByTestId('trained-k')).toHaveText('trained for k = 4');
  await expectClassified(page, 4);
  await page.getByLabel('keep model').check();
  await chooseK(page, 16).click();
  await expectClassified(page, 16);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(four!.name);
  await expect(page).toHaveURL(/pin=1/);
});

test('a non-image, a truncated JPEG and an empty file each give a clear error, and the app keeps working', async ({ page }) => {
  await openApp(page);
  const jpeg = await sharp(await testImage()).jpeg().toBuffer();
  const cases: [string, string, Buffer, RegExp][] = [
    ['notes.txt', 'text/plain', Buffer.from('not an image at all'), /notes\.txt could not be decoded as an image/],
    ['cut.jpg', 'image/jpeg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), /cut\.jpg is a truncated JPEG/],
    ['empty.png', 'image/png', Buffer.alloc(0), /empty\.png is empty \(0 bytes\)/],
  ];
  for (const [name, type, buffer, message] of cases) {
    await upload(page, name, type, buffer);
    await expect(page.getByRole('alert')).toHaveText(message);
  }
  await upload(page, 'disc.jpg', 'image/jpeg', jpeg);
  await expectClassified(page, DEFAULT_K);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('without WebGPU the app falls back and says so', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await expect(page.getByTestId('backend')).not.toContainText('webgpu');
  await expect(page.getByTestId('fallback')).toContainText('webgpu (');
});

test('the model picker switches to the baseline and the model card shows the eval table', async ({ page }) => {
  const baseline = baselineEntry(shippedModels());
  test.skip(!baseline, 'no baseline model shipped');
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('button', { name: 'Model card' }).click();
  await expect(page.getByRole('dialog', { name: 'Model card' })).toContainText('S3TA');
  await page.keyboard.press('Escape');
  await page.getByLabel('Model', { exact: true }).selectOption(baseline!.name);
  await expect(page.getByText('ResNet baseline (no attention)')).toBeVisible();
  await expect(page.getByTestId('top5').locator('li')).toHaveCount(5);
});

test('a link to a model that is not there says so, and the picker leads back to a shipped one', async ({ page }) => {
  await page.goto('/?backend=wasm&model=nonexistent');
  await expect(page.getByTestId('load-state')).toContainText('nonexistent');
  const picker = page.getByLabel('Model', { exact: true });
  await expect(picker).toHaveValue('nonexistent');
  await picker.selectOption(shippedModels()[0].name);
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
});

test('after load, no request leaves localhost', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['localhost', '127.0.0.1'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) outside.push(request.url());
  });
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  expect(outside).toEqual([]);
});

test('keyboard: Tab reaches "Choose image…", arrows move within radio groups and tabs, Space presses the focused control', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  const chooser = page.getByRole('button', { name: 'Choose image…' });
  for (let i = 0; i < 30 && !(await chooser.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(chooser).toBeFocused();
  const heads = page.getByRole('radiogroup', { name: 'Head' });
  await heads.getByRole('radio', { name: 'all' }).focus();
  await page.keyboard.press('ArrowRight'); // wraps from "all" to head 1
  await expect(heads.getByRole('radio', { name: '1', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(heads.getByRole('radio', { name: '1', exact: true })).toBeFocused();
  await expect(page.getByTestId('glance-index')).toHaveText(String(DEFAULT_K)); // the arrow moved the head, not the glance
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible(); // Space pressed the radio, playback did not start
  const k = page.getByRole('radiogroup', { name: 'Glances (k)' });
  const ks = (await k.getByRole('radio').allTextContents()).map(Number);
  await k.getByRole('radio', { name: String(DEFAULT_K), exact: true }).focus();
  await page.keyboard.press('ArrowLeft'); // the k before the trained one
  await expectClassified(page, ks[ks.indexOf(DEFAULT_K) - 1]);
  const tabs = page.getByRole('tablist', { name: 'Views' });
  await tabs.getByRole('tab', { name: 'Look' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'Attack' })).toHaveAttribute('aria-selected', 'true');
});

test('?backend=foo says what went wrong where the image would be, and loading the page does not dim it', async ({ page }) => {
  await page.goto('/?backend=foo');
  await expect(page.getByTestId('load-error')).toHaveText(/unknown backend "foo"; valid: webgpu, webgl, wasm, cpu/);
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  const outside = await page.evaluate(() => {
    const box = document.querySelector('.crop-box')!;
    const frame = box.parentElement!;
    return getComputedStyle(frame).overflow;
  });
  expect(outside).toBe('hidden');
});

test('the sample gallery loads an ImageNet val image with its object box, which the attack view measures against', async ({ page }) => {
  await openApp(page);
  const samples = page.getByTestId('sample');
  expect(await samples.count()).toBeGreaterThanOrEqual(10);
  await page.getByRole('button', { name: 'Sample: church' }).click();
  await expectClassified(page, DEFAULT_K);
  await expect(page.locator('.file-name')).toContainText('church (sample');
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Steps', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByText(/Attention inside the object \(ImageNet box\): clean \d+%/)).toBeVisible();
  await expect(page.getByTestId('pull-chart')).toBeVisible();
});

test('the square crop of a wide image can be moved (drag or arrow keys), and the model sees the new crop', async ({ page }) => {
  await openApp(page);
  await upload(page, 'wide.png', 'image/png', await testImage(800, 100));
  await expectClassified(page, DEFAULT_K);
  const box = page.getByTestId('crop-box');
  const left = async () => Number((await box.getAttribute('style'))!.match(/left: ([\d.]+)%/)![1]);
  expect(await left()).toBeCloseTo(43.75, 1); // centred: (800 - 100) / 2 / 800
  const before = await page.getByTestId('main-view').screenshot();
  await box.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(left).toBeGreaterThan(80);
  await expect(box).toHaveAttribute('aria-valuetext', /centre at 94%/); // as far right as the crop can go
  await expectClassified(page, DEFAULT_K);
  await expect.poll(async () => (await page.getByTestId('main-view').screenshot()).equals(before)).toBe(false);
  const frame = page.locator('.crop-frame');
  const rect = (await frame.boundingBox())!;
  await page.mouse.move(rect.x + rect.width * 0.8, rect.y + rect.height / 2);
  await page.mouse.down();
  await page.mouse.move(rect.x + 5, rect.y + rect.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(left).toBeLessThan(5);
});
