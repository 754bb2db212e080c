import { check, messages, type MessageIds } from '../src/checks/no-outer-client-in-transaction.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-outer-client-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require queries inside a transaction callback to go through the transaction client',
      recommended: 'recommended',
    },
    fixable: 'code',
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
