import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { modelsPlugin } from './src/models-plugin.ts';

// COOP/COEP make the page cross-origin isolated, so the wasm backend may use SharedArrayBuffer threads.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), modelsPlugin()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  // Minifying breaks threaded wasm: tfjs stringifies its Emscripten factory into the pthread workers, where
  // the minifier's renamed outer variables do not exist ("e is not defined"; tfjs issues 4107, 4539).
  build: { minify: false },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
