import { check, messages, type MessageIds } from '../src/checks/no-floating-side-effect.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-floating-side-effect',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require side effects and writes in job handlers to be awaited, returned or combined',
      recommended: 'recommended',
    },
    fixable: 'code',
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
