// Twilio (`twilio` 6): https://www.twilio.com/docs/libraries/reference/twilio-node. Facts: catalogue.md § C.
// Messages and Calls take no idempotency key (only call Payments and Conversations v2 do).
import type { EffectProvider } from '../types.js';

const client = 'twilio#Twilio' as const;

export default {
  kind: 'effect',
  id: 'twilio',
  title: 'Twilio',
  packages: ['twilio'],
  types: {
    [client]: {
      constructedBy: ['twilio#Twilio'],
      returnedBy: [
        { export: 'twilio#default', path: '()' },
        // `require('twilio')(sid, token)`
        { export: 'twilio#*', path: '()' },
      ],
      annotatedAs: ['twilio#Twilio'],
      checkerNames: ['Twilio'],
    },
  },
  effects: [
    { call: { instance: client, path: 'messages.create' }, family: 'sms', label: 'SMS via Twilio `{callee}`' },
    { call: { instance: client, path: 'calls.create' }, family: 'sms', label: 'phone call via Twilio `{callee}`' },
  ],
} satisfies EffectProvider;
