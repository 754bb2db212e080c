import type { AuditReport } from '../analyzer/report.js';
import { json } from './json.js';
import { text } from './text.js';

export interface ReporterOptions {
  readonly color?: boolean;
}

export const reporters: Record<string, (report: AuditReport, options: ReporterOptions) => string> = {
  json,
  text,
};
