import { expect, test, type Page } from '@playwright/test';
import { BASELINE_LABEL, DEFAULT_K, expectClassified, INPUT_SIZE, openApp, testImage, upload } from './helpers.ts';

async function openCheck(page: Page): Promise<void> {
  await openApp(page);
  await upload(page, 'disc.png', 'image/png', await testImage(INPUT_SIZE, INPUT_SIZE));
  await expectClassified(page, DEFAULT_K);
  await page.getByRole('tab', { name: 'Masking check' }).click();
}

/** The verdict the reported outcomes call for (engine/masking.ts's rule, restated). */
async function expectedVerdict(page: Page): Promise<string> {
  const reached = async (attack: string) => (await page.getByTestId(`${attack}-reached`).innerText()) === 'yes';
  // the unrounded probability: two attacks a hair apart can show the same rounded percentage
  const probability = async (attack: string) => Number(await page.getByTestId(`${attack}-target-probability`).getAttribute('data-value'));
  const [pgd, spsa] = [await reached('pgd'), await reached('spsa')];
  if (spsa && !pgd) return 'masking';
  if (!spsa && !pgd) return (await probability('spsa')) > (await probability('pgd')) ? 'weak' : 'inconclusive';
  return 'none';
}

test('PGD and SPSA on the same target with their budgets, both loss curves, and a verdict that agrees with the numbers', async ({ page }) => {
  test.setTimeout(240_000);
  await openCheck(page);
  await page.getByLabel('Steps', { exact: true }).fill('6');
  await page.getByLabel('Samples', { exact: true }).fill('4');
  await expect(page.getByTestId('pgd-budget')).toHaveText('PGD-6: 6 gradients (a forward and a backward pass each)');
  await expect(page.getByTestId('spsa-budget')).toHaveText('SPSA-6: 48 forward passes (8 a step)');
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done');

  const verdict = page.getByTestId('masking-verdict');
  await expect(verdict).toBeVisible();
  const kind = await expectedVerdict(page);
  await expect(verdict).toHaveAttribute('data-kind', kind);
  const text = { masking: 'SPSA found an adversarial example that PGD missed', weak: 'SPSA raised the target\'s probability more than PGD',
    inconclusive: 'too few steps to tell', none: 'PGD at least as strong as SPSA' }[kind]!;
  await expect(verdict).toContainText(text);
  for (const attack of ['pgd', 'spsa']) await expect(page.getByTestId(`${attack}-target-probability`)).toHaveText(/^\d+\.\d%$/);

  // one curve per attack, a point per step
  const lines = page.getByTestId('check-chart').locator('.lines path');
  await expect(lines).toHaveCount(2);
  for (const d of await lines.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) expect(d.split('L')).toHaveLength(6);
});

test('the check runs on the ResNet baseline too, and Cancel stops it with no verdict', async ({ page }) => {
  test.setTimeout(180_000);
  await openCheck(page);
  await page.getByLabel('Model', { exact: true }).selectOption({ label: BASELINE_LABEL });
  await expect(page.getByTestId('timing')).toContainText('(k=1)'); // the ResNet has classified the image
  await page.getByLabel('Steps', { exact: true }).fill('3');
  await page.getByLabel('Samples', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done');
  await expect(page.getByTestId('check-view').locator('h2')).toContainText(BASELINE_LABEL);
  await expect(page.getByTestId('masking-verdict')).toHaveAttribute('data-kind', await expectedVerdict(page));

  await page.getByLabel('Steps', { exact: true }).fill('1000');
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await expect(page.getByTestId('run-progress')).toContainText(/PGD step [1-9]/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('cancelled');
  await expect(page.getByText('cancelled: no verdict')).toBeVisible();
  await expect(page.getByTestId('spsa-prediction')).toHaveText('—'); // SPSA never started
  const progress = page.getByTestId('run-progress').locator('progress');
  const stoppedAt = Number(await progress.getAttribute('value'));
  await page.waitForTimeout(1500);
  expect(Number(await progress.getAttribute('value'))).toBe(stoppedAt);
});
