/** Every rule of the plugin, by id, in alphabetical order (a meta-test checks it). */
import noCheckThenAct from './no-check-then-act.js';
import noNonIdempotentUpdate from './no-non-idempotent-update.js';
import noUnguardedSideEffect from './no-unguarded-side-effect.js';

export const rules = {
  'no-check-then-act': noCheckThenAct,
  'no-non-idempotent-update': noNonIdempotentUpdate,
  'no-unguarded-side-effect': noUnguardedSideEffect,
};

export type RuleId = keyof typeof rules;
