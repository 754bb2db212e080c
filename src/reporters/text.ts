import type { AuditReport } from '../analyzer/report.js';

export interface TextOptions {
  readonly color?: boolean;
}

/**
 * Findings as `path:line:col  rule-id  message` (the call chain under findings that go through
 * helpers), then the job inventory and a summary line.
 */
export function text(report: AuditReport, options: TextOptions = {}): string {
  const paint = (code: number, value: string) => (options.color ? `\u001B[${code}m${value}\u001B[0m` : value);
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${finding.file}:${finding.line}:${finding.column}  ${paint(31, finding.rule)}  ${finding.message}`);
    for (const step of finding.chain ?? []) lines.push(`    via ${step.file}:${step.line}:${step.column}  ${step.text}`);
  }
  if (report.findings.length > 0) lines.push('');
  lines.push(paint(1, `Jobs (${report.jobs.length})`));
  const width = Math.max(0, ...report.jobs.map((job) => (job.name ?? '(dynamic)').length));
  const frameworkWidth = Math.max(0, ...report.jobs.map((job) => job.frameworkTitle.length));
  for (const job of report.jobs) {
    const name = (job.name ?? '(dynamic)').padEnd(width);
    lines.push(`  ${name}  ${job.frameworkTitle.padEnd(frameworkWidth)}  ${job.file}:${job.line}:${job.column}`);
  }
  if (report.jobs.length === 0) lines.push('  (no job handlers found)');
  for (const note of report.notes) lines.push(paint(2, `note: ${note}`));
  lines.push('');
  const files = new Set(report.findings.map((finding) => finding.file)).size;
  const summary =
    report.findings.length === 0
      ? `No findings · ${report.summary.jobs} jobs · ${report.summary.files} files analysed`
      : `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} · ${report.summary.jobs} jobs · ${report.summary.files} files analysed`;
  lines.push(report.findings.length === 0 ? paint(32, summary) : paint(1, summary));
  return `${lines.join('\n')}\n`;
}
