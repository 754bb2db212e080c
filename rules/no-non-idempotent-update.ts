import { check, messages, type MessageIds } from '../src/checks/no-non-idempotent-update.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-non-idempotent-update',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow relative updates (increment, $inc, INCR, SET n = n + 1) in job handlers without a guard',
      recommended: 'recommended',
    },
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
