// AWS Lambda SQS event handlers (`@types/aws-lambda`). Facts: catalogue.md § A12.
// `export const handler: SQSHandler = async (event) => …`. A thrown error makes the whole batch
// visible again unless the handler returns `{ batchItemFailures }` (and the event source mapping
// has `ReportBatchItemFailures`). Sends are AWS SDK calls (`effects/aws-messaging.ts`).
import type { JobFramework } from '../types.js';

export default {
  kind: 'framework',
  id: 'lambda-sqs',
  title: 'Lambda SQS',
  firstParameterHasNoId: true,
  packages: ['@types/aws-lambda', 'aws-lambda'],
  types: {
    'aws-lambda#SQSEvent': { annotatedAs: ['aws-lambda#SQSEvent'], checkerNames: ['SQSEvent'] },
  },
  handlers: [
    { shape: 'annotated', type: 'aws-lambda#SQSHandler', params: [{ index: 0, type: 'aws-lambda#SQSEvent' }] },
  ],
  enqueues: [],
  ack: { batchFailures: 'batchItemFailures' },
} satisfies JobFramework;
