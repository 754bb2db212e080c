import { check, messages, type MessageIds } from '../src/checks/no-non-serializable-job-data.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-non-serializable-job-data',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow job payload values that do not survive JSON serialisation',
      recommended: 'recommended',
    },
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
