import { check, messages, type MessageIds } from '../src/checks/require-message-ack.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'require-message-ack',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require message consumers to acknowledge or reject every message explicitly',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
