// Takes a screenshot of the built app with an image loaded: node scripts/screenshot.mjs <url> <image> <out.png> [k]
import { chromium } from '@playwright/test';
import { launchOptions } from './chromium.mjs';

const [url, image, out, k = '8'] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const [width, height] = (process.env.VIEWPORT ?? '1600x1000').split('x').map(Number);
const page = await browser.newPage({ viewport: { width, height } });
await page.goto(url);
await page.getByTestId('load-state').filter({ hasText: 'Model ready' }).waitFor({ timeout: 60_000 });
await page.getByRole('radiogroup', { name: 'Glances (k)' }).getByRole('radio', { name: k, exact: true }).click();
await page.getByTestId('file-input').setInputFiles(image);
await page.getByTestId('top5').waitFor({ timeout: 60_000 });
await page.waitForTimeout(1000);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
