// Slack Web API (`@slack/web-api` 8) and incoming webhooks (`@slack/webhook`): https://tools.slack.dev/node-slack-sdk/.
// Facts: catalogue.md § C. No idempotency key, and the client itself retries 10 times by default.
import type { EffectProvider, EffectSpec } from '../types.js';

const web = '@slack/web-api#WebClient' as const;
const webhook = '@slack/webhook#IncomingWebhook' as const;

const post = (path: string): EffectSpec => ({ call: { instance: web, path }, family: 'chat', label: 'Slack message via `{callee}`' });

export default {
  kind: 'effect',
  id: 'slack',
  title: 'Slack',
  packages: ['@slack/web-api', '@slack/webhook', '@slack/bolt'],
  types: {
    [web]: {
      constructedBy: ['@slack/web-api#WebClient'],
      annotatedAs: ['@slack/web-api#WebClient'],
      checkerNames: ['WebClient'],
    },
    [webhook]: {
      constructedBy: ['@slack/webhook#IncomingWebhook'],
      annotatedAs: ['@slack/webhook#IncomingWebhook'],
      checkerNames: ['IncomingWebhook'],
    },
  },
  effects: [
    post('chat.postMessage'),
    post('chat.postEphemeral'),
    post('chat.scheduleMessage'),
    post('chat.meMessage'),
    post('files.uploadV2'),
    post('files.upload'),
    { call: { instance: webhook, path: 'send' }, family: 'chat', label: 'Slack message via incoming webhook `{callee}`' },
  ],
} satisfies EffectProvider;
