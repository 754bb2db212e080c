import { audit } from 'eslint-plugin-job-audit/audit';
import { fixture } from '../helpers.js';

/** Audits a fixture project and returns compact rows that tests compare exactly. */
export function auditFixture(...parts: string[]) {
  const report = audit({ root: fixture('projects', ...parts) });
  return {
    report,
    jobs: report.jobs.map((job) => `${job.framework}:${job.name} @ ${job.file}:${job.line}`),
    findings: report.findings.map((finding) => `${finding.rule} @ ${finding.file}:${finding.line}:${finding.column} [${finding.job ?? ''}]`),
  };
}
