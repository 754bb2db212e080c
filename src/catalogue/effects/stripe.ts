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
  effects: [
    call('create'),
    call('update'),
    call('confirm'),
    call('capture'),
    call('pay'),
    // A DELETE is idempotent by definition for Stripe, which ignores an idempotency key on it; a
    // retried delete gets a 404 (`resource_missing`) once the object is gone.
    {
      call: { instance: stripe, path: '**.del' },
      family: 'payment',
      label: 'payment API delete `{callee}` (Stripe)',
      repeat: 'sends the delete again, which Stripe refuses once the object is gone, so the job fails on every retry',
    },
  ],
} satisfies EffectProvider;
