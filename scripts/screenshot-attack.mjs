// Screenshot of a finished attack: node scripts/screenshot-attack.mjs <url> <image> <out.png> [steps]
import { chromium } from '@playwright/test';
import { launchOptions } from './chromium.mjs';

const [url, image, out, steps = '20'] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const [width, height] = (process.env.VIEWPORT ?? '1600x1000').split('x').map(Number);
const page = await browser.newPage({ viewport: { width, height } });
page.on('pageerror', (e) => console.error('pageerror', e.message));
await page.goto(url);
await page.getByTestId('load-state').filter({ hasText: 'Model ready' }).waitFor({ timeout: 60_000 });
await page.getByTestId('file-input').setInputFiles(image);
await page.getByTestId('top5').waitFor({ timeout: 60_000 });
await page.getByRole('tab', { name: 'Attack' }).click();
await page.getByLabel('Steps', { exact: true }).fill(steps);
await page.getByRole('button', { name: 'Start attack' }).click();
await page.getByTestId('attack-status').filter({ hasText: /done|error|cancelled/ }).waitFor({ timeout: 300_000 });
await page.waitForTimeout(500);
await page.screenshot({ path: out, fullPage: true });
console.log(await page.getByTestId('attack-progress').innerText());
await browser.close();
