/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding, shown on the
 * pull request's diff, then notes as `::notice`. File paths are relative to `cwd` (the workflow's
 * working directory, normally the repository root).
 */
import path from 'node:path';
import type { AuditReport } from '../analyzer/report.js';
import { summaryLine } from './text.js';

export interface GithubOptions {
  /** Directory that annotation paths are relative to (default: the analysed root). */
  readonly cwd?: string;
}

/** Escaping for the message part (`%`, CR, LF). */
export const escapeData = (value: string): string => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escaping for property values (also `:` and `,`). */
export const escapeProperty = (value: string): string => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github(report: AuditReport, options: GithubOptions = {}): string {
  const base = options.cwd ?? report.root;
  const lines: string[] = [];
  for (const finding of report.findings) {
    const file = path.relative(base, path.join(report.root, finding.file)).split(path.sep).join('/');
    const properties = [
      `file=${escapeProperty(file)}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      `endLine=${finding.endLine}`,
      `endColumn=${finding.endColumn}`,
      `title=${escapeProperty(finding.ruleId)}`,
    ].join(',');
    const via = (finding.chain ?? []).map((step) => `\nvia ${step.file}:${step.line}:${step.column} ${step.text}`).join('');
    lines.push(`::${finding.severity === 'warning' ? 'warning' : 'error'} ${properties}::${escapeData(finding.message + via)}`);
  }
  for (const note of report.notes) lines.push(`::notice title=job-audit::${escapeData(note)}`);
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
