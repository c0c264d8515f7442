// Presenter mode at 1920x1080 on a scene of public/scenes.json, its attack run with A:
// node scripts/screenshot-presenter.mjs <url> <scene number> <out.png>. Prints the attack's progress line.
import { openApp } from './screenshot-page.mjs';

const [url, scene, out] = process.argv.slice(2);
const { browser, page } = await openApp(url, '1920x1080');
await page.keyboard.press('f');
await page.getByTestId('scene').filter({ hasText: /\d+ scenes?/ }).waitFor(); // the scene list is in,
await page.waitForTimeout(300); // and the key handler that knows it (an effect after the render) too
for (let i = 1; i <= Number(scene); i++) {
  await page.keyboard.press('PageDown');
  await page.getByTestId('scene').filter({ hasText: new RegExp(`^Scene ${i}/`) }).waitFor();
}
await page.waitForSelector('button:has-text("Start attack"):not([disabled])', { timeout: 60_000 }); // the scene's sample is classified
await page.locator('body').click({ position: { x: 5, y: 500 } });
await page.keyboard.press('a');
await page.getByTestId('attack-status').filter({ hasText: /done|error|cancelled/ }).waitFor({ timeout: 300_000 });
await page.mouse.move(960, 300); // the controls show while the mouse moves
await page.waitForTimeout(500);
await page.screenshot({ path: out });
console.log(await page.getByTestId('attack-progress').innerText());
await browser.close();
