import { check, messages, type MessageIds, type Options } from '../src/checks/require-idempotency-key.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, Options>({
  name: 'require-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a deduplication key on enqueues and an idempotency key on API calls that accept one',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          assumeContentBasedDeduplication: {
            type: 'boolean',
            description: 'SQS/SNS FIFO queues and topics have content-based deduplication enabled, so sends need no MessageDeduplicationId.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ assumeContentBasedDeduplication: false }],
  check,
});
