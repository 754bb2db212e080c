// Svix 1: https://docs.svix.com/idempotency. Facts: catalogue.md § C.
// `svix.message.create(appId, { eventType, payload, eventId? }, { idempotencyKey? })`: either the
// request option or the message's `eventId` dedupes the delivery.
import type { EffectProvider } from '../types.js';

const svix = 'svix#Svix' as const;

export default {
  kind: 'effect',
  id: 'svix',
  title: 'Svix',
  packages: ['svix'],
  types: {
    [svix]: { constructedBy: [svix], annotatedAs: [svix], checkerNames: ['Svix'] },
  },
  effects: [
    {
      call: { instance: svix, path: 'message.create' },
      family: 'webhook',
      label: 'webhook via Svix `{callee}`',
      idempotencyKey: { arg: 2, path: 'idempotencyKey', alternatives: [{ arg: 1, path: 'eventId' }] },
    },
  ],
} satisfies EffectProvider;
