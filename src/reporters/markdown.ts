/**
 * Markdown for pull-request comments: a summary line, a findings table (location, rule linked to its
 * docs, message, call chain) and the job inventory in a collapsed block. Everything from the code is
 * escaped so it cannot break the table or inject HTML.
 */
import type { AuditReport } from '../analyzer/report.js';
import { plural, ruleInfo } from './rule-meta.js';
import { summaryLine } from './text.js';

/** Escapes text for a table cell: HTML, Markdown punctuation that changes rendering, pipes, newlines. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

const code = (value: string) => `<code>${escapeMarkdown(value).replace(/\\([`*_[\]#~])/g, '$1')}</code>`;

export function markdown(report: AuditReport): string {
  const out: string[] = [];
  out.push(`### job-audit: ${report.findings.length === 0 ? 'no findings' : plural(report.findings.length, 'finding')}`, '');
  out.push(escapeMarkdown(summaryLine(report)), '');
  if (report.findings.length) {
    out.push('| | Location | Rule | Message |', '| --- | --- | --- | --- |');
    for (const finding of report.findings) {
      const icon = finding.severity === 'error' ? '❌' : '⚠️';
      const via = (finding.chain ?? []).map((step) => `<br>via ${code(`${step.file}:${step.line}:${step.column}`)} ${code(step.text)}`).join('');
      const rule = ruleInfo(finding.rule);
      out.push(`| ${icon} | ${code(`${finding.file}:${finding.line}:${finding.column}`)} | [${escapeMarkdown(finding.rule)}](${rule.url}) | ${escapeMarkdown(finding.message)}${via} |`);
    }
    out.push('');
  }
  out.push(`<details><summary>${plural(report.jobs.length, 'job')} found</summary>`, '');
  if (report.jobs.length) {
    out.push('| Job | Framework | Handler | Findings |', '| --- | --- | --- | --- |');
    for (const job of report.jobs) {
      // The job's own list (handler, registration and enqueue-site findings); a report without it counts by label.
      const count = job.findings ? job.findings.length : report.findings.filter((finding) => finding.job === job.label).length;
      out.push(`| ${escapeMarkdown(job.name ?? '(dynamic)')} | ${escapeMarkdown(job.frameworkTitle)} | ${code(`${job.file}:${job.line}:${job.column}`)} | ${count} |`);
    }
  } else out.push('No job handlers found.');
  out.push('', '</details>');
  if (report.notes.length) out.push('', ...report.notes.map((note) => `> ${escapeMarkdown(note)}`));
  return `${out.join('\n')}\n`;
}
