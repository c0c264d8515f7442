// Screenshot of a finished research view: node scripts/screenshot-research.mjs <url> <image> <view> <out.png> [steps]
// view: strength | masking | landscape | race. steps: the strip's step counts ("10,100,1000"), the check's steps
// ("100") or the race's step counts ("10,50,100,250"); other settings can come with the URL (permalink keys such as
// landscape.grid=21). Prints the run's progress or result line.
import { openWithImage } from './screenshot-page.mjs';

const VIEWS = {
  strength: { tab: 'Strength', steps: 'Step counts', start: 'Run the strip' },
  masking: { tab: 'Masking check', steps: 'Steps', start: 'Run the check' },
  landscape: { tab: 'Landscape', start: 'Compute landscape' },
  race: { tab: 'Race', steps: 'Race steps', start: 'Start race' },
};

const [url, image, view, out, steps] = process.argv.slice(2);
const chosen = VIEWS[view];
if (!chosen) throw new Error(`view must be one of ${Object.keys(VIEWS).join(', ')}, got ${view}`);
const { browser, page } = await openWithImage(url, image);
const started = Date.now();
await page.getByRole('tab', { name: chosen.tab }).click();
if (steps && chosen.steps) await page.getByLabel(chosen.steps, { exact: true }).fill(steps);
await page.getByRole('button', { name: chosen.start }).click();
const finished = {
  strength: () => page.getByTestId('run-status').filter({ hasText: /done|error|cancelled/ }),
  masking: () => page.getByTestId('run-status').filter({ hasText: /done|error|cancelled/ }),
  landscape: () => page.getByTestId('landscape-r2'),
  race: () => page.getByTestId('race-result'),
}[view]();
await finished.waitFor({ timeout: 900_000 });
if (view === 'race') await page.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'detached', timeout: 900_000 });
const seconds = (Date.now() - started) / 1000;
await page.waitForTimeout(500);
await page.screenshot({ path: out, fullPage: true });
const line = view === 'landscape' || view === 'race' ? finished : page.getByTestId('run-progress');
console.log(`${(await line.innerText()).split('\n')[0]} (${seconds.toFixed(1)} s from start)`);
await browser.close();
