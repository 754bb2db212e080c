// Trigger.dev v4: https://trigger.dev/docs. Facts: catalogue.md § A9.
import type { EnqueueSpec, HandlerSpec, JobFramework, Target } from '../types.js';

const sdk = '@trigger.dev/sdk';
const keyOptions = ['idempotencyKey'];
const taskHandler = (path: string | undefined, name: string): HandlerSpec => ({
  shape: 'property',
  call: path === undefined ? { export: `${sdk}#${name}` } : { export: `${sdk}#${name}`, path },
  arg: 0,
  property: 'run',
  nameProperty: 'id',
});
const byId = (method: string): EnqueueSpec => ({
  call: { export: `${sdk}#tasks`, path: method },
  nameArg: 0,
  payloadArg: 1,
  optionsArg: 2,
  keyOptions,
  store: 'service',
});
// Bulk enqueues: `items[i].options` per item, and batch-level options (`BatchTriggerOptions`) whose
// `idempotencyKey` keys every item that has none (as key + index).
const bulkById = (method: string): EnqueueSpec => ({
  call: { export: `${sdk}#tasks`, path: method },
  nameArg: 0,
  optionsArg: 2,
  bulk: { arg: 1, itemOptions: 'options', itemPayload: 'payload', batchKeyArg: 2 },
  keyOptions,
  store: 'service',
});
// `task.batchTrigger(items, batchOpts?)`, and `batch.trigger([{ id, payload, options? }], batchOpts?)`,
// `batch.triggerByTask([{ task, payload, options? }], batchOpts?)` with their `AndWait` variants
// (several tasks in one batch): items first, batch-level options second.
const bulkAt = (call: Target): EnqueueSpec => ({
  call,
  optionsArg: 1,
  bulk: { arg: 0, itemOptions: 'options', itemPayload: 'payload', batchKeyArg: 1 },
  keyOptions,
  store: 'service',
});
const bulkOnTask = (method: string) => bulkAt({ instance: `${sdk}#Task`, path: method });
const onBatch = (method: string) => bulkAt({ export: `${sdk}#batch`, path: method });
const onTask = (method: string): EnqueueSpec => ({
  call: { instance: `${sdk}#Task`, path: method },
  payloadArg: 0,
  optionsArg: 1,
  keyOptions,
  store: 'service',
});

export default {
  kind: 'framework',
  id: 'trigger-dev',
  title: 'Trigger.dev',
  packages: [sdk],
  moduleAliases: { [sdk]: ['^@trigger\\.dev/sdk/v3$'] },
  types: {
    [`${sdk}#Task`]: {
      returnedBy: [
        { export: `${sdk}#task`, path: '()' },
        { export: `${sdk}#schemaTask`, path: '()' },
        { export: `${sdk}#schedules`, path: 'task.()' },
      ],
    },
  },
  handlers: [taskHandler(undefined, 'task'), taskHandler(undefined, 'schemaTask'), taskHandler('task', 'schedules')],
  enqueues: [
    byId('trigger'),
    byId('triggerAndWait'),
    bulkById('batchTrigger'),
    bulkById('batchTriggerAndWait'),
    onTask('trigger'),
    onTask('triggerAndWait'),
    bulkOnTask('batchTrigger'),
    bulkOnTask('batchTriggerAndWait'),
    onBatch('trigger'),
    onBatch('triggerAndWait'),
    onBatch('triggerByTask'),
    onBatch('triggerByTaskAndWait'),
  ],
  nonRetryableErrors: [`${sdk}#AbortTaskRunError`],
  // A task without `retry` falls back to `retries.default` of trigger.config.ts, which only the
  // analyzer reads; with neither, the run is not retried.
  retry: {
    at: { kind: 'handler', arg: 0 },
    option: 'retry.maxAttempts',
    counts: 'attempts',
    default: 1,
    defaultOutsideCode: true,
    projectDefault: { files: ['trigger.config.ts', 'trigger.config.mts', 'trigger.config.js', 'trigger.config.mjs'], option: 'retries.default.maxAttempts' },
    suggestion: { 'retry.maxAttempts': '5' },
  },
  timeout: { at: { kind: 'handler', arg: 0 }, options: ['maxDuration'], default: 'the project `maxDuration` of trigger.config.ts', suggestion: { maxDuration: '300' } },
} satisfies JobFramework;
