import { check, messages, type MessageIds, type Options } from '../src/checks/require-queue-options.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, Options>({
  name: 'require-queue-options',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require bounded job retention on BullMQ and Bull queues, and the options a team requires on every enqueue',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          requireOptions: {
            type: 'object',
            description: 'Job option paths required on every enqueue, per framework id (e.g. { "bullmq": ["priority"] }).',
            additionalProperties: { type: 'array', items: { type: 'string' } },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ requireOptions: {} }],
  check,
});
