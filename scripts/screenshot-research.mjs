// Screenshot of a finished research view: node scripts/screenshot-research.mjs <url> <image> strength|masking <out.png> [steps]
// steps: the strip's step counts ("10,100,1000") or the check's steps ("100"). Prints the run's progress line.
import { openWithImage } from './screenshot-page.mjs';

const [url, image, view, out, steps] = process.argv.slice(2);
const { browser, page } = await openWithImage(url, image);
const started = Date.now();
if (view === 'strength') {
  await page.getByRole('tab', { name: 'Strength' }).click();
  if (steps) await page.getByLabel('Step counts').fill(steps);
  await page.getByRole('button', { name: 'Run the strip' }).click();
} else {
  await page.getByRole('tab', { name: 'Masking check' }).click();
  if (steps) await page.getByLabel('Steps', { exact: true }).fill(steps);
  await page.getByRole('button', { name: 'Run the check' }).click();
}
await page.getByTestId('run-status').filter({ hasText: /done|error|cancelled/ }).waitFor({ timeout: 900_000 });
const seconds = (Date.now() - started) / 1000;
await page.waitForTimeout(500);
await page.screenshot({ path: out, fullPage: true });
console.log(`${await page.getByTestId('run-progress').innerText()} (${seconds.toFixed(1)} s from start)`);
await browser.close();
