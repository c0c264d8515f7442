// Screenshot of a finished attack: node scripts/screenshot-attack.mjs <url> <image> <out.png> [steps]
import { openWithImage } from './screenshot-page.mjs';

const [url, image, out, steps = '20'] = process.argv.slice(2);
const { browser, page } = await openWithImage(url, image);
await page.getByRole('tab', { name: 'Attack' }).click();
await page.getByLabel('Steps', { exact: true }).fill(steps);
await page.getByRole('button', { name: 'Start attack' }).click();
await page.getByTestId('attack-status').filter({ hasText: /done|error|cancelled/ }).waitFor({ timeout: 300_000 });
await page.waitForTimeout(500);
await page.screenshot({ path: out, fullPage: true });
console.log(await page.getByTestId('attack-progress').innerText());
await browser.close();
