// Bee-Queue 2: https://github.com/bee-queue/bee-queue. Facts: catalogue.md § A3.
// Jobs are built with `queue.createJob(data).setId(id).retries(n).backoff(…).timeout(ms).save()`.
import type { JobFramework } from '../types.js';

const queue = 'bee-queue#Queue' as const;

export default {
  kind: 'framework',
  id: 'bee-queue',
  title: 'Bee-Queue',
  packages: ['bee-queue'],
  types: {
    [queue]: { constructedBy: ['bee-queue#default'], annotatedAs: ['bee-queue#default'], checkerNames: ['BeeQueue'] },
  },
  handlers: [{ shape: 'argument', call: { instance: queue, path: 'process' }, arg: 'last' }],
  enqueues: [
    { call: { instance: queue, path: 'createJob' }, payloadArg: 0, keyOptions: [], keyMethods: ['setId'], builder: true, store: 'redis' },
  ],
  // `retries` defaults to 0: a failed job is not retried.
  retry: {
    at: { kind: 'enqueue' },
    option: 'retries',
    counts: 'retries',
    default: 0,
    builderMethod: true,
    backoffOptions: ['backoff'],
    suggestion: { retries: '3', backoff: "'exponential', 1_000" },
  },
  timeout: { at: { kind: 'enqueue' }, options: ['timeout'], builderMethod: true, suggestion: { timeout: '60_000' } },
} satisfies JobFramework;
