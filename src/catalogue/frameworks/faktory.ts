// faktory-worker 4: https://github.com/jbielick/faktory_worker_node. Facts: catalogue.md § A16.
// Handlers are registered with `faktory.register(jobtype, fn)`; jobs retry 25 times by default.
import type { JobFramework } from '../types.js';

const client = 'faktory-worker#Client' as const;

export default {
  kind: 'framework',
  id: 'faktory',
  title: 'Faktory',
  packages: ['faktory-worker'],
  types: {
    [client]: {
      constructedBy: [client],
      returnedBy: [{ export: 'faktory-worker#connect', path: '()' }],
      annotatedAs: [client],
      checkerNames: ['Client'],
    },
  },
  handlers: [{ shape: 'argument', call: { export: 'faktory-worker#register' }, arg: 1, nameArg: 0 }],
  enqueues: [
    { call: { instance: client, path: 'job.().push' }, keyOptions: [], store: 'service' },
    { call: { instance: client, path: 'push' }, payloadArg: 0, optionsArg: 0, keyOptions: [], store: 'service' },
    { call: { instance: client, path: 'pushBulk' }, bulk: { arg: 0, itemOptions: '' }, keyOptions: [], store: 'service' },
  ],
  retry: { at: { kind: 'enqueue' }, option: 'retry', counts: 'retries', default: 25, suggestion: { retry: '10' } },
} satisfies JobFramework;
