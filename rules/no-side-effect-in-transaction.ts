import { check, messages, type MessageIds } from '../src/checks/no-side-effect-in-transaction.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-side-effect-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow external side effects and non-transactional enqueues inside database transactions',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
