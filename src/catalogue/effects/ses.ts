// AWS SES and SESv2 (AWS SDK v3): https://docs.aws.amazon.com/ses/. Facts: catalogue.md § C.
// Neither API takes an idempotency token; the SDK's own retries (3 attempts) can already resend.
import type { EffectProvider, EffectSpec, ExportRef } from '../types.js';

const client = '@aws-sdk/client-ses#SESClient' as const;
const clientV2 = '@aws-sdk/client-sesv2#SESv2Client' as const;
const aggregated = '@aws-sdk/client-ses#SES' as const;
const aggregatedV2 = '@aws-sdk/client-sesv2#SESv2' as const;

const v1Commands = ['SendEmailCommand', 'SendRawEmailCommand', 'SendTemplatedEmailCommand', 'SendBulkTemplatedEmailCommand'];
const v2Commands = ['SendEmailCommand', 'SendBulkEmailCommand'];
const send = (type: typeof client | typeof clientV2, module: string, commands: readonly string[], api: string): EffectSpec => ({
  call: { instance: type, path: 'send' },
  family: 'email',
  label: `email via AWS ${api} \`{callee}\``,
  command: { arg: 0, constructedBy: commands.map((name): ExportRef => `${module}#${name}`) },
});
const method = (type: typeof aggregated | typeof aggregatedV2, name: string, api: string): EffectSpec => ({
  call: { instance: type, path: name },
  family: 'email',
  label: `email via AWS ${api} \`{callee}\``,
});

export default {
  kind: 'effect',
  id: 'ses',
  title: 'AWS SES',
  packages: ['@aws-sdk/client-ses', '@aws-sdk/client-sesv2'],
  types: {
    [client]: { checkerNames: ['SESClient'] },
    [clientV2]: { checkerNames: ['SESv2Client'] },
    [aggregated]: { checkerNames: ['SES'] },
    [aggregatedV2]: { checkerNames: ['SESv2'] },
  },
  effects: [
    send(client, '@aws-sdk/client-ses', v1Commands, 'SES'),
    send(clientV2, '@aws-sdk/client-sesv2', v2Commands, 'SESv2'),
    ...['sendEmail', 'sendRawEmail', 'sendTemplatedEmail', 'sendBulkTemplatedEmail'].map((name) => method(aggregated, name, 'SES')),
    ...['sendEmail', 'sendBulkEmail'].map((name) => method(aggregatedV2, name, 'SESv2')),
  ],
} satisfies EffectProvider;
