// Writes job-audit.schema.json from src/config/schema.ts (built into dist/ first: `npm run schema`).
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/src/config/schema.js';

writeFileSync(new URL('../job-audit.schema.json', import.meta.url), `${JSON.stringify(configSchema, null, 2)}\n`);
