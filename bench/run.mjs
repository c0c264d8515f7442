// npm run bench: S3TA forward ms and PGD steps/s per tfjs backend in headless Chromium (the built app's
// worker), and the same model and step in PyTorch on this machine. Prints one table, writes bench/results.md.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from '@playwright/test';
import { BROWSER_BACKENDS } from '../src/engine/backend-names.ts';
import { WEBGPU_ARGS, launchOptions } from '../scripts/chromium.mjs';

const K = Number(process.env.BENCH_K ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PORT = 4391;
const MODEL = process.env.BENCH_MODEL ?? JSON.parse(fs.readFileSync('models/index.json', 'utf8')).models[0].name;

if (!fs.existsSync('dist/index.html')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
const rows = [];
try {
  await waitForServer(`http://localhost:${PORT}/`);
  const browser = await chromium.launch(launchOptions(WEBGPU_ARGS)); // one browser, WebGPU on, for every backend
  for (const backend of [...BROWSER_BACKENDS].reverse()) { // fastest here (wasm) first
    const page = await browser.newPage();
    await page.goto(`http://localhost:${PORT}/?bench&backend=${backend}`);
    await page.getByTestId('load-state').filter({ hasText: /Model ready|error|failed/i }).waitFor({ timeout: 300_000 });
    const result = await page.evaluate(([model, k, runs]) => window.saccadeBenchmark(model, k, runs), [MODEL, K, backend === 'webgpu' ? 5 : RUNS]);
    rows.push({ ...result, where: 'Chromium worker' });
    console.error(`${backend}: ${JSON.stringify(result)}`);
    await page.close();
  }
  await browser.close();
} finally {
  process.kill(-server.pid);
}
const torch = JSON.parse(execFileSync('/usr/bin/python3', ['bench/torch_bench.py', '--model', `models/${MODEL}`, '--k', String(K), '--runs', String(RUNS)]).toString());
rows.push({ ...torch, where: 'Python' });

const fastest = Math.min(...rows.filter((r) => r.where !== 'Python').map((r) => r.pgdStepMs));
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `S3TA (models/${MODEL}), batch 1, k = ${K}; median of ${RUNS} runs (webgpu: 5) after 2 warm-up runs.`,
  `Machine: ${os.cpus().length} cores, ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Chromium headless (WebGPU: SwiftShader, on the CPU).`,
  '',
  '| backend | where | threads | forward ms | PGD step ms | PGD steps/s |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.backend} | ${r.where} | ${r.threads ?? '-'} | ${r.forwardMs.toFixed(1)} | ${r.pgdStepMs.toFixed(1)} | ${(1000 / r.pgdStepMs).toFixed(1)} |`),
  '',
  `Fastest browser PGD step / PyTorch PGD step: ${(fastest / torch.pgdStepMs).toFixed(2)}x.`,
];
console.log(lines.join('\n'));
fs.writeFileSync('bench/results.md', `# npm run bench (${new Date().toISOString().slice(0, 10)})\n\n${lines.join('\n')}\n`);

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}
