/** Every rule of the plugin, by id, in alphabetical order (a meta-test checks it). */
import noCheckThenAct from './no-check-then-act.js';
import noFloatingSideEffect from './no-floating-side-effect.js';
import noNonIdempotentUpdate from './no-non-idempotent-update.js';
import noNonSerializableJobData from './no-non-serializable-job-data.js';
import noOuterClientInTransaction from './no-outer-client-in-transaction.js';
import noSideEffectInTransaction from './no-side-effect-in-transaction.js';
import noSideEffectOutsideStep from './no-side-effect-outside-step.js';
import noSwallowedJobError from './no-swallowed-job-error.js';
import noUnboundedJobWork from './no-unbounded-job-work.js';
import noUnguardedSideEffect from './no-unguarded-side-effect.js';
import noUnstableIdempotencyKey from './no-unstable-idempotency-key.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import requireJobTimeout from './require-job-timeout.js';
import requireMessageAck from './require-message-ack.js';
import requireQueueOptions from './require-queue-options.js';
import requireRetryPolicy from './require-retry-policy.js';
import requireTransaction from './require-transaction.js';

export const rules = {
  'no-check-then-act': noCheckThenAct,
  'no-floating-side-effect': noFloatingSideEffect,
  'no-non-idempotent-update': noNonIdempotentUpdate,
  'no-non-serializable-job-data': noNonSerializableJobData,
  'no-outer-client-in-transaction': noOuterClientInTransaction,
  'no-side-effect-in-transaction': noSideEffectInTransaction,
  'no-side-effect-outside-step': noSideEffectOutsideStep,
  'no-swallowed-job-error': noSwallowedJobError,
  'no-unbounded-job-work': noUnboundedJobWork,
  'no-unguarded-side-effect': noUnguardedSideEffect,
  'no-unstable-idempotency-key': noUnstableIdempotencyKey,
  'require-idempotency-key': requireIdempotencyKey,
  'require-job-timeout': requireJobTimeout,
  'require-message-ack': requireMessageAck,
  'require-queue-options': requireQueueOptions,
  'require-retry-policy': requireRetryPolicy,
  'require-transaction': requireTransaction,
};

export type RuleId = keyof typeof rules;
