// SendGrid (`@sendgrid/mail` 8): https://www.twilio.com/docs/sendgrid. Facts: catalogue.md § C.
// No idempotency key: `customArgs`, `batchId` and headers do not deduplicate.
import type { EffectProvider, EffectSpec, Target } from '../types.js';

const service = '@sendgrid/mail#MailService' as const;
const targets = (method: string): Target[] => [
  { export: '@sendgrid/mail#default', path: method },
  // `const sgMail = require('@sendgrid/mail')` reaches the same singleton.
  { export: `@sendgrid/mail#${method}` },
  { instance: service, path: method },
];
const effect = (call: Target): EffectSpec => ({ call, family: 'email', label: 'email via SendGrid `{callee}`' });

export default {
  kind: 'effect',
  id: 'sendgrid',
  title: 'SendGrid',
  packages: ['@sendgrid/mail'],
  types: {
    [service]: { constructedBy: ['@sendgrid/mail#MailService'], annotatedAs: ['@sendgrid/mail#MailService'], checkerNames: ['MailService'] },
  },
  effects: [...targets('send'), ...targets('sendMultiple')].map(effect),
} satisfies EffectProvider;
