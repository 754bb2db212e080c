// Resend 6: https://resend.com/docs/dashboard/emails/idempotency-keys. Facts: catalogue.md § C.
// `emails.send(payload, { idempotencyKey })` and `batch.send(payloads, { idempotencyKey })`: the key
// is kept 24 hours.
import type { EffectProvider, EffectSpec } from '../types.js';

const resend = 'resend#Resend' as const;
const call = (path: string, label: string): EffectSpec => ({
  call: { instance: resend, path },
  family: 'email',
  label,
  idempotencyKey: { arg: 1, path: 'idempotencyKey' },
});

export default {
  kind: 'effect',
  id: 'resend',
  title: 'Resend',
  packages: ['resend'],
  types: {
    [resend]: { constructedBy: [resend], annotatedAs: [resend], checkerNames: ['Resend'] },
  },
  effects: [
    call('emails.send', 'email via Resend `{callee}`'),
    call('emails.create', 'email via Resend `{callee}`'),
    call('batch.send', 'batch of emails via Resend `{callee}`'),
    call('batch.create', 'batch of emails via Resend `{callee}`'),
  ],
} satisfies EffectProvider;
