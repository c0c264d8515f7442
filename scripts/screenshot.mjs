// Takes a screenshot of the built app with an image loaded: node scripts/screenshot.mjs <url> <image> <out.png> [k]
import { classify, openApp } from './screenshot-page.mjs';

const [url, image, out, k = '8'] = process.argv.slice(2);
const { browser, page } = await openApp(url);
await page.getByRole('radiogroup', { name: 'Glances (k)' }).getByRole('radio', { name: k, exact: true }).click();
await classify(page, image);
await page.waitForTimeout(1000);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
