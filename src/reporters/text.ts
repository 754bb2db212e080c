import pc from 'picocolors';
import type { AuditReport, JobDetail, JobPolicyValue, JobRetry, ReportFinding } from '../analyzer/report.js';
import { plural } from './rule-meta.js';

export interface TextOptions {
  readonly color?: boolean;
  /** Under each job: its operations and their protection, enqueue sites with keys, retry policy. */
  readonly jobs?: boolean;
}

/**
 * ESLint-stylish text: findings grouped by file (`  line:col  severity  message  rule-id`, with `via`
 * lines for call chains), the job inventory, notes and a summary line. Colours only when asked
 * (the CLI decides from NO_COLOR / FORCE_COLOR / TTY).
 */
function valueText(value: JobPolicyValue): string {
  const where = value.file ? ` at ${value.file}:${value.line}:${value.column}` : '';
  return `${value.option} ${value.value ?? '?'} (${value.source}${where})`;
}

function retryText(retry: JobRetry): string {
  return retry.backoff ? `${valueText(retry)}, ${valueText(retry.backoff)}` : valueText(retry);
}

/** The job's findings (references to the list above), indented under the job's inventory line. */
function jobFindingLines(report: AuditReport, indexes: readonly number[], c: ReturnType<typeof pc.createColors>): string[] {
  return indexes.flatMap((index) => {
    const finding = report.findings[index];
    if (!finding) return [];
    const severity = finding.severity === 'error' ? c.red('error  ') : c.yellow('warning');
    return [`      finding     ${finding.file}:${finding.line}:${finding.column}  ${severity}  ${finding.rule} (${finding.messageId})`];
  });
}

/** The per-job report, indented under the job's inventory line. */
function jobDetailLines(detail: JobDetail, c: ReturnType<typeof pc.createColors>): string[] {
  const lines: string[] = [];
  for (const op of detail.operations) {
    const protection = op.protection === 'none' ? c.red('unprotected') : `protected by ${op.protection}`;
    lines.push(`      ${op.kind.padEnd(11)} ${op.label}  ${op.file}:${op.line}:${op.column}  ${protection}`);
    for (const step of op.chain ?? []) lines.push(`        via ${step.file}:${step.line}:${step.column}  ${step.text}`);
  }
  if (detail.operations.length === 0) lines.push('      (no effects or writes found)');
  for (const site of detail.enqueuedAt) {
    const retry = site.retry ? `, retry ${retryText(site.retry)}` : '';
    lines.push(`      enqueued at ${site.file}:${site.line}:${site.column}  key ${site.key ?? c.red('none')}${retry}`);
  }
  if (detail.retry) lines.push(`      retry ${retryText(detail.retry)}`);
  return lines;
}

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
    if (options.jobs && job.detail) lines.push(...jobDetailLines(job.detail, c));
    if (options.jobs && job.findings) lines.push(...jobFindingLines(report, job.findings, c));
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
