import { expect, it } from 'vitest';
import { auditFixture } from './helpers.js';

it('reports orphan jobs and failures nobody sees across files (analyzer-only rules)', () => {
  const { report } = auditFixture('orphans-and-failures');
  const rows = report.findings
    .filter((finding) => finding.rule === 'no-orphan-job' || finding.rule === 'require-failure-handler')
    .map((finding) => `${finding.rule}:${finding.messageId} @ ${finding.file}:${finding.line}`);
  expect(rows).toEqual([
    'no-orphan-job:neverEnqueued @ src/events.ts:11',
    'no-orphan-job:neverEnqueued @ src/nest.ts:4',
    'no-orphan-job:payloadMismatch @ src/producers.ts:9',
    'no-orphan-job:noHandler @ src/producers.ts:11',
    'no-orphan-job:noHandler @ src/producers.ts:15',
    'no-orphan-job:neverEnqueued @ src/workers.ts:19',
    'require-failure-handler:noFailedListener @ src/workers.ts:19',
    'require-failure-handler:noDeadLetter @ src/workers.ts:26',
  ]);
  const mismatch = report.findings.find((finding) => finding.messageId === 'payloadMismatch')!;
  expect(mismatch.message).toBe(
    "This payload for queue 'emails' has type `{ accountId: string; }`, but BullMQ job 'emails' expects `WelcomeEmail`: the handler reads fields that are not there. Send what the handler expects, or change its payload type.",
  );
  // The matching payload (`{ userId }`) two lines above is not reported.
  expect(report.findings.filter((finding) => finding.messageId === 'payloadMismatch')).toHaveLength(1);
  const typo = report.findings.find((finding) => finding.line === 15 && finding.file === 'src/producers.ts')!;
  expect(typo.message).toBe(
    "pg-boss job 'invoice' is enqueued here but no handler in the project processes it: the jobs pile up unprocessed (or fail as unknown). Add a handler, or fix the name.",
  );
});
