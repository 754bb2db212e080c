// BullMQ 6: https://docs.bullmq.io. Facts: ../../shared/spec/catalogue.md § A1.
import type { JobFramework } from '../types.js';

const keyOptions = ['jobId', 'deduplication.id'];
const queueDefinition = {
  constructors: ['bullmq#Queue'],
  nameArg: 0,
  optionsArg: 1,
  defaultsProperty: 'defaultJobOptions',
} as const;

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
    { call: { instance: 'bullmq#Queue', path: 'add' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions, store: 'redis', queueDefinition },
    {
      call: { instance: 'bullmq#Queue', path: 'addBulk' },
      bulk: { arg: 0, itemOptions: 'opts', itemPayload: 'data' },
      keyOptions,
      store: 'redis',
      queueDefinition,
    },
    {
      call: { instance: 'bullmq#FlowProducer', path: 'add' },
      optionsArg: 0,
      optionsPath: 'opts',
      keyOptions: ['opts.jobId', 'opts.deduplication.id'],
      store: 'redis',
    },
    // The scheduler id is the key of a repeatable job.
    { call: { instance: 'bullmq#Queue', path: 'upsertJobScheduler' }, nameArg: 0, keyOptions: [], scheduler: true, store: 'redis' },
  ],
  nonRetryableErrors: ['bullmq#UnrecoverableError'],
  failCalls: [{ instance: 'bullmq#Job', path: 'moveToFailed' }],
  // `attempts` counts every run: the default 1 means no retry (base-job-options.d.ts).
  retry: {
    at: { kind: 'enqueue' },
    option: 'attempts',
    counts: 'attempts',
    default: 1,
    backoffOptions: ['backoff'],
    suggestion: { attempts: '5', backoff: "{ type: 'exponential', delay: 1_000 }" },
  },
  // Completed and failed jobs are kept forever unless removed (removeOnComplete / removeOnFail).
  retention: {
    options: ['removeOnComplete', 'removeOnFail'],
    suggestion: { removeOnComplete: '{ count: 1_000 }', removeOnFail: '{ count: 5_000 }' },
  },
} satisfies JobFramework;
