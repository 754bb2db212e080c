import { check, messages, type MessageIds } from '../src/checks/no-side-effect-outside-step.js';
import { checkRule } from '../src/eslint/create-rule.js';

export default checkRule<MessageIds, []>({
  name: 'no-side-effect-outside-step',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require side effects and writes in replaying durable functions to run inside a step',
      recommended: 'recommended',
    },
    messages,
    schema: [],
  },
  defaultOptions: [],
  check,
});
