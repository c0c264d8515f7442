#!/usr/bin/env node
// The saccade CLI: runs src/cli/main.ts through tsx, so the engine's TypeScript is used as is.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
