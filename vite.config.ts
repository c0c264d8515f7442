import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { modelsPlugin } from './src/models-plugin.ts';
import { DEV_HEADERS, headersFile, SERVED_HEADERS } from './src/server-headers.ts';

/** Writes dist/_headers, so a static host serves the built app with the same headers as `npm start`. */
function headersPlugin(): Plugin {
  return { name: 'saccade-headers', generateBundle() { this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() }); } };
}

export default defineConfig({
  plugins: [react(), modelsPlugin(), headersPlugin()],
  server: { headers: DEV_HEADERS },
  preview: { headers: SERVED_HEADERS },
  worker: { format: 'es' },
  // Minifying breaks threaded wasm: tfjs stringifies its Emscripten factory into the pthread workers, where
  // the minifier's renamed outer variables do not exist ("e is not defined"; tfjs issues 4107, 4539).
  build: { minify: false },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
