// node-resque 9: https://github.com/actionhero/node-resque. Facts: catalogue.md § A15.
// Jobs are a map `{ [name]: { perform, plugins?, pluginOptions? } }` passed to `new Worker(opts, jobs)`;
// without the Retry plugin a failed job is not retried.
import type { HandlerSpec, JobFramework } from '../types.js';

const jobs = (ctor: string): HandlerSpec => ({
  shape: 'property-map',
  call: { export: `node-resque#${ctor}` },
  new: true,
  arg: 1,
  property: '',
  member: 'perform',
});

export default {
  kind: 'framework',
  id: 'node-resque',
  title: 'node-resque',
  packages: ['node-resque'],
  types: {
    'node-resque#Queue': { constructedBy: ['node-resque#Queue'], annotatedAs: ['node-resque#Queue'], checkerNames: ['Queue'] },
  },
  handlers: [jobs('Worker'), jobs('MultiWorker')],
  enqueues: [
    { call: { instance: 'node-resque#Queue', path: 'enqueue' }, nameArg: 1, payloadArg: 2, keyOptions: [], store: 'redis' },
    { call: { instance: 'node-resque#Queue', path: 'enqueueIn' }, nameArg: 2, payloadArg: 3, keyOptions: [], store: 'redis' },
    { call: { instance: 'node-resque#Queue', path: 'enqueueAt' }, nameArg: 2, payloadArg: 3, keyOptions: [], store: 'redis' },
  ],
  // Without the Retry plugin a failed job goes to the failed list: 0 retries. With it, retryLimit 1
  // and retryDelay 5000 ms by default.
  retry: {
    at: { kind: 'handler-entry' },
    option: 'plugins',
    counts: 'plugin',
    plugin: 'node-resque#Plugins.Retry',
    default: 0,
    suggestion: { plugins: '[Plugins.Retry]', pluginOptions: '{ Retry: { retryLimit: 3, retryDelay: 5_000 } }' },
    suggestionImports: ['node-resque#Plugins'],
  },
} satisfies JobFramework;
