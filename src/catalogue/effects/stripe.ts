// Stripe: https://docs.stripe.com/api/idempotent_requests. Facts: catalogue.md § C.
// The SDK's own per-call key protects its network retries only, not a retried job.
import type { EffectSpec, EffectProvider } from '../types.js';

const stripe = 'stripe#Stripe' as const;
const call = (method: string): EffectSpec => ({
  call: { instance: stripe, path: `**.${method}` },
  family: 'payment',
  label: 'payment call `{callee}` (Stripe)',
  idempotencyKey: { arg: 'any', path: 'idempotencyKey' },
});

export default {
  kind: 'effect',
  id: 'stripe',
  title: 'Stripe',
  packages: ['stripe'],
  types: {
    [stripe]: {
      constructedBy: ['stripe#default', 'stripe#Stripe'],
      annotatedAs: ['stripe#default', 'stripe#Stripe'],
      checkerNames: ['Stripe'],
    },
  },
  effects: [call('create'), call('confirm'), call('capture'), call('pay')],
} satisfies EffectProvider;
