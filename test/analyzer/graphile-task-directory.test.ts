import { expect, it } from 'vitest';
import { auditFixture } from './helpers.js';

it('treats every file of run({ taskDirectory }) as a task named after the file', () => {
  const { jobs, findings } = auditFixture('graphile-task-directory');
  expect(jobs).toEqual([
    'graphile-worker:notify_slack @ src/jobs/notify_slack.ts:3',
    'graphile-worker:rebuild_search_index @ src/jobs/rebuild_search_index.ts:1',
  ]);
  expect(findings).toEqual([
    "no-unguarded-side-effect @ src/jobs/notify_slack.ts:4:9 [graphile-worker job 'notify_slack']",
    "require-job-timeout @ src/jobs/notify_slack.ts:4:9 [graphile-worker job 'notify_slack']",
  ]);
});
