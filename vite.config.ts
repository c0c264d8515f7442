import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { modelsPlugin } from './src/models-plugin.ts';
import { DEV_HEADERS, headersFile, SERVED_HEADERS } from './src/server-headers.ts';

/** Writes dist/_headers, so a static host serves the built app with the same headers as `npm start`. */
function headersPlugin(): Plugin {
  return { name: 'saccade-headers', generateBundle() { this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() }); } };
}

/**
 * Offline after the first visit: a Workbox service worker precaches the built app, the wasm files, the shipped
 * models and the sample gallery. Registered by an external script (no inline script: the CSP forbids them).
 */
function offline() {
  return VitePWA({
    injectRegister: 'script-defer',
    registerType: 'autoUpdate',
    manifest: false,
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,json,bin,svg,jpg}'],
      globIgnores: ['_headers'],
      maximumFileSizeToCacheInBytes: 16 * 2 ** 20, // the model weights and the engine worker are a few MB each
      navigateFallbackDenylist: [/^\/models\//],
    },
  });
}

export default defineConfig({
  plugins: [react(), modelsPlugin(), headersPlugin(), offline()],
  server: { headers: DEV_HEADERS },
  preview: { headers: SERVED_HEADERS },
  worker: { format: 'es' },
  // Minifying breaks threaded wasm: tfjs stringifies its Emscripten factory into the pthread workers, where
  // the minifier's renamed outer variables do not exist ("e is not defined"; tfjs issues 4107, 4539).
  build: { minify: false },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
