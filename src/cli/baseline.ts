/**
 * Baselines, to adopt job-audit on a legacy repository: `--update-baseline` records today's
 * findings; `--baseline` then hides findings the baseline knows and reports only new ones.
 *
 * A finding's key is rule + file + job + the reported code with whitespace collapsed (not its line),
 * so moving code within a file, or adding lines above it, keeps it known. Each key has a count: two
 * identical calls in the same job are two entries, and a third one is new. Fixing a known finding
 * leaves a stale count, which a note reports (run `--update-baseline` to shrink it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { AuditError } from '../analyzer/errors.js';
import { withFindings, type AuditReport, type ReportFinding } from '../analyzer/report.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly rule: string;
  readonly file: string;
  readonly job: string | null;
  readonly code: string;
  readonly count: number;
}

export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  readonly tool: 'job-audit';
  readonly findings: readonly BaselineEntry[];
}

const keyOf = (entry: { rule: string; file: string; job?: string | null; code: string }) => JSON.stringify([entry.rule, entry.file, entry.job ?? null, entry.code]);
const codeOf = (finding: ReportFinding) => finding.snippet ?? finding.message;

export function createBaseline(report: AuditReport): Baseline {
  const counts = new Map<string, { entry: Omit<BaselineEntry, 'count'>; count: number }>();
  for (const finding of report.findings) {
    const entry = { rule: finding.rule, file: finding.file, job: finding.job ?? null, code: codeOf(finding) };
    const key = keyOf(entry);
    const found = counts.get(key);
    if (found) found.count++;
    else counts.set(key, { entry, count: 1 });
  }
  const findings = [...counts.values()]
    .map(({ entry, count }) => ({ ...entry, count }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.code.localeCompare(b.code));
  return { version: BASELINE_VERSION, tool: 'job-audit', findings };
}

export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function readBaseline(file: string, display: string): Baseline {
  if (!existsSync(file)) throw new AuditError(`baseline not found: ${display} (create it with --update-baseline)`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AuditError(`${display}: not a job-audit baseline (${(error as Error).message.split('\n')[0]})`);
  }
  const baseline = value as Partial<Baseline> | null;
  if (!baseline || baseline.tool !== 'job-audit' || baseline.version !== BASELINE_VERSION || !Array.isArray(baseline.findings)) {
    throw new AuditError(`${display}: not a job-audit baseline (expected { "version": ${BASELINE_VERSION}, "tool": "job-audit", "findings": [...] })`);
  }
  baseline.findings.forEach((entry, index) => {
    if (!entry || typeof entry.rule !== 'string' || typeof entry.file !== 'string' || typeof entry.code !== 'string' || !Number.isInteger(entry.count) || entry.count < 1) {
      throw new AuditError(`${display}: findings[${index}]: expected { rule, file, job, code, count ≥ 1 }`);
    }
  });
  return baseline as Baseline;
}

/** The report without the findings the baseline knows; `summary.baselined` counts them. */
export function applyBaseline(report: AuditReport, baseline: Baseline, display: string): AuditReport {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(keyOf(entry), (remaining.get(keyOf(entry)) ?? 0) + entry.count);
  const findings: ReportFinding[] = [];
  let baselined = 0;
  for (const finding of report.findings) {
    const key = keyOf({ rule: finding.rule, file: finding.file, job: finding.job ?? null, code: codeOf(finding) });
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      baselined++;
    } else findings.push(finding);
  }
  const stale = [...remaining.values()].reduce((sum, left) => sum + left, 0);
  const notes = [...report.notes];
  if (stale > 0) notes.push(`${stale} finding${stale === 1 ? '' : 's'} in ${display} no longer occur${stale === 1 ? 's' : ''}; run with --update-baseline to shrink the baseline`);
  const kept = withFindings(report, findings);
  return { ...kept, summary: { ...kept.summary, baselined }, notes };
}
