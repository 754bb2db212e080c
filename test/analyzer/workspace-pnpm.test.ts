import { expect, it } from 'vitest';
import { auditFixture } from './helpers.js';

it('resolves a workspace package without node_modules and follows a processor imported from another module', () => {
  const { report, jobs, findings } = auditFixture('workspace-pnpm', 'apps', 'worker');
  expect(jobs).toEqual(['bullmq:order-shipped @ src/main.ts:4']);
  // The transporter lives in packages/mailer; the unguarded send is in the imported processor.
  expect(findings).toEqual([
    "no-unguarded-side-effect @ src/jobs/order-shipped.ts:5:9 [BullMQ job 'order-shipped']",
    "require-failure-handler @ src/main.ts:4:1 [BullMQ job 'order-shipped']",
  ]);
  expect(report.notes).toContain("tsconfig.json: File '@shop/tsconfig/node.json' not found. (extends ignored; is node_modules installed?)");
});
