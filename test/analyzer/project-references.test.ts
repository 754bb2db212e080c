import { expect, it } from 'vitest';
import { auditFixture } from './helpers.js';

it('analyses the files of referenced projects of a solution-style tsconfig', () => {
  const { report, jobs, findings } = auditFixture('project-references');
  expect(jobs).toEqual(['pg-boss:sync-crm @ packages/jobs/src/worker.ts:5']);
  expect(findings).toEqual([
    "no-unguarded-side-effect @ packages/jobs/src/worker.ts:6:9 [pg-boss job 'sync-crm']",
    "require-job-timeout @ packages/jobs/src/worker.ts:6:9 [pg-boss job 'sync-crm']",
  ]);
  expect(report.notes).toContain('packages/missing/tsconfig.json: referenced project not found');
});
