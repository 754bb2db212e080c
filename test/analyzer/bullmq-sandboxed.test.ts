import { expect, it } from 'vitest';
import { auditFixture } from './helpers.js';

it('finds the handler of a sandboxed processor file named by path.join(__dirname, …) (dist .js → src .ts)', () => {
  const { jobs, findings } = auditFixture('bullmq-sandboxed');
  expect(jobs).toEqual(['bullmq:invoices @ src/workers.ts:5']);
  expect(findings).toEqual([
    "no-unguarded-side-effect @ src/processors/send-invoice.ts:5:9 [BullMQ job 'invoices']",
    "require-job-timeout @ src/processors/send-invoice.ts:5:9 [BullMQ job 'invoices']",
    "require-failure-handler @ src/workers.ts:5:30 [BullMQ job 'invoices']",
  ]);
});
