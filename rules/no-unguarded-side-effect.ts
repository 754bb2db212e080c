import { check, messages, type MessageIds } from '../src/checks/no-unguarded-side-effect.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-unguarded-side-effect',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow external side effects in job handlers that a retry would repeat',
      recommended: 'recommended',
    },
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
