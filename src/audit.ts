/** Programmatic API: `import { audit } from 'eslint-plugin-job-audit/audit'`. */
export { audit, type AuditOptions } from './analyzer/audit.js';
export { AuditError } from './analyzer/errors.js';
export type * from './analyzer/report.js';
export { json as formatJson } from './reporters/json.js';
export { text as formatText } from './reporters/text.js';
