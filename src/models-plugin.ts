// Serves models/<name>/ at /models/<name>/ (dev and preview) and copies them into the build, with
// /models/index.json listing the folders that hold a manifest.json. Test fixtures stay out of the build.
import fs from 'node:fs';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';

const MODELS_DIR = path.resolve('models');
const SHIPPED_FILES = ['manifest.json', 'weights.bin', 'eval.json'];

function modelNames(): string[] {
  if (!fs.existsSync(MODELS_DIR)) return [];
  return fs.readdirSync(MODELS_DIR)
    .filter((name) => fs.existsSync(path.join(MODELS_DIR, name, 'manifest.json')))
    .sort((a, b) => (a === 's3ta' ? -1 : b === 's3ta' ? 1 : a.localeCompare(b)));
}

function serveModels(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = (req.url ?? '').split('?')[0];
    if (url === '/models/index.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ models: modelNames() }));
      return;
    }
    const match = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(url);
    const file = match && path.join(MODELS_DIR, match[1], match[2]);
    if (!match || !SHIPPED_FILES.includes(match[2]) || !fs.existsSync(file!)) return next();
    res.setHeader('Content-Type', match[2].endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    fs.createReadStream(file!).pipe(res);
  };
}

export function modelsPlugin(): Plugin {
  return {
    name: 'saccade-models',
    configureServer(server) {
      server.middlewares.use(serveModels());
    },
    configurePreviewServer(server) {
      server.middlewares.use(serveModels());
    },
    generateBundle() {
      const names = modelNames();
      this.emitFile({ type: 'asset', fileName: 'models/index.json', source: JSON.stringify({ models: names }) });
      for (const name of names) {
        for (const file of SHIPPED_FILES) {
          const source = path.join(MODELS_DIR, name, file);
          if (fs.existsSync(source)) {
            this.emitFile({ type: 'asset', fileName: `models/${name}/${file}`, source: fs.readFileSync(source) });
          }
        }
      }
    },
  };
}
