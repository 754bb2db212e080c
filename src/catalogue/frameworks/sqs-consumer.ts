// sqs-consumer 15: https://github.com/bbc/sqs-consumer. Facts: catalogue.md § A11.
// Handlers are `handleMessage` / `handleMessageBatch` of `Consumer.create(opts)` or `new Consumer(opts)`.
// In v15 a handler that returns `undefined` does not acknowledge (delete) the message. Retries and
// dead-lettering live on the SQS queue (redrive policy), not in code; sends are AWS SDK calls
// (`effects/aws-messaging.ts`).
import type { HandlerSpec, JobFramework } from '../types.js';

const consumer = 'sqs-consumer#Consumer' as const;
const handler = (property: string, isNew: boolean): HandlerSpec => ({
  shape: 'property',
  call: isNew ? { export: consumer } : { export: consumer, path: 'create' },
  ...(isNew ? { new: true } : {}),
  arg: 0,
  property,
  nameProperty: 'queueUrl',
});

export default {
  kind: 'framework',
  id: 'sqs-consumer',
  title: 'sqs-consumer',
  firstParameterHasNoId: true,
  packages: ['sqs-consumer'],
  types: {
    [consumer]: { constructedBy: [consumer], returnedBy: [{ export: consumer, path: 'create.()' }], checkerNames: ['Consumer'] },
  },
  handlers: [
    handler('handleMessage', false),
    handler('handleMessageBatch', false),
    handler('handleMessage', true),
    handler('handleMessageBatch', true),
  ],
  enqueues: [],
  // v15: return the message to delete it; `alwaysAcknowledge: true` deletes regardless.
  ack: { byReturn: { alwaysOption: { arg: 0, property: 'alwaysAcknowledge' } } },
} satisfies JobFramework;
