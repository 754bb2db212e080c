// BullMQ 6: https://docs.bullmq.io. Facts: ../../shared/spec/catalogue.md § A1.
import type { JobFramework } from '../types.js';

const keyOptions = ['jobId', 'deduplication.id'];

export default {
  kind: 'framework',
  id: 'bullmq',
  title: 'BullMQ',
  packages: ['bullmq'],
  types: {
    'bullmq#Queue': { checkerNames: ['Queue'] },
    'bullmq#Worker': { checkerNames: ['Worker'] },
    'bullmq#FlowProducer': { checkerNames: ['FlowProducer'] },
    'bullmq#Job': { checkerNames: ['Job'] },
  },
  handlers: [
    {
      shape: 'argument',
      call: { export: 'bullmq#Worker' },
      new: true,
      arg: 1,
      file: true,
      nameArg: 0,
      params: [{ index: 0, type: 'bullmq#Job' }],
    },
  ],
  enqueues: [
    { call: { instance: 'bullmq#Queue', path: 'add' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions, store: 'redis' },
    {
      call: { instance: 'bullmq#Queue', path: 'addBulk' },
      bulk: { arg: 0, itemOptions: 'opts', itemPayload: 'data' },
      keyOptions,
      store: 'redis',
    },
    {
      call: { instance: 'bullmq#FlowProducer', path: 'add' },
      optionsArg: 0,
      keyOptions: ['opts.jobId', 'opts.deduplication.id'],
      store: 'redis',
    },
  ],
  nonRetryableErrors: ['bullmq#UnrecoverableError'],
  failCalls: [{ instance: 'bullmq#Job', path: 'moveToFailed' }],
} satisfies JobFramework;
