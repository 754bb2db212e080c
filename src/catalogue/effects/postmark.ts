// Postmark (`postmark` 5): https://postmarkapp.com/developer. Facts: catalogue.md § C.
// No idempotency field in the API.
import type { EffectProvider, EffectSpec } from '../types.js';

const client = 'postmark#ServerClient' as const;

export default {
  kind: 'effect',
  id: 'postmark',
  title: 'Postmark',
  packages: ['postmark'],
  types: {
    [client]: { constructedBy: ['postmark#ServerClient'], annotatedAs: ['postmark#ServerClient'], checkerNames: ['ServerClient'] },
  },
  effects: ['sendEmail', 'sendEmailBatch', 'sendEmailWithTemplate', 'sendEmailBatchWithTemplates'].map(
    (method): EffectSpec => ({ call: { instance: client, path: method }, family: 'email', label: 'email via Postmark `{callee}`' }),
  ),
} satisfies EffectProvider;
