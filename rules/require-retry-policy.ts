import { check, messages, type MessageIds, type Options } from '../src/checks/require-retry-policy.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, Options>({
  name: 'require-retry-policy',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a bounded retry policy with backoff where the framework default is no retry or unlimited retries',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          requireExplicit: {
            type: 'boolean',
            description: 'Also report jobs that rely on a reasonable framework default (pg-boss retryLimit 2, graphile-worker maxAttempts 25, Inngest retries 3).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ requireExplicit: false }],
  check,
});
