import { defineConfig } from '@playwright/test';
import { FAKE_CAMERA_ARGS, MEMORY_ARGS, WEBGPU_ARGS, launchOptions } from './scripts/chromium.mjs';

const PORT = 4317;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: launchOptions(),
  },
  projects: [
    { name: 'chromium', testIgnore: /(webgpu|webcam|memory)\.spec/ },
    {
      name: 'memory',
      testMatch: /memory\.spec/,
      use: { launchOptions: launchOptions(MEMORY_ARGS) },
    },
    {
      name: 'webgpu',
      testMatch: /webgpu\.spec/,
      use: { launchOptions: launchOptions(WEBGPU_ARGS) },
    },
    {
      name: 'webcam',
      testMatch: /webcam\.spec/,
      use: { permissions: ['camera'], launchOptions: launchOptions(FAKE_CAMERA_ARGS) },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
  },
});
