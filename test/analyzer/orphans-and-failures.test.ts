import { expect, it } from 'vitest';
import { auditFixture } from './helpers.js';

it('reports orphan jobs and failures nobody sees across files (analyzer-only rules)', () => {
  const { report } = auditFixture('orphans-and-failures');
  const rows = report.findings
    .filter((finding) => finding.rule === 'no-orphan-job' || finding.rule === 'require-failure-handler')
    .map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line}`);
  expect(rows).toEqual([
    'no-orphan-job:neverEnqueued @ src/events.ts:9',
    'no-orphan-job:neverEnqueued @ src/nest.ts:4',
    'no-orphan-job:noHandler @ src/producers.ts:9',
    'no-orphan-job:noHandler @ src/producers.ts:13',
    'no-orphan-job:neverEnqueued @ src/workers.ts:15',
    'require-failure-handler:noFailedListener @ src/workers.ts:15',
    'require-failure-handler:noDeadLetter @ src/workers.ts:22',
  ]);
  const typo = report.findings.find((finding) => finding.line === 13 && finding.file === 'src/producers.ts')!;
  expect(typo.message).toBe(
    "pg-boss job 'invoice' is enqueued here but no handler in the project processes it: the jobs pile up unprocessed (or fail as unknown). Add a handler, or fix the name.",
  );
});
