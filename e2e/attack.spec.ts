import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { chooseK, DEFAULT_K, expectClassified, INPUT_SIZE, openApp, startAttack, testImage, upload } from './helpers.ts';

test('a targeted attack streams frames, raises the target, pauses, resumes, cancels, and exports a PNG within eps', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  const clean = await testImage(INPUT_SIZE, INPUT_SIZE); // at the input size: the model sees these exact pixels
  await upload(page, 'disc.png', 'image/png', clean);
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Target class').selectOption({ index: 3 });
  await page.getByLabel('Steps', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByTestId('frame-step')).toHaveText('12');
  const json = await download(page, 'Download run JSON');
  const run = JSON.parse(fs.readFileSync(json, 'utf8'));
  expect(run.steps).toHaveLength(12);
  const target = run.steps.map((s: { models: { targetProbability: number }[] }) => s.models[0].targetProbability);
  expect(target.at(-1)).toBeGreaterThan(target[0]);
  expect(Math.max(...run.steps.map((s: { models: { linf: number }[] }) => s.models[0].linf))).toBeLessThanOrEqual(16 / 255 + 1e-6);

  const png = await download(page, 'Download adversarial PNG');
  const adversarial = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const original = await sharp(clean).raw().toBuffer();
  expect([adversarial.info.width, adversarial.info.height]).toEqual([INPUT_SIZE, INPUT_SIZE]);
  const linf = Math.max(...Array.from(adversarial.data, (v, i) => Math.abs(v - original[i])));
  expect(linf).toBeLessThanOrEqual(16);
  expect(linf).toBeGreaterThan(0);

  await page.getByLabel('Steps', { exact: true }).fill('400');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-step')).not.toHaveText('0');
  // the run's model and k hold while it runs, so the header and the link keep naming the model attacked
  await expect(page.getByLabel('Model', { exact: true })).toBeDisabled();
  await expect(chooseK(page, 4)).toBeDisabled();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('paused');
  await expect(page.getByLabel('Model', { exact: true })).toBeDisabled();
  await page.waitForTimeout(500); // a frame already in flight may still land
  const pausedAt = await page.getByTestId('attack-step').innerText();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('attack-step')).toHaveText(pausedAt);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('attack-step')).not.toHaveText(pausedAt);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('cancelled');
  const stoppedAt = Number(await page.getByTestId('attack-step').innerText());
  expect(stoppedAt).toBeLessThan(400);
  await page.waitForTimeout(1000);
  expect(Number(await page.getByTestId('attack-step').innerText())).toBe(stoppedAt);
  await expect(page.getByLabel('Model', { exact: true })).toBeEnabled();
  await expect(chooseK(page, 4)).toBeEnabled();

  // another image while a run goes on: the run stays in the panel, to be cancelled, and the view says whose it is
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('locked-note')).toBeVisible();
  await upload(page, 'disc-small.png', 'image/png', await testImage(INPUT_SIZE - 8, INPUT_SIZE));
  await expect(page.getByText('An attack on another image or model is running: cancel it to attack this one.')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Start attack' })).toBeVisible();
  await expect(page.getByTestId('locked-note')).toHaveCount(0);
});

test('FGSM from the attack registry: one step, no steps field; settings survive a trip to the Look tab', async ({ page }) => {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Attack type').selectOption('fgsm');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveCount(0);
  await page.getByLabel('ε', { exact: true }).fill('8');
  await page.getByRole('tab', { name: 'Look' }).click();
  await page.getByRole('tab', { name: 'Attack' }).click();
  await expect(page.getByLabel('Attack type')).toHaveValue('fgsm');
  await expect(page.getByLabel('ε', { exact: true })).toHaveValue('8');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByTestId('frame-step')).toHaveText('1');
  const run = JSON.parse(fs.readFileSync(await download(page, 'Download run JSON'), 'utf8'));
  expect(run.settings.attack).toBe('fgsm');
  expect(run.steps).toHaveLength(1);
  expect(run.steps[0].models[0].linf).toBeCloseTo(8 / 255, 5);
  // a finished run belongs to its image and model: another image or model starts afresh, without the old progress
  await page.getByLabel('Model', { exact: true }).selectOption({ index: 1 });
  await expect(page.getByTestId('trained-k')).not.toHaveText(`trained for k = ${DEFAULT_K}`); // the other model is in
  await expect(page.getByRole('button', { name: 'Start attack' })).toBeEnabled();
  await expect(page.getByTestId('attack-progress')).toHaveCount(0);
  await expect(page.getByText('Start the attack (A when presenting)')).toBeVisible();
  await page.getByLabel('Model', { exact: true }).selectOption({ index: 0 });
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await upload(page, 'disc-small.png', 'image/png', await testImage(INPUT_SIZE - 8, INPUT_SIZE));
  await expect(page.getByTestId('attack-progress')).toHaveCount(0);
});

async function download(page: import('@playwright/test').Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return file.path();
}

/** SimpleBlocks and BlockGroups (frames) in a WebM: a minimal EBML walk that descends Segment and Cluster, unknown sizes included. */
function webmFrames(bytes: Buffer): number {
  const vint = (at: number, keepMarker: boolean) => {
    const length = Math.clz32(bytes[at]) - 23;
    let value = keepMarker ? bytes[at] : bytes[at] & (0xff >> length);
    for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i];
    const unknown = !keepMarker && value === 2 ** (7 * length) - 1;
    return { value, length, unknown };
  };
  let frames = 0;
  for (let at = 0; at < bytes.length;) {
    const id = vint(at, true);
    const size = vint(at + id.length, false);
    const body = at + id.length + size.length;
    if (id.value === 0x18538067 || id.value === 0x1f43b675) at = body; // Segment, Cluster: descend
    else {
      if (id.value === 0xa3 || id.value === 0xa0) frames++;
      at = body + size.value;
    }
  }
  return frames;
}

test('the attack exports as WebM and GIF (one frame per kept step, frames that differ) and the shown frame as PNG', async ({ page }) => {
  test.setTimeout(240_000);
  await startAttack(page, 6);
  await expect(page.getByTestId('attack-status')).toHaveText('done');

  await page.evaluate(() => { // every status the page shows while the GIF encodes
    const seen: string[] = ((window as unknown as { filmStatus: string[] }).filmStatus = []);
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=film-working]')?.textContent;
      if (text && text !== seen.at(-1)) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const gif = fs.readFileSync(await download(page, 'Download GIF'));
  const statuses = await page.evaluate(() => (window as unknown as { filmStatus: string[] }).filmStatus);
  expect(statuses.filter((text) => /frame \d of 6/.test(text)).length).toBeGreaterThanOrEqual(3); // it rendered between frames
  const meta = await sharp(gif, { animated: true }).metadata();
  expect([meta.format, meta.width, meta.pages]).toEqual(['gif', 640, 6]);
  const page0 = await sharp(gif, { page: 0 }).raw().toBuffer();
  const page5 = await sharp(gif, { page: 5 }).raw().toBuffer();
  expect(page0.equals(page5)).toBe(false);

  const webm = fs.readFileSync(await download(page, 'Download WebM'));
  expect(webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML
  expect(webmFrames(webm)).toBeGreaterThanOrEqual(6);
  const differ = await page.evaluate(async (base64) => {
    const video = document.createElement('video');
    video.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'video/webm' }));
    video.muted = true;
    await new Promise((resolve) => { video.onloadeddata = resolve; });
    const grab = async (time: number) => {
      video.currentTime = time;
      await new Promise((resolve) => { video.onseeked = resolve; });
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(video, 0, 0);
      return [canvas.width, Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data.filter((_, i) => i % 97 === 0))];
    };
    const [width, first] = await grab(0);
    const [, last] = await grab(0.6);
    return { width, differ: (first as number[]).some((v, i) => Math.abs(v - (last as number[])[i]) > 8) };
  }, webm.toString('base64'));
  expect(differ).toEqual({ width: 640, differ: true });

  const png = await sharp(fs.readFileSync(await download(page, 'Download frame PNG'))).metadata();
  expect([png.format, png.width, png.height]).toEqual(['png', 640, 400]);
});
