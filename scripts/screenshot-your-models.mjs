// "Your models" with a model opened by URL: node scripts/screenshot-your-models.mjs <app url> <model folder url> <image> <out.png>
// The folder can be a shipped one on the same server (<app url>/models/resnet/): it is checked and kept as yours.
import { classify, openApp } from './screenshot-page.mjs';

const [url, folder, image, out] = process.argv.slice(2);
const { browser, page } = await openApp(`${url}/?model=${encodeURIComponent(folder)}`, '1400x900',
  (opened) => opened.getByRole('button', { name: 'Load it' }).click());
await classify(page, image);
await page.getByRole('button', { name: 'Your models…' }).click();
await page.getByRole('dialog', { name: 'Your models' }).getByText(/^ready/).waitFor({ timeout: 60_000 });
await page.waitForTimeout(500);
await page.screenshot({ path: out });
console.log(await page.getByLabel('Model', { exact: true }).locator('option:checked').innerText());
await browser.close();
