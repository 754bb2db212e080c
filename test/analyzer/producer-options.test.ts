/**
 * The analyzer follows what ESLint cannot: queue options set in another file, and the Trigger.dev
 * project default in trigger.config.ts.
 */
import { audit } from 'eslint-plugin-job-audit/audit';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';

const root = fixture('projects', 'producer-options');
const rules = ['require-retry-policy', 'require-idempotency-key', 'require-queue-options'];

describe('producer options across files (fixtures/projects/producer-options)', () => {
  const report = audit({ root, rules });
  const found = report.findings.map((f) => `${f.file}:${f.line} ${f.rule}/${f.messageId}`).sort();

  it('reports the defaults of a queue defined in another file at the enqueue', () => {
    expect(found).toContain('src/api.ts:4 require-retry-policy/retryWithoutBackoff');
    expect(found).toContain('src/api.ts:4 require-idempotency-key/removedJobsDefeatDedup');
    const message = report.findings.find((f) => f.messageId === 'retryWithoutBackoff')!.message;
    expect(message).toContain("BullMQ retries job 'welcome' (attempts: 3) with no backoff");
  });

  it('reads the Trigger.dev retry default from trigger.config.ts', () => {
    expect(found).toContain('src/trigger/sync.ts:3 require-retry-policy/noRetry');
    const message = report.findings.find((f) => f.file === 'src/trigger/sync.ts')!.message;
    expect(message).toContain('no `retry.maxAttempts` here or in `retries.default` of trigger.config.ts');
  });

  it('stays silent where the options are complete', () => {
    expect(found.filter((f) => f.startsWith('src/api.ts:8'))).toEqual([]);
    expect(found.filter((f) => f.startsWith('src/trigger/sync.ts:8'))).toEqual([]);
    expect(found).toEqual([
      'src/api.ts:4 require-idempotency-key/removedJobsDefeatDedup',
      'src/api.ts:4 require-retry-policy/retryWithoutBackoff',
      'src/trigger/sync.ts:3 require-retry-policy/noRetry',
    ]);
  });
});
