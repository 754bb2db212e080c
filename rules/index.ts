/** Every rule of the plugin, by id, in alphabetical order (a meta-test checks it). */
import noOuterClientInTransaction from './no-outer-client-in-transaction.js';
import noSideEffectInTransaction from './no-side-effect-in-transaction.js';
import noUnguardedSideEffect from './no-unguarded-side-effect.js';
import requireTransaction from './require-transaction.js';

export const rules = {
  'no-outer-client-in-transaction': noOuterClientInTransaction,
  'no-side-effect-in-transaction': noSideEffectInTransaction,
  'no-unguarded-side-effect': noUnguardedSideEffect,
  'require-transaction': requireTransaction,
};

export type RuleId = keyof typeof rules;
