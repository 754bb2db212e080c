/** `npm run schema`: writes job-audit.schema.json (published with the package) from the schema source. */
import { writeFileSync } from 'node:fs';
import { configSchema } from './schema.js';

writeFileSync(new URL('../../../job-audit.schema.json', import.meta.url), `${JSON.stringify(configSchema, null, 2)}\n`);
