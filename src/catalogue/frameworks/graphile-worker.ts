// graphile-worker 0.18: https://worker.graphile.org. Facts: catalogue.md § A6.
import type { EnqueueSpec, JobFramework } from '../types.js';

const helpers = [{ index: 1, type: 'graphile-worker#JobHelpers' }] as const;
const addJob = (instance: `graphile-worker#${string}`): EnqueueSpec => ({
  call: { instance, path: 'addJob' },
  nameArg: 0,
  payloadArg: 1,
  optionsArg: 2,
  keyOptions: ['jobKey'],
  store: 'postgres',
});

export default {
  kind: 'framework',
  id: 'graphile-worker',
  title: 'graphile-worker',
  packages: ['graphile-worker'],
  types: {
    'graphile-worker#WorkerUtils': {
      returnedBy: [{ export: 'graphile-worker#makeWorkerUtils', path: '()' }],
      checkerNames: ['WorkerUtils'],
    },
    'graphile-worker#Runner': {
      returnedBy: [{ export: 'graphile-worker#run', path: '()' }],
      checkerNames: ['Runner'],
    },
    'graphile-worker#JobHelpers': { checkerNames: ['JobHelpers', 'Helpers'] },
  },
  handlers: [
    { shape: 'property-map', call: { export: 'graphile-worker#run' }, arg: 0, property: 'taskList', params: helpers },
    { shape: 'property-map', call: { export: 'graphile-worker#runOnce' }, arg: 0, property: 'taskList', params: helpers },
    { shape: 'property-map', call: { export: 'graphile-worker#runTaskList' }, arg: 1, property: '', params: helpers },
    { shape: 'property-map', call: { export: 'graphile-worker#runTaskListOnce' }, arg: 1, property: '', params: helpers },
    { shape: 'directory-option', call: { export: 'graphile-worker#run' }, arg: 0, property: 'taskDirectory', params: helpers },
    { shape: 'directory-option', call: { export: 'graphile-worker#runOnce' }, arg: 0, property: 'taskDirectory', params: helpers },
    { shape: 'annotated', type: 'graphile-worker#Task', params: helpers },
    { shape: 'task-file', directories: ['tasks'], params: helpers },
  ],
  enqueues: [
    addJob('graphile-worker#WorkerUtils'),
    addJob('graphile-worker#Runner'),
    addJob('graphile-worker#JobHelpers'),
    {
      call: { export: 'graphile-worker#quickAddJob' },
      nameArg: 1,
      payloadArg: 2,
      optionsArg: 3,
      keyOptions: ['jobKey'],
      store: 'postgres',
    },
    {
      call: { instance: 'graphile-worker#WorkerUtils', path: 'addJobs' },
      bulk: { arg: 0, itemOptions: '', itemPayload: 'payload' },
      keyOptions: ['jobKey'],
      store: 'postgres',
    },
  ],
  // maxAttempts default 25 with built-in exponential backoff.
  retry: { at: { kind: 'enqueue' }, option: 'maxAttempts', counts: 'attempts', default: 25, suggestion: { maxAttempts: '10' } },
} satisfies JobFramework;
