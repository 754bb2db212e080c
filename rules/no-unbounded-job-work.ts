import { check, messages, type MessageIds } from '../src/checks/no-unbounded-job-work.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-unbounded-job-work',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow job handlers that perform an effect or write for every row of an unbounded query',
      recommended: 'strict',
    },
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
