// amqplib 2 (RabbitMQ): https://amqp-node.github.io/amqplib. Facts: catalogue.md § A17.
// A consumer is the callback of `ch.consume(queue, cb, opts)`. `nack`/`reject` requeue by default
// (`requeue` true), so a poison message loops forever. Publishing has no dedup option (`messageId`
// is informational only), so sends carry no key.
import type { EnqueueSpec, JobFramework, Target } from '../types.js';

const channel = 'amqplib#Channel' as const;
const model = 'amqplib#ChannelModel' as const;
const channelOf = (base: Target): Target[] => [
  { ...base, path: `${base.path ? `${base.path}.` : ''}createChannel.()` },
  { ...base, path: `${base.path ? `${base.path}.` : ''}createConfirmChannel.()` },
];
const send = (path: string, payloadArg: number, optionsArg: number): EnqueueSpec => ({
  call: { instance: channel, path },
  nameArg: 0,
  payloadArg,
  optionsArg,
  keyOptions: [],
  rawPayload: true,
  store: 'service',
  // Returns a boolean (write-buffer backpressure), not a promise.
  synchronous: true,
});

export default {
  kind: 'framework',
  id: 'amqplib',
  title: 'amqplib',
  firstParameterHasNoId: true,
  packages: ['amqplib'],
  moduleAliases: { amqplib: ['^amqplib/channel_api(\\.js)?$'] },
  types: {
    // `await amqp.connect(url)` gives a ChannelModel (the `Connection` of older typings).
    [model]: {
      returnedBy: [{ export: 'amqplib#connect', path: '()' }],
      annotatedAs: ['amqplib#ChannelModel', 'amqplib#Connection'],
      checkerNames: ['ChannelModel', 'Connection'],
    },
    [channel]: {
      returnedBy: channelOf({ instance: model }),
      annotatedAs: ['amqplib#Channel', 'amqplib#ConfirmChannel'],
      checkerNames: ['Channel', 'ConfirmChannel'],
    },
    'amqplib#ConsumeMessage': { annotatedAs: ['amqplib#ConsumeMessage', 'amqplib#Message'], checkerNames: ['ConsumeMessage'] },
  },
  handlers: [
    {
      shape: 'argument',
      call: { instance: channel, path: 'consume' },
      arg: 1,
      nameArg: 0,
      params: [{ index: 0, type: 'amqplib#ConsumeMessage' }],
    },
  ],
  enqueues: [send('sendToQueue', 1, 2), { ...send('publish', 2, 3), nameArg: 1 }],
  // `nack(msg, allUpTo?, requeue? = true)`, `reject(msg, requeue? = true)`, `nackAll(requeue? = true)`
  // (amqplib `lib/api_args.js`); `consume(queue, cb, { noAck })`.
  ack: {
    settle: [
      { call: { instance: channel, path: 'ack' } },
      { call: { instance: channel, path: 'ackAll' } },
      { call: { instance: channel, path: 'nack' }, requeueArg: 2, fillers: ['false'] },
      { call: { instance: channel, path: 'reject' }, requeueArg: 1 },
      { call: { instance: channel, path: 'nackAll' }, requeueArg: 0 },
    ],
    noAckOption: { arg: 2, property: 'noAck' },
    nullMessageParam: 0,
  },
} satisfies JobFramework;
