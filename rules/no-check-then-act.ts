import { check, messages, type MessageIds, type Options } from '../src/checks/no-check-then-act.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, Options>({
  name: 'no-check-then-act',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a read followed by a write that the read decides, with nothing atomic between them, in job handlers',
      recommended: 'recommended',
    },
    fixable: 'code',
    hasSuggestions: true,
    messages,
    schema: [
      {
        type: 'object',
        properties: {
          checkGuards: {
            type: 'boolean',
            description:
              'Also report guard-then-mark sequences (check a record, do the work, then record it) and suggest an atomic claim instead.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ checkGuards: false }],
  check,
});
