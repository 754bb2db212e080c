// Firebase Cloud Messaging (`firebase-admin` 14): https://firebase.google.com/docs/cloud-messaging.
// Facts: catalogue.md § C. No idempotency key; collapse keys only merge notifications on the device.
import type { EffectProvider, EffectSpec } from '../types.js';

const messaging = 'firebase-admin/messaging#Messaging' as const;

export default {
  kind: 'effect',
  id: 'firebase-messaging',
  title: 'Firebase Cloud Messaging',
  packages: ['firebase-admin'],
  types: {
    [messaging]: {
      returnedBy: [
        { export: 'firebase-admin/messaging#getMessaging', path: '()' },
        // `admin.messaging()` on the namespace import or the default export
        { export: 'firebase-admin#messaging', path: '()' },
      ],
      annotatedAs: ['firebase-admin/messaging#Messaging'],
      checkerNames: ['Messaging'],
    },
  },
  effects: ['send', 'sendEach', 'sendEachForMulticast'].map(
    (method): EffectSpec => ({ call: { instance: messaging, path: method }, family: 'push', label: 'push notification via Firebase `{callee}`' }),
  ),
} satisfies EffectProvider;
