// Bull v4: https://github.com/OptimalBits/bull. Facts: catalogue.md § A2.
// `Queue(name, url?, opts?)` works with or without `new`; `add([name,] data, opts)`.
import type { JobFramework } from '../types.js';

const queue = 'bull#Queue' as const;
const queueDefinition = {
  constructors: ['bull#default'],
  nameArg: 0,
  optionsArg: 2,
  optionalArgs: true,
  defaultsProperty: 'defaultJobOptions',
} as const;

export default {
  kind: 'framework',
  id: 'bull',
  title: 'Bull',
  packages: ['bull'],
  types: {
    [queue]: {
      constructedBy: ['bull#default'],
      returnedBy: [{ export: 'bull#default', path: '()' }],
      annotatedAs: ['bull#Queue'],
      checkerNames: ['Queue'],
    },
    'bull#Job': { annotatedAs: ['bull#Job'], checkerNames: ['Job'] },
  },
  handlers: [
    // queue.process([name,] [concurrency,] processor): `name` is a job within the receiver's queue.
    {
      shape: 'argument',
      call: { instance: queue, path: 'process' },
      arg: 'last',
      nameArg: 0,
      queueFromReceiver: queueDefinition,
      params: [{ index: 0, type: 'bull#Job' }],
    },
  ],
  enqueues: [
    {
      call: { instance: queue, path: 'add' },
      nameArg: 0,
      payloadArg: 1,
      optionsArg: 2,
      optionalName: true,
      keyOptions: ['jobId', 'debounce.id'],
      store: 'redis',
      queueDefinition,
    },
    {
      call: { instance: queue, path: 'addBulk' },
      bulk: { arg: 0, itemOptions: 'opts', itemPayload: 'data' },
      keyOptions: ['jobId', 'debounce.id'],
      store: 'redis',
      queueDefinition,
    },
  ],
  retry: {
    at: { kind: 'enqueue' },
    option: 'attempts',
    counts: 'attempts',
    default: 1,
    backoffOptions: ['backoff'],
    suggestion: { attempts: '5', backoff: "{ type: 'exponential', delay: 1_000 }" },
  },
  // Bull has a per-job `timeout` (ms) and no default bound.
  timeout: { at: { kind: 'enqueue' }, options: ['timeout'], suggestion: { timeout: '60_000' } },
  retention: {
    options: ['removeOnComplete', 'removeOnFail'],
    suggestion: { removeOnComplete: '{ count: 1_000 }', removeOnFail: '{ count: 5_000 }' },
  },
} satisfies JobFramework;
