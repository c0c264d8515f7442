// What the screenshot scripts share: Chromium (scripts/chromium.mjs) at a viewport (VIEWPORT, default 1600x1000),
// the app at `url` with its model ready, and, for openWithImage, `image` uploaded and classified.
import { chromium } from '@playwright/test';
import { launchOptions } from './chromium.mjs';

export async function openApp(url, viewport = process.env.VIEWPORT ?? '1600x1000', ready = async () => {}) {
  const browser = await chromium.launch(launchOptions());
  const [width, height] = viewport.split('x').map(Number);
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  await page.goto(url);
  await ready(page); // what must happen before the model loads (a link's model asks first)
  await page.getByTestId('load-state').filter({ hasText: 'Model ready' }).waitFor({ timeout: 60_000 });
  return { browser, page };
}

export async function classify(page, image) {
  await page.getByTestId('file-input').setInputFiles(image);
  await page.getByTestId('top5').waitFor({ timeout: 60_000 });
}

export async function openWithImage(url, image) {
  const { browser, page } = await openApp(url);
  await classify(page, image);
  return { browser, page };
}
