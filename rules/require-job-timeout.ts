import { check, messages, type MessageIds, type Options } from '../src/checks/require-job-timeout.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, Options>({
  name: 'require-job-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a time bound on jobs and on outbound HTTP calls inside job handlers',
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
            description: 'Also report jobs that rely on a framework default bound (pg-boss expireInSeconds, Agenda lockLifetime, Trigger.dev maxDuration).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ requireExplicit: false }],
  check,
});
