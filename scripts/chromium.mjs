// The Chromium that Playwright launches everywhere (playwright.config.ts, bench/run.mjs, scripts/screenshot-page.mjs):
// Debian's (npx playwright install cannot download browsers here), headless, with a fresh profile.

/** The browser binary; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for every launch: no sandbox, no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

/** WebGPU (on SwiftShader when there is no GPU). */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

/** Exact page heap sizes (performance.memory) and window.gc(), for the memory test. */
export const MEMORY_ARGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];

/** A fake camera, and camera permission prompts answered yes. */
export const FAKE_CAMERA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/**
 * Options for chromium.launch() or Playwright's use.launchOptions: the shared flags, then `extra`.
 * @param {string[]} [extra]
 * @returns {{ executablePath: string, args: string[] }}
 */
export function launchOptions(extra = []) {
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extra] };
}
