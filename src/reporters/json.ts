import type { AuditReport } from '../analyzer/report.js';

/** The report as JSON (shape documented in the README; versioned by `version`). */
export function json(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
