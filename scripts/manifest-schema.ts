// npm run schema: writes the manifest schema (src/engine/manifest.ts) as JSON Schema for training/export.py's tests.
import fs from 'node:fs';
import { manifestJsonSchema } from '../src/engine/manifest.ts';

fs.writeFileSync('models/manifest.schema.json', `${JSON.stringify(manifestJsonSchema(), null, 1)}\n`);
console.log('wrote models/manifest.schema.json');
