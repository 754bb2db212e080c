import { check, messages, type MessageIds } from '../src/checks/no-swallowed-job-error.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-swallowed-job-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catching errors in job handlers without rethrowing or failing the job',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
