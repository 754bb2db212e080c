// AWS SDK v3 SQS and SNS sends. Facts: catalogue.md § C. FIFO queues and topics (a send with
// `MessageGroupId`) dedupe by `MessageDeduplicationId` for 5 minutes; standard ones cannot dedupe.
// v3 sends are `client.send(new SendMessageCommand(input))`: matched by the command's constructor.
// Batch sends carry up to 10 entries, each with its own `MessageGroupId`/`MessageDeduplicationId`.
import type { EffectProvider, EffectSpec, ExportRef, TypeRef } from '../types.js';

const sqs = '@aws-sdk/client-sqs';
const sns = '@aws-sdk/client-sns';
const key = { arg: 0, path: 'MessageDeduplicationId', onlyWith: 'MessageGroupId' } as const;
type Key = NonNullable<EffectSpec['idempotencyKey']>;
// Batch sends (`SendMessageBatchCommand`, `PublishBatchCommand`): the FIFO rule holds per entry.
const batchKey = (entries: string): Key => ({ ...key, entries });
const command = (client: TypeRef, ctor: ExportRef, label: string, idempotencyKey: Key = key): EffectSpec => ({
  call: { instance: client, path: 'send' },
  argumentConstructor: { arg: 0, export: ctor },
  family: 'message',
  label,
  idempotencyKey,
  enqueue: true,
});
const aggregated = (client: TypeRef, method: string, label: string, idempotencyKey: Key = key): EffectSpec => ({
  call: { instance: client, path: method },
  family: 'message',
  label,
  idempotencyKey,
  enqueue: true,
});

export default {
  kind: 'effect',
  id: 'aws-messaging',
  title: 'AWS SQS / SNS',
  packages: [sqs, sns],
  types: {
    [`${sqs}#SQSClient`]: { constructedBy: [`${sqs}#SQSClient`], annotatedAs: [`${sqs}#SQSClient`], checkerNames: ['SQSClient'] },
    [`${sqs}#SQS`]: { constructedBy: [`${sqs}#SQS`], annotatedAs: [`${sqs}#SQS`], checkerNames: ['SQS'] },
    [`${sns}#SNSClient`]: { constructedBy: [`${sns}#SNSClient`], annotatedAs: [`${sns}#SNSClient`], checkerNames: ['SNSClient'] },
    [`${sns}#SNS`]: { constructedBy: [`${sns}#SNS`], annotatedAs: [`${sns}#SNS`], checkerNames: ['SNS'] },
  },
  effects: [
    command(`${sqs}#SQSClient`, `${sqs}#SendMessageCommand`, 'SQS message via `{callee}(new SendMessageCommand(…))`'),
    command(`${sns}#SNSClient`, `${sns}#PublishCommand`, 'SNS message via `{callee}(new PublishCommand(…))`'),
    command(`${sqs}#SQSClient`, `${sqs}#SendMessageBatchCommand`, 'SQS message batch via `{callee}(new SendMessageBatchCommand(…))`', batchKey('Entries')),
    command(`${sns}#SNSClient`, `${sns}#PublishBatchCommand`, 'SNS message batch via `{callee}(new PublishBatchCommand(…))`', batchKey('PublishBatchRequestEntries')),
    aggregated(`${sqs}#SQS`, 'sendMessage', 'SQS message via `{callee}`'),
    aggregated(`${sns}#SNS`, 'publish', 'SNS message via `{callee}`'),
    aggregated(`${sqs}#SQS`, 'sendMessageBatch', 'SQS message batch via `{callee}`', batchKey('Entries')),
    aggregated(`${sns}#SNS`, 'publishBatch', 'SNS message batch via `{callee}`', batchKey('PublishBatchRequestEntries')),
  ],
} satisfies EffectProvider;
