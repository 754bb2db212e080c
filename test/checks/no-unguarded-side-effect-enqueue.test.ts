/**
 * Enqueueing another job from a handler: no-unguarded-side-effect reports it only when the enqueue API
 * cannot carry a key (its catalogue entry lists no `keyOptions`); keyed enqueues are
 * require-idempotency-key's. Tested with a small framework of our own, so the logic holds whichever
 * keyless frameworks (amqplib, Cloudflare Queues) the catalogue lists.
 */
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compileCatalogue } from '../../src/analysis/catalogue.js';
import { getFileModel } from '../../src/analysis/model.js';
import { builtinEntries } from '../../src/catalogue/index.js';
import type { JobFramework } from '../../src/catalogue/types.js';
import { check } from '../../src/checks/no-unguarded-side-effect.js';
import { formatMessage } from '../../src/checks/types.js';
import { code } from '../rule-tester.js';

const bus: JobFramework = {
  kind: 'framework',
  id: 'test-bus',
  title: 'test-bus',
  packages: ['test-bus'],
  types: { 'test-bus#Bus': { checkerNames: [] } },
  handlers: [],
  enqueues: [
    { call: { instance: 'test-bus#Bus', path: 'publish' }, nameArg: 0, payloadArg: 1, keyOptions: [], store: 'service' },
    { call: { instance: 'test-bus#Bus', path: 'publishOnce' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions: ['dedupId'], store: 'service' },
  ],
};
const catalogue = compileCatalogue([...builtinEntries, bus]);

function findings(source: string): string[] {
  const sourceFile = ts.createSourceFile('job.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const model = getFileModel(ts, sourceFile, { catalogue });
  return check.check(model, []).map((finding) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(finding.node.getStart(sourceFile));
    return `${line + 1}:${character + 1} ${formatMessage(check.messages[finding.messageId]!, finding.data)}`;
  });
}

describe('no-unguarded-side-effect: enqueueing other jobs', () => {
  const prelude = code`
    import { Worker } from 'bullmq';
    import { Bus } from 'test-bus';
    import { Queue } from 'bullmq';
    const bus = new Bus();
    const queue = new Queue('emails');
  `;

  it('reports an enqueue that cannot carry a key', () => {
    expect(
      findings(code`
        ${prelude}
        new Worker('orders', async (job) => {
          await bus.publish('order-placed', { id: job.data.id });
        });
      `),
    ).toEqual([
      "7:9 Message to another job via test-bus `bus.publish` in BullMQ job 'orders' has no guard: jobs run at least once, so a retry or redelivery enqueues the job again. " +
        'Make the rerun skip it: record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one.',
    ]);
  });

  it('leaves enqueues that can take a key to require-idempotency-key, with or without the key', () => {
    expect(
      findings(code`
        ${prelude}
        new Worker('orders', async (job) => {
          await bus.publishOnce('order-placed', { id: job.data.id });
          await queue.add('receipt', { id: job.data.id });
        });
      `),
    ).toEqual([]);
  });

  it('accepts a guard before a keyless enqueue', () => {
    expect(
      findings(code`
        ${prelude}
        import Redis from 'ioredis';
        const redis = new Redis();
        new Worker('orders', async (job) => {
          if (!(await redis.set(\`published:\${job.data.id}\`, '1', 'NX'))) return;
          await bus.publish('order-placed', { id: job.data.id });
        });
      `),
    ).toEqual([]);
  });
});
