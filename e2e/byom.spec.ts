// Bring your own model: a model exported by training.export with its own config (2 heads, 64 px, 5 classes) loads
// from a drop, a picked folder or a model=<url>, works in the views, is kept across reloads until removed, and a
// broken folder gets an error that names what is wrong. The model is an untrained test fixture (e2e/tiny_model.py).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_K, expectClassified, openApp, testImage, upload } from './helpers.ts';

const HEADS = 2;
const TRAINED_K = 4;

let root: string;
let folder: string; // tiny-s3ta/: manifest.json, weights.bin, fixtures.*, eval.json

/** A copy of the tiny model's folder, changed by `change`. */
function brokenCopy(name: string, change: (dir: string) => void): string {
  const dir = path.join(root, name);
  fs.cpSync(folder, dir, { recursive: true });
  change(dir);
  return dir;
}

test.beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'saccade-byom-'));
  execFileSync('/usr/bin/python3', ['e2e/tiny_model.py', root], { env: { ...process.env, PYTHONPATH: '.' }, stdio: 'pipe' });
  folder = path.join(root, 'tiny-s3ta');
  const attacks = { pgd10_targeted: { kind: 'pgd', targeted: true, eps: 16 / 255, steps: 10 } };
  fs.writeFileSync(path.join(folder, 'eval.json'), JSON.stringify({ split: 'test fixture', images: 4, attacks, summary: { k4: { clean: 0.25, pgd10_targeted: 0 } } }));
});

test.afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const picker = (page: Page) => page.getByLabel('Model', { exact: true });
const yours = (page: Page) => page.getByRole('dialog', { name: 'Your models' });

async function openYourModels(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Your models…' }).click();
  await expect(yours(page)).toBeVisible();
}

/** Drops the folder's files on the drop zone, as loose files (a synthetic drop carries no folder). */
async function dropFiles(page: Page, dir: string): Promise<void> {
  const files = fs.readdirSync(dir).map((name) => ({ name, base64: fs.readFileSync(path.join(dir, name)).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((given) => {
    const data = new DataTransfer();
    for (const { name, base64 } of given) data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
    return data;
  }, files);
  await page.getByTestId('model-drop').dispatchEvent('drop', { dataTransfer });
}

async function expectTinyClassified(page: Page): Promise<void> {
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await upload(page, 'disc.png', 'image/png', await testImage());
  await expectClassified(page, TRAINED_K, HEADS);
  await expect(page.locator('.status')).toContainText('64 px');
}

test('a dropped model folder loads, classifies with its 2 heads at 64 px, shows its card, stays after a reload, and Remove removes it', async ({ page }) => {
  await openApp(page);
  await openYourModels(page);
  await dropFiles(page, folder);
  await expect(yours(page).getByTestId('your-model')).toContainText('ready');
  await page.keyboard.press('Escape');
  await expect(picker(page).locator('option:checked')).toHaveText('dropped files (yours)');
  await expectTinyClassified(page);
  await expect(page.getByTestId('top5').locator('li').first()).toContainText('test class');
  await expect(page.getByTestId('dropped-model-note')).toBeVisible();
  expect(new URL(page.url()).searchParams.has('model')).toBe(false); // a dropped model is not in links
  await page.getByRole('button', { name: 'Model card' }).click();
  await expect(page.getByRole('dialog', { name: 'Model card' })).toContainText('dropped files (yours) — model card');
  await expect(page.getByRole('dialog', { name: 'Model card' })).toContainText('25.0%'); // its eval.json
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await expect(picker(page).locator('option', { hasText: 'dropped files (yours)' })).toHaveCount(1); // checked again, from IndexedDB
  await picker(page).selectOption({ label: 'dropped files (yours)' });
  await expectTinyClassified(page);

  await openYourModels(page);
  await yours(page).getByRole('button', { name: 'Remove dropped files (yours)' }).click();
  await expect(yours(page).getByTestId('your-model')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(picker(page).locator('option', { hasText: '(yours)' })).toHaveCount(0);
  await expect(page.getByTestId('load-state')).toContainText('Model ready'); // back on the shipped S3TA
  await page.reload();
  await expect(page.getByTestId('load-state')).toContainText('Model ready');
  await expect(picker(page).locator('option', { hasText: '(yours)' })).toHaveCount(0);
});

test('a picked folder is named after it, and the Attack view runs on it without the shipped baseline', async ({ page }) => {
  await openApp(page);
  await openYourModels(page);
  await page.getByTestId('model-folder-input').setInputFiles(folder);
  await expect(yours(page).getByTestId('your-model')).toContainText('ready');
  await page.keyboard.press('Escape');
  await expect(picker(page).locator('option:checked')).toHaveText('tiny-s3ta (yours)');
  await expectTinyClassified(page);
  await page.getByRole('tab', { name: 'Attack' }).click();
  await page.getByLabel('Steps', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start attack' }).click();
  await expect(page.getByTestId('attack-status')).toHaveText('done');
});

test('a broken folder gets an error that names what is wrong', async ({ page }) => {
  const corrupted = brokenCopy('corrupted', (dir) => {
    const weights = fs.readFileSync(path.join(dir, 'weights.bin'));
    weights[64] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'weights.bin'), weights);
  });
  const badConfig = brokenCopy('bad-config', (dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, config: { ...manifest.config, heads: 0 } }));
  });
  const files = (dir: string, ...names: string[]) => names.map((name) => path.join(dir, name));
  await openApp(page);
  await openYourModels(page);
  const cases: [string[], RegExp][] = [
    [files(corrupted, 'manifest.json', 'weights.bin'), /weights\.bin: sha256 is [0-9a-f]{64}, manifest\.json says [0-9a-f]{64}/],
    [files(folder, 'weights.bin', 'eval.json'), /manifest\.json is missing: the files given are eval\.json, weights\.bin/],
    [files(folder, 'manifest.json'), /weights\.bin is missing: the files given are manifest\.json/],
    [files(badConfig, 'manifest.json', 'weights.bin'), /manifest\.json: config\.heads: /],
  ];
  for (const [given, message] of cases) {
    await page.getByTestId('model-files-input').setInputFiles(given);
    await expect(yours(page).getByRole('alert')).toHaveText(message);
  }
  await page.keyboard.press('Escape');
  await expect(picker(page).locator('option', { hasText: '(yours)' })).toHaveCount(0);
});

test('?model=<url> asks first, then loads a model folder served elsewhere (with CORS), and the link keeps it', async ({ page }) => {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = path.join(folder, name);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  try {
    const url = `http://localhost:${(server.address() as AddressInfo).port}/tiny-s3ta/`;
    await page.goto(`/?backend=wasm&model=${encodeURIComponent(url)}`);
    await expect(page.getByTestId('link-model')).toContainText(url);
    await page.getByRole('button', { name: 'Not now' }).click(); // nothing fetched, back on the shipped models
    await expect(page.getByTestId('load-state')).toContainText('Model ready');
    await expect(picker(page).locator('option', { hasText: '(yours)' })).toHaveCount(0);
    await page.goto(`/?backend=wasm&sample=n03394916-00004301&model=${encodeURIComponent(url)}`); // with a sample too
    await page.getByRole('button', { name: 'Not now' }).click();
    await expect(page.getByTestId('link-model')).toHaveCount(0); // the link is not applied again
    await expectClassified(page, DEFAULT_K);
    await expect(page.getByTestId('top5').locator('li').first()).toContainText('French horn');
    await page.goto(`/?backend=wasm&model=${encodeURIComponent(url)}`);
    await page.getByRole('button', { name: 'Load it' }).click();
    await expect(picker(page).locator('option:checked')).toHaveText('tiny-s3ta (yours)');
    await expectTinyClassified(page);
    expect(new URL(page.url()).searchParams.get('model')).toBe(url);
  } finally {
    server.close();
  }
});

test('every research view runs on a model of another config (2 heads, 64 px, 5 classes)', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await openYourModels(page);
  await page.getByTestId('model-folder-input').setInputFiles(folder);
  await expect(yours(page).getByTestId('your-model')).toContainText('ready');
  await page.keyboard.press('Escape');
  await expectTinyClassified(page);

  await page.getByRole('tab', { name: 'Landscape' }).click();
  await page.getByLabel('Grid', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Compute landscape' }).click();
  await expect(page.getByTestId('landscape-heatmap').locator('.cells rect')).toHaveCount(9);

  await page.getByRole('tab', { name: 'Race' }).click();
  await page.getByLabel('Race steps').fill('1');
  await page.getByRole('button', { name: 'Start race' }).click();
  const rows = page.getByTestId('race-table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'tiny-s3ta (yours)' }).first()).toBeVisible();
  await expect(page.getByText(/Not raced: .*takes 96 px/).first()).toBeVisible(); // the shipped models take other input

  await page.getByRole('tab', { name: 'Strength' }).click();
  await page.getByLabel('Step counts').fill('1, 2');
  await page.getByRole('button', { name: 'Run the strip' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done');
  await expect(page.getByTestId('strip-0-adversarial-2')).toBeVisible();

  await page.getByRole('tab', { name: 'Masking check' }).click();
  await page.getByLabel('Steps', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done');
});
