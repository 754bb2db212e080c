// nodemailer: https://nodemailer.com. Facts: catalogue.md § C. SMTP has no idempotency key.
import type { EffectProvider } from '../types.js';

export default {
  kind: 'effect',
  id: 'nodemailer',
  title: 'nodemailer',
  packages: ['nodemailer'],
  types: {
    'nodemailer#Transporter': {
      returnedBy: [{ export: 'nodemailer#createTransport', path: '()' }],
      annotatedAs: ['nodemailer#Transporter', 'nodemailer/lib/mailer#default'],
      checkerNames: ['Transporter', 'Mail'],
    },
  },
  effects: [{ call: { instance: 'nodemailer#Transporter', path: 'sendMail' }, family: 'email', label: 'email via nodemailer `sendMail`' }],
} satisfies EffectProvider;
