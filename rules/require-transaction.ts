import { check, messages, type MessageIds } from '../src/checks/require-transaction.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'require-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the writes of a job handler to one database to share one transaction',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
