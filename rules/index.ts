/** Every rule of the plugin, by id, in alphabetical order (a meta-test checks it). */
import noNonSerializableJobData from './no-non-serializable-job-data.js';
import noUnguardedSideEffect from './no-unguarded-side-effect.js';
import noUnstableIdempotencyKey from './no-unstable-idempotency-key.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import requireJobTimeout from './require-job-timeout.js';
import requireQueueOptions from './require-queue-options.js';
import requireRetryPolicy from './require-retry-policy.js';

export const rules = {
  'no-non-serializable-job-data': noNonSerializableJobData,
  'no-unguarded-side-effect': noUnguardedSideEffect,
  'no-unstable-idempotency-key': noUnstableIdempotencyKey,
  'require-idempotency-key': requireIdempotencyKey,
  'require-job-timeout': requireJobTimeout,
  'require-queue-options': requireQueueOptions,
  'require-retry-policy': requireRetryPolicy,
};

export type RuleId = keyof typeof rules;
