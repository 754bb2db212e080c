/**
 * The per-job report lists each job's findings (rules.md, "The report"): inside its handler, at its
 * registration, at an enqueue site routed to it (another file), and project findings naming it; and
 * where its backoff came from, like its retry count. The top-level `findings` stay as they were.
 */
import { applyBaseline, audit, createBaseline, formatText, withFindings, type AuditReport, type JobEntry } from 'eslint-plugin-job-audit/audit';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';

const root = fixture('projects', 'job-findings');

const rows = (report: AuditReport, job: JobEntry) =>
  (job.findings ?? []).map((index) => report.findings[index]!).map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line}`);
const jobNamed = (report: AuditReport, name: string) => report.jobs.find((job) => job.name === name)!;

describe('per-job findings (fixtures/projects/job-findings)', () => {
  const report = audit({ root });

  it('links handler, registration and enqueue-site findings to their job', () => {
    expect(rows(report, jobNamed(report, 'welcome'))).toEqual([
      // At `welcome.add(…)` in api.ts: the finding itself names no job.
      'require-retry-policy:retryWithoutBackoff @ src/api.ts:5',
      'no-unguarded-side-effect:unguarded @ src/workers.ts:7',
    ]);
    // Reported at `task({ … })`, the registration.
    expect(rows(report, jobNamed(report, 'send-report'))).toEqual(['require-retry-policy:noRetry @ src/trigger/report.ts:3']);
    expect(jobNamed(report, 'digests').findings).toEqual([]);
  });

  it('leaves the top-level findings as they were: an enqueue of a name nobody handles belongs to no job', () => {
    expect(report.findings.map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line} [${finding.job ?? ''}]`)).toEqual([
      'require-retry-policy:retryWithoutBackoff @ src/api.ts:5 []',
      'no-orphan-job:noHandler @ src/api.ts:8 []',
      'require-retry-policy:noRetry @ src/trigger/report.ts:3 []',
      "no-unguarded-side-effect:unguarded @ src/workers.ts:7 [BullMQ job 'welcome']",
    ]);
    const linked = new Set(report.jobs.flatMap((job) => job.findings ?? []));
    expect([...linked].sort()).toEqual([0, 2, 3]);
  });

  it('says where the backoff came from, like the retry count', () => {
    expect(jobNamed(report, 'welcome').detail!.enqueuedAt[0]!.retry).toEqual({
      option: 'attempts',
      value: 3,
      source: 'job options',
      file: 'src/api.ts',
      line: 5,
      column: 74,
      backoff: { option: 'backoff', value: 'none', source: 'BullMQ default' },
    });
    expect(jobNamed(report, 'digests').detail!.enqueuedAt[0]!.retry!.backoff).toEqual({
      option: 'backoff',
      value: "{ type: 'exponential', delay: 1_000 }",
      source: 'queue defaults',
      file: 'src/queues.ts',
      line: 5,
      column: 95,
    });
  });

  it('lists the findings under each job in the --jobs text view', () => {
    const text = formatText(report, { jobs: true });
    expect(text).toContain(
      [
        '  welcome      BullMQ       src/workers.ts:6:30',
        '      effect      email via nodemailer `sendMail`  src/workers.ts:7:9  unprotected',
        '      enqueued at src/api.ts:5:9  key `welcome:${userId}`, retry attempts 3 (job options at src/api.ts:5:74), backoff none (BullMQ default)',
        '      finding     src/api.ts:5:9  error    require-retry-policy (retryWithoutBackoff)',
        '      finding     src/workers.ts:7:9  error    no-unguarded-side-effect (unguarded)',
      ].join('\n'),
    );
    expect(text).toContain("retry attempts 4 (queue defaults at src/queues.ts:5:82), backoff { type: 'exponential', delay: 1_000 } (queue defaults at src/queues.ts:5:95)");
    // Without --jobs the inventory stays one line per job.
    expect(formatText(report)).not.toContain('      finding');
  });

  it('keeps the indexes right when findings are dropped (a baseline, --fix)', () => {
    const unguarded = report.findings[3]!;
    const dropped = withFindings(report, report.findings.slice(1));
    expect(dropped.summary.findings).toBe(3);
    expect(jobNamed(dropped, 'welcome').findings!.map((index) => dropped.findings[index])).toEqual([unguarded]);
    expect(rows(dropped, jobNamed(dropped, 'send-report'))).toEqual(['require-retry-policy:noRetry @ src/trigger/report.ts:3']);

    const baseline = createBaseline({ ...report, findings: [report.findings[0]!] });
    const after = applyBaseline(report, baseline, 'job-audit-baseline.json');
    expect(after.summary).toMatchObject({ findings: 3, baselined: 1 });
    expect(rows(after, jobNamed(after, 'welcome'))).toEqual(['no-unguarded-side-effect:unguarded @ src/workers.ts:7']);
  });
});
