// What a demo talk relies on: permalinks, the target-reached badge, attacks that survive a change of k, and a
// fresh view for every run and image.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { shippedModelDir, shippedModels } from '../src/engine/node-files.ts';
import { chooseK, DEFAULT_K, expectClassified, INPUT_SIZE, openApp, startAttack, testImage, upload } from './helpers.ts';

test('a permalink restores sample, k, glance, head, colour map, view and attack settings, and follows changes', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const link = '?backend=wasm&sample=n03394916-00004301&k=4&glance=2&head=3&cmap=viridis&view=attack&attack=spsa&eps=8&steps=7&seed=9&spsa.samples=4';
  await openApp(page, link);
  await expect(page.getByRole('radiogroup', { name: 'Glances (k)' }).getByRole('radio', { name: '4' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('tab', { name: 'Attack' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Attack type')).toHaveValue('spsa');
  await expect(page.getByLabel('ε', { exact: true })).toHaveValue('8');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('9');
  await expect(page.getByLabel('Samples', { exact: true })).toHaveValue('4');
  await expect(page.locator('.file-name')).toContainText('French horn (sample');
  await page.getByRole('tab', { name: 'Look' }).click();
  await expect(page.getByTestId('glance-index')).toHaveText('2');
  await expect(page.getByRole('radiogroup', { name: 'Head' }).getByRole('radio', { name: '3' })).toHaveAttribute('aria-checked', 'true');
  await chooseK(page, 2).click(); // no model is trained for k = 2: this model runs at it, and the link says so
  await expect(page).toHaveURL(/k=2/);
  await expect(page).toHaveURL(/view=look|^(?!.*view=)/);
  await page.getByTestId('copy-link').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
  await expect(page.getByTestId('upload-note')).toHaveCount(0);
  await upload(page, 'mine.png', 'image/png', await testImage());
  await expect(page.getByTestId('upload-note')).toHaveText('uploaded images are not in links');
});

test('a link\'s values the app cannot take are named, dropped from the address, and the rest of the link applies', async ({ page }) => {
  await openApp(page, '?backend=wasm&view=check&k=4&eps=300&attack=spsa&sample=no-such-sample');
  const notice = page.getByRole('status').filter({ hasText: 'not used' });
  await expect(notice).toContainText('view=check');
  await expect(notice).toContainText('eps=300');
  await expect(notice).toContainText('sample=no-such-sample');
  await expect(page.getByRole('radiogroup', { name: 'Glances (k)' }).getByRole('radio', { name: '4' })).toHaveAttribute('aria-checked', 'true');
  await expect(page).not.toHaveURL(/view=check|eps=300/);
  await expect(page).toHaveURL(/attack=spsa/);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('a permalink carries the research views\' settings: each view reads its own, and edits follow into the link', async ({ page }) => {
  await openApp(page, '?view=strength&strip.steps=1,2&strip.seed=7&strip.randomStart=0&race.steps=3,4&race.scope=gallery&landscape.grid=5&check.spsa.samples=8&check.target=999');
  await expect(page.getByLabel('Step counts')).toHaveValue('1, 2');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('Random start')).not.toBeChecked();
  await page.getByRole('tab', { name: 'Race' }).click();
  await expect(page.getByLabel('Race steps')).toHaveValue('3, 4');
  await expect(page.getByRole('radio', { name: /The \d+ samples/ })).toHaveAttribute('aria-checked', 'true');
  await page.getByLabel('Race steps').fill('5, 6');
  await expect(page).toHaveURL(/race\.steps=5%2C6/);
  await page.getByRole('tab', { name: 'Landscape' }).click();
  await expect(page.getByLabel('Grid', { exact: true })).toHaveValue('5');
  await page.getByRole('tab', { name: 'Masking check' }).click();
  await expect(page.getByLabel('Samples', { exact: true })).toHaveValue('8');
  await expect(page.getByTestId('spsa-budget')).toContainText('1,600'); // 100 steps x 8 samples x 2
  await expect(page.getByText('class 999 is not one of this model\'s 10 classes')).toBeVisible(); // not silently "random"
  await expect(page).toHaveURL(/strip\.steps=1%2C2/);
});

test('the badge says when the target was reached; runs and images each get a fresh view; k changes keep the attack', async ({ page }) => {
  await startAttack(page, 6);
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByTestId('reached')).toHaveText(/^(target reached at step \d+|target not reached after 6 steps)/);
  await page.getByLabel('Attack step', { exact: true }).fill('1'); // scrub back: the next run must not stay there
  await expect(page.getByTestId('frame-step')).toHaveText('2');
  await page.getByLabel('Steps', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await expect(page.getByTestId('frame-step')).toHaveText('4');
  // a k button runs this model at that k, not the model trained for it (the box shows when index.json has one)
  if (shippedModels().some((entry) => entry.k)) await page.getByLabel('keep model').check();
  await chooseK(page, 4).click();
  await expect(page.getByTestId('frame-step')).toHaveText('4'); // the finished attack at the trained k stays
  await expect(page.getByTestId('reached')).toContainText(`k = ${DEFAULT_K}`);
  await upload(page, 'other.png', 'image/png', await testImage(300, 200));
  await expect(page.getByTestId('attack-view')).toHaveCount(0); // a new image: no stale adversarial image beside it
});

test('the model card shows where S3TA looks: attention metrics per k from eval.json', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Model card' }).click();
  const attention = JSON.parse(fs.readFileSync(path.join(shippedModelDir('default'), 'eval.json'), 'utf8')).attention;
  const table = page.getByTestId('attention-metrics');
  await expect(table.locator('tbody tr')).toHaveCount(Object.keys(attention).filter((key) => /^k\d+$/.test(key)).length);
  await expect(table).toContainText(`of ${(INPUT_SIZE / 8) ** 2}`);
  const pull = attention.attack_pull;
  await expect(page.getByRole('dialog', { name: 'Model card' })).toContainText(`Successful PGD-${pull.steps} attacks (${pull.succeeded} of ${pull.attacked}, k = ${pull.k})`);
});

test('offline after the first visit: the service worker serves the app, the models and the samples', async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).length > 0 && (await Promise.all((await caches.keys())
    .map(async (name) => (await (await caches.open(name)).keys()).length))).some((n) => n >= 25));
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await page.getByRole('button', { name: 'Sample: golf ball' }).first().click();
  await expectClassified(page, DEFAULT_K);
  await context.setOffline(false);
});

test('layouts: no horizontal scroll at 390 px, main controls above the fold at 1366x768, big views at 1920x1080', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, '?backend=wasm&sample=n03394916-00004301');
  await expectClassified(page, DEFAULT_K);
  for (const tab of await page.getByRole('tab').all()) { // every view, the research views included
    await tab.click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), await tab.textContent() ?? '').toBeLessThanOrEqual(390);
  }

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('tab', { name: 'Look' }).click();
  const below = async (locator: import('@playwright/test').Locator) => ((await locator.boundingBox())!.y + (await locator.boundingBox())!.height);
  expect(await below(page.getByLabel('Glance', { exact: true }))).toBeLessThanOrEqual(768);
  expect(await below(page.getByRole('radiogroup', { name: 'Head' }))).toBeLessThanOrEqual(768);
  await page.getByRole('tab', { name: 'Attack' }).click();
  expect(await below(page.getByRole('button', { name: 'Start attack' }))).toBeLessThanOrEqual(768);

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('tab', { name: 'Look' }).click();
  expect((await page.getByTestId('main-view').boundingBox())!.width).toBeGreaterThanOrEqual(700);
});

test('presenter mode: F, scenes by PageDown/PageUp, A starts the attack, R replays, controls hide when the mouse rests', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  await page.keyboard.press('f');
  await expect(page.locator('.app')).toHaveClass(/presenting/);
  await expect(page.getByTestId('scene')).toContainText('6 scenes');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene')).toHaveText(/^Scene 1\/6: /);
  await expectClassified(page, DEFAULT_K);
  await expect(page.getByTestId('glance-index')).toHaveText('1');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene')).toHaveText(/^Scene 3\/6: /);
  await expect(page.getByRole('tab', { name: 'Attack' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Steps', { exact: true }).fill('4');
  await expect(page.getByRole('button', { name: 'Start attack' })).toBeEnabled(); // the scene's sample is classified again
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  await page.keyboard.press('a');
  await expect(page.getByTestId('attack-status')).toHaveText('done');
  await page.keyboard.press('r');
  await expect(page.getByRole('button', { name: 'Pause replay' })).toBeVisible();
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('scene')).toHaveText(/^Scene 2\/6: /);
  await page.waitForTimeout(3000);
  await expect(page.locator('.app')).toHaveClass(/idle/);
  await page.mouse.move(300, 300);
  await expect(page.locator('.app')).not.toHaveClass(/idle/);
  await page.getByTestId('scenes-input').setInputFiles({ name: 'talk.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ scenes: [{ title: 'Only one', link: 'sample=n03028079-00016542&k=4' }] })) });
  await expect(page.getByTestId('scene')).toHaveText('1 scene · PageDown starts'); // the new list is in
  await page.locator('body').click({ position: { x: 5, y: 1000 } });
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene')).toHaveText('Scene 1/1: Only one');
  await expectClassified(page, 4);
  await page.keyboard.press('f');
  await expect(page.locator('.app')).not.toHaveClass(/presenting/);
  await page.keyboard.press('f'); // back in: the state may have moved on, so no scene is named until PageDown
  await expect(page.getByTestId('scene')).toHaveText('1 scene · PageDown starts');
  await page.keyboard.press('f');
  expect(errors).toEqual([]);
});

test('presenter mode at 1400×900: one header row, and the view moves out from under it while it shows', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openApp(page, '?backend=wasm&view=attack');
  await page.keyboard.press('f');
  await expect(page.locator('.app')).toHaveClass(/presenting/);
  await page.mouse.move(700, 400);
  const bottom = async (selector: string) => page.locator(selector).evaluate((e) => e.getBoundingClientRect().bottom);
  const top = async () => page.getByLabel('Attack type').evaluate((e) => e.getBoundingClientRect().top);
  await expect.poll(() => bottom('.chrome')).toBeLessThan(100); // the presenter bar and one header row
  await expect.poll(async () => (await top()) - (await bottom('.chrome'))).toBeGreaterThan(0); // nothing under the chrome
  await expect(page.locator('.app')).toHaveClass(/idle/, { timeout: 10_000 });
  await expect.poll(top).toBeLessThan(100); // idle, the view takes the screen again
});

test('a scene that sets a field to the value it had replaces what was typed there, valid or not', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.keyboard.press('f');
  await expect(page.getByTestId('scene')).toContainText('6 scenes'); // loaded: '0 scenes' before
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene')).toHaveText(/^Scene 3\/6: /); // the attack view, 40 steps
  const steps = page.getByLabel('Steps', { exact: true });
  await expect(steps).toHaveValue('40');
  await steps.fill('forty');
  await expect(steps).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Start attack' })).toBeDisabled();
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  await page.keyboard.press('PageDown'); // scene 4: the attack view again, 40 steps again
  await expect(page.getByTestId('scene')).toHaveText(/^Scene 4\/6: /);
  await expect(steps).toHaveValue('40');
  await expect(steps).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Start attack' })).toBeEnabled();
});

test('a scene names its glance: it holds when the scene replaces a sample already shown', async ({ page }) => {
  await openApp(page, '?backend=wasm&sample=n02102040-00007032');
  await expectClassified(page, DEFAULT_K);
  await expect(page.getByTestId('top5').locator('li').first()).toContainText('English springer');
  await page.keyboard.press('f');
  await expect(page.getByTestId('scene')).toContainText('6 scenes'); // loaded: '0 scenes' before
  await page.keyboard.press('PageDown'); // scene 1: the French horn at its first glance
  await expect(page.getByTestId('top5').locator('li').first()).toContainText('French horn');
  await expect(page.getByTestId('glance-index')).toHaveText('1');
});

test('readable: viridis by default with a colour-scale legend, and text contrast of at least 4.5:1 (WCAG AA)', async ({ page }) => {
  await openApp(page, '?backend=wasm&sample=n03028079-00016542&head=2');
  await expectClassified(page, DEFAULT_K);
  await expect(page.getByRole('combobox').filter({ hasText: 'viridis' })).toHaveValue('viridis');
  await expect(page.getByTestId('colour-legend')).toContainText('high attention');
  const ratios = await page.evaluate(() => {
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el: Element | null): string => {
      for (; el; el = el.parentElement) {
        const bg = getComputedStyle(el).backgroundColor;
        if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
      }
      return 'rgb(18, 19, 26)';
    };
    return [...document.querySelectorAll('.hint, .status, .verdict, figcaption, .row-label, .col-label, label, h2, button')]
      .filter((el) => el.textContent?.trim() && !(el as HTMLButtonElement).disabled)
      .map((el) => {
        const [a, b] = [luminance(getComputedStyle(el).color), luminance(background(el))];
        return { text: el.textContent!.trim().slice(0, 30), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
      });
  });
  const low = ratios.filter((r) => r.ratio < 4.5);
  expect(low).toEqual([]);
});
