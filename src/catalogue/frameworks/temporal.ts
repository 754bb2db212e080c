// Temporal TypeScript SDK 1.x: https://docs.temporal.io/develop/typescript. Facts: catalogue.md § A10.
// Activities are the handlers (workflows replay deterministically and are not). An activity's retry
// policy and timeouts are set where the workflow proxies it: `proxyActivities({ … })` or
// `proxyLocalActivities({ … })`.
import type { EnqueueSpec, JobFramework } from '../types.js';

const client = '@temporalio/client#Client' as const;
const start = (path: string): EnqueueSpec => ({
  call: { instance: client, path },
  nameArg: 0,
  optionsArg: 1,
  keyOptions: ['workflowId'],
  store: 'service',
});
// `proxyLocalActivities` takes the same retry policy and timeouts (LocalActivityOptions).
const proxy = {
  kind: 'call',
  call: { export: '@temporalio/workflow#proxyActivities' },
  arg: 0,
  alsoCalls: [{ export: '@temporalio/workflow#proxyLocalActivities' }],
} as const;

export default {
  kind: 'framework',
  id: 'temporal',
  title: 'Temporal',
  packages: ['@temporalio/worker', '@temporalio/activity', '@temporalio/workflow', '@temporalio/client'],
  types: {
    [client]: { constructedBy: [client], annotatedAs: [client], checkerNames: ['Client'] },
  },
  handlers: [
    { shape: 'module-exports', modules: ['@temporalio/activity'], unlessCalls: ['@temporalio/worker#Worker.create'] },
    { shape: 'property-map', call: { export: '@temporalio/worker#Worker', path: 'create' }, arg: 0, property: 'activities' },
  ],
  enqueues: [start('workflow.start'), start('workflow.execute'), start('workflow.signalWithStart')],
  nonRetryableErrors: ['@temporalio/activity#ApplicationFailure', '@temporalio/common#ApplicationFailure'],
  // RetryPolicy.maximumAttempts defaults to Infinity: a failing activity retries until its
  // scheduleToCloseTimeout, if any.
  retry: { at: proxy, option: 'retry.maximumAttempts', counts: 'attempts', default: Infinity, suggestion: { 'retry.maximumAttempts': '5' } },
  timeout: { at: proxy, options: ['startToCloseTimeout', 'scheduleToCloseTimeout'], suggestion: { startToCloseTimeout: "'1 minute'" } },
} satisfies JobFramework;
