#!/usr/bin/env node
// The saccade CLI: runs src/cli/main.ts through tsx, in CommonJS mode: tfjs-core's gradient registrations
// are ES modules with directory imports, which Node's ESM loader refuses and tsx's require() accepts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').require('../src/cli/index.ts', import.meta.url);
