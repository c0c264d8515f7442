// Serves models/index.json (the one list of shipped models, in picker order) and each listed models/<name>/ at
// /models/ (dev and preview), and copies them into the build. Test fixtures stay out of the build.
import fs from 'node:fs';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';
import { parseModelIndex } from './engine/model-index.ts';

const MODELS_DIR = path.resolve('models');
const SHIPPED_FILES = ['manifest.json', 'weights.bin', 'eval.json'];

const INDEX = path.join(MODELS_DIR, 'index.json');

function indexText(): string {
  return fs.existsSync(INDEX) ? fs.readFileSync(INDEX, 'utf8') : JSON.stringify({ models: [] });
}

/** The listed models' folder names; a malformed index fails the build (and the dev server's answers) by name. */
function modelNames(): string[] {
  return fs.existsSync(INDEX) ? parseModelIndex(indexText()).map((m) => m.name) : [];
}

function serveModels(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = (req.url ?? '').split('?')[0];
    if (url === '/models/index.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(indexText());
      return;
    }
    if (!url.startsWith('/models/')) return next();
    const match = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(url);
    const file = match && path.join(MODELS_DIR, match[1], match[2]);
    if (!match || !modelNames().includes(match[1]) || !SHIPPED_FILES.includes(match[2]) || !fs.existsSync(file!)) {
      res.statusCode = 404; // never the app's index.html: the loader must see a missing file as missing
      res.end(`not found: ${url}`);
      return;
    }
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
      this.emitFile({ type: 'asset', fileName: 'models/index.json', source: indexText() });
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
