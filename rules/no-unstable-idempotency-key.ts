import { check, messages, type MessageIds } from '../src/checks/no-unstable-idempotency-key.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-unstable-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow idempotency and deduplication keys built from values that change on every call',
      recommended: 'recommended',
    },
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
