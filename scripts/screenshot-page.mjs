// What the screenshot scripts share: Chromium (scripts/chromium.mjs) at VIEWPORT (default 1600x1000), the app at
// `url` with the model ready, and `image` uploaded and classified.
import { chromium } from '@playwright/test';
import { launchOptions } from './chromium.mjs';

export async function openWithImage(url, image) {
  const browser = await chromium.launch(launchOptions());
  const [width, height] = (process.env.VIEWPORT ?? '1600x1000').split('x').map(Number);
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  await page.goto(url);
  await page.getByTestId('load-state').filter({ hasText: 'Model ready' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(image);
  await page.getByTestId('top5').waitFor({ timeout: 60_000 });
  return { browser, page };
}
