// Hostile input in the browser: strict CSP with no violation, 404s under /models, huge images refused from their
// header, strict numbers in the attack form, Look responsive during an attack (memory.spec.ts: long attacks).
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { shippedModelDir } from '../src/engine/node-files.ts';
import { DEFAULT_K, expectClassified, openApp, startAttack, testImage, upload } from './helpers.ts';

test('the app runs under a strict CSP with no violation, with nosniff, and /models answers 404 for what is missing', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto('/?backend=wasm');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Steps', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await page.getByRole('button', { name: 'Model card' }).click();
  await expect(page.getByRole('dialog', { name: 'Model card' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  const shipped = `/${shippedModelDir('default')}`; // a listed model: its fixtures (which exist) are not served
  for (const path of [`${shipped}/missing.bin`, '/models/nope/manifest.json', `${shipped}/fixtures.bin`]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
});

test('a 20000 x 20000 PNG is refused from its header, before any decoding', async ({ page }) => {
  await openApp(page);
  const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
  const huge = Buffer.from(small);
  huge.writeUInt32BE(20000, 16); // IHDR width and height: the header lies, the decoder never runs
  huge.writeUInt32BE(20000, 20);
  await upload(page, 'huge.png', 'image/png', huge);
  await expect(page.getByRole('alert')).toHaveText(/huge\.png is 20000x20000 \(400 MP\): over the 50 MP limit/);
});

test('the attack form parses numbers strictly, shows the error beside the field, and will not start', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Attack' }).click();
  const start = page.getByRole('button', { name: 'Start attack' });
  for (const [field, text, message] of [['ε', '', 'ε: must be a number, got ""'], ['ε', '0', 'ε: must be in (0, 255]'],
    ['Steps', '100000', 'Steps: must be in [1, 1000]'], ['Steps', '2.5', 'Steps: must be an integer'], ['Seed', 'abc', 'Seed: must be an integer']]) {
    await page.getByLabel(field, { exact: true }).fill(text);
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(start).toBeDisabled();
    await page.getByLabel(field, { exact: true }).fill(field === 'ε' ? '16' : field === 'Steps' ? '10' : '0');
    await expect(start).toBeEnabled();
  }
});

test('Look stays responsive while an attack runs in its own worker', async ({ page }) => {
  await startAttack(page, 1000);
  await expect(page.getByTestId('attack-status')).toHaveText('running');
  await page.getByRole('tab', { name: 'Look' }).click();
  const first = await page.getByTestId('top5').innerText();
  await upload(page, 'other.png', 'image/png', await sharp(await testImage(300, 200)).negate().png().toBuffer());
  await expect(page.getByTestId('top5')).not.toHaveText(first, { timeout: 15_000 });
  await page.getByRole('tab', { name: 'Attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  // the run was on the first image: cancelled, it leaves the panel ready for this one
  await expect(page.getByRole('button', { name: 'Start attack' })).toBeVisible();
  await expect(page.getByTestId('attack-progress')).toHaveCount(0);
});
