/** Programmatic API: `import { audit } from 'eslint-plugin-job-audit/audit'`. */
export { audit, type AuditOptions, type ExtraCheck } from './analyzer/audit.js';
export { AuditError } from './analyzer/errors.js';
export type * from './analyzer/report.js';
export { withFindings } from './analyzer/report.js';
export { applyBaseline, createBaseline, formatBaseline, readBaseline, type Baseline, type BaselineEntry } from './cli/baseline.js';
export { unifiedDiff } from './cli/diff.js';
export { applyFixes, type FixOptions, type FixResult } from './cli/fix.js';
export { catalogueFor, catalogueFromSettings, checkConfig, loadConfig, CONFIG_FILE } from './config/load.js';
export { configSchema, type JobAuditConfig, type RuleSetting, type RuleSeverity } from './config/schema.js';
export { describeProblem, validate } from './config/validate.js';
export { github as formatGithub } from './reporters/github.js';
export { html as formatHtml } from './reporters/html.js';
export { FORMATS, reporters } from './reporters/index.js';
export { json as formatJson } from './reporters/json.js';
export { markdown as formatMarkdown } from './reporters/markdown.js';
export { sarif as formatSarif, sarifLog } from './reporters/sarif.js';
export { text as formatText } from './reporters/text.js';
