import pc from 'picocolors';
import type { AuditReport, ReportFinding } from '../analyzer/report.js';
import { plural } from './rule-meta.js';

export interface TextOptions {
  readonly color?: boolean;
}

/**
 * ESLint-stylish text: findings grouped by file (`  line:col  severity  message  rule-id`, with `via`
 * lines for call chains), the job inventory, notes and a summary line. Colours only when asked
 * (the CLI decides from NO_COLOR / FORCE_COLOR / TTY).
 */
export function text(report: AuditReport, options: TextOptions = {}): string {
  const c = pc.createColors(options.color === true);
  const lines: string[] = [];
  const byFile = new Map<string, ReportFinding[]>();
  for (const finding of report.findings) {
    let list = byFile.get(finding.file);
    if (!list) byFile.set(finding.file, (list = []));
    list.push(finding);
  }
  for (const [file, findings] of byFile) {
    lines.push(c.underline(file));
    const width = Math.max(...findings.map((finding) => `${finding.line}:${finding.column}`.length));
    for (const finding of findings) {
      const position = `${finding.line}:${finding.column}`.padEnd(width);
      const severity = finding.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      lines.push(`  ${c.dim(position)}  ${severity}  ${finding.message}  ${c.dim(finding.rule)}`);
      for (const step of finding.chain ?? []) lines.push(`  ${' '.repeat(width)}  ${c.dim(`via ${step.file}:${step.line}:${step.column}`)}  ${step.text}`);
    }
    lines.push('');
  }
  lines.push(c.bold(`Jobs (${report.jobs.length})`));
  const width = Math.max(0, ...report.jobs.map((job) => (job.name ?? '(dynamic)').length));
  const frameworkWidth = Math.max(0, ...report.jobs.map((job) => job.frameworkTitle.length));
  for (const job of report.jobs) {
    const name = (job.name ?? '(dynamic)').padEnd(width);
    lines.push(`  ${name}  ${job.frameworkTitle.padEnd(frameworkWidth)}  ${job.file}:${job.line}:${job.column}`);
  }
  if (report.jobs.length === 0) lines.push('  (no job handlers found)');
  for (const note of report.notes) lines.push(c.dim(`note: ${note}`));
  lines.push('');
  lines.push(summaryLine(report, c));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: AuditReport, c = pc.createColors(false)): string {
  const files = new Set(report.findings.map((finding) => finding.file)).size;
  const errors = report.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const hidden = [
    report.summary.suppressed ? `${report.summary.suppressed} suppressed` : '',
    report.summary.baselined ? `${report.summary.baselined} in baseline` : '',
  ].filter(Boolean);
  const tail = [plural(report.summary.jobs, 'job'), `${plural(report.summary.files, 'file')} analysed`, ...hidden].join(' · ');
  if (report.findings.length === 0) return c.green(`No findings · ${tail}`);
  const kinds = warnings ? ` (${plural(errors, 'error')}, ${plural(warnings, 'warning')})` : '';
  const head = `${plural(report.findings.length, 'finding')}${kinds} in ${plural(files, 'file')}`;
  return `${errors ? c.bold(c.red(head)) : c.bold(c.yellow(head))} · ${tail}`;
}
