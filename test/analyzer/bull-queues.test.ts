import { audit } from 'eslint-plugin-job-audit/audit';
import { expect, it } from 'vitest';
import { packageDirs } from '../../dist/src/analyzer/threads.js';
import { fixture } from '../helpers.js';
import { auditFixture } from './helpers.js';

// Bull and NestJS Bull take part in the project rules per queue, like BullMQ: queues built with
// `new Queue(name)` / `Bull(name)` or injected with `@InjectQueue(name)`, across workspace packages.
it('reports Bull queues added to with no processor, processors of queues nothing adds to, and failures nobody sees', () => {
  const { report, jobs } = auditFixture('bull-queues');
  const rows = report.findings
    .filter((finding) => finding.rule === 'no-orphan-job' || finding.rule === 'require-failure-handler')
    .map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line}`);
  expect(rows).toEqual([
    'no-orphan-job:noHandler @ apps/api/src/digests.ts:13',
    'no-orphan-job:noHandler @ apps/api/src/signup.ts:6',
    'no-orphan-job:neverEnqueued @ apps/workers/src/index.ts:15',
    'require-failure-handler:noQueueFailedListener @ apps/workers/src/index.ts:15',
    'no-orphan-job:neverEnqueued @ apps/workers/src/nest.ts:18',
    'require-failure-handler:noQueueFailedListener @ apps/workers/src/nest.ts:18',
  ]);
  const byLine = (file: string, line: number, rule: string) => report.findings.find((f) => f.file === file && f.line === line && f.rule === rule)!;
  expect(byLine('apps/api/src/signup.ts', 6, 'no-orphan-job').message).toBe(
    "Bull queue 'reports' is enqueued here but no handler in the project processes it: the jobs pile up unprocessed (or fail as unknown). Add a handler, or fix the name.",
  );
  expect(byLine('apps/workers/src/index.ts', 15, 'no-orphan-job').message).toBe(
    "Bull job 'legacy-sync' is never enqueued anywhere in the project: no code adds queue 'legacy-sync'. Remove the handler, enqueue it, or schedule it.",
  );
  expect(byLine('apps/workers/src/nest.ts', 18, 'require-failure-handler').message).toBe(
    "Nobody sees the failures of NestJS Bull job 'exports': no `failed` or `global:failed` listener on queue 'exports' and no `@OnQueueFailed()` in its processor. A job that exhausts its retries sits in the failed set and nobody is told. Add `queue.on('failed', (job, error) => …)` that logs or alerts.",
  );
  // The inventory names each job: the job name a processor registers for, else its queue's name.
  expect(jobs).toEqual([
    'bull:welcome @ apps/workers/src/index.ts:5',
    'bull:receipt @ apps/workers/src/index.ts:6',
    'bull:digest @ apps/workers/src/index.ts:8',
    'bull:cleanup @ apps/workers/src/index.ts:11',
    'bull:legacy-sync @ apps/workers/src/index.ts:15',
    'bullmq:reports @ apps/workers/src/index.ts:18',
    'nestjs-bull:issue @ apps/workers/src/invoices.ts:5',
    'nestjs-bull:refunds @ apps/workers/src/invoices.ts:22',
    'nestjs-bull:daily @ apps/workers/src/nest.ts:4',
    'nestjs-bull:exports @ apps/workers/src/nest.ts:18',
  ]);
  expect(report.jobs.map((job) => job.label)).toContain("Bull job 'receipt' on queue 'emails'");
  // The per-job report routes by queue, then by job name within it: each processor of 'emails' lists
  // the adds of its own job name ('digest' none), the unnamed processor of 'cleanup' the unnamed add.
  const enqueued = (name: string) => report.jobs.find((job) => job.name === name)!.detail!.enqueuedAt.map((site) => `${site.file}:${site.line}`);
  expect(enqueued('welcome')).toEqual(['apps/api/src/signup.ts:4']);
  expect(enqueued('receipt')).toEqual(['apps/api/src/signup.ts:10']);
  expect(enqueued('digest')).toEqual([]);
  expect(enqueued('cleanup')).toEqual(['apps/api/src/signup.ts:15']);
  expect(enqueued('daily')).toEqual(['apps/api/src/digests.ts:11']);
  expect(enqueued('issue')).toEqual(['apps/api/src/billing.ts:11']);
  expect(enqueued('refunds')).toEqual(['apps/api/src/billing.ts:15']);
  expect(enqueued('legacy-sync')).toEqual([]);
});

it('stays silent for Bull when a queue name or a listened queue cannot be read', () => {
  const { report } = auditFixture('bull-dynamic');
  // Without the listener on a queue of unknown origin, 'mail' (processed and added to) would lack a
  // failed listener; without the processor of an unreadable queue, 'audit' would have no handler.
  expect(report.jobs.map((job) => job.name)).toEqual([null, 'mail']);
  expect(report.findings.filter((finding) => finding.rule === 'no-orphan-job' || finding.rule === 'require-failure-handler')).toEqual([]);
});

it('gives the serial report when the Bull workspace is analysed in threads', () => {
  const root = fixture('projects', 'bull-queues');
  expect(packageDirs(root)).toHaveLength(3);
  const serial = audit({ root });
  expect(JSON.stringify(audit({ root, threads: 2 }), null, 2)).toBe(JSON.stringify(serial, null, 2));
});
