// Upstash QStash 2: https://upstash.com/docs/qstash. Facts: catalogue.md § A14.
// Consumers are HTTP endpoints wrapped by `verifySignature*`, or route functions that check the request
// with `new Receiver({ … }).verify({ signature, body })`; retries default to 3 with exponential
// backoff; `deduplicationId` (or `contentBasedDeduplication`) dedupes publishes.
import type { EnqueueSpec, JobFramework } from '../types.js';

const client = '@upstash/qstash#Client' as const;
const receiver = '@upstash/qstash#Receiver' as const;
const keyOptions = ['deduplicationId', 'contentBasedDeduplication'];
const publish = (path: string): EnqueueSpec => ({
  call: { instance: client, path },
  payloadArg: 0,
  optionsArg: 0,
  payloadProperty: 'body',
  keyOptions,
  store: 'service',
});
const verify = (name: string) =>
  ({ shape: 'argument', call: { export: `@upstash/qstash/nextjs#${name}` }, arg: 0 }) as const;

export default {
  kind: 'framework',
  id: 'qstash',
  title: 'QStash',
  packages: ['@upstash/qstash'],
  types: {
    [client]: { constructedBy: [client], annotatedAs: [client], checkerNames: ['Client'] },
    [receiver]: { constructedBy: [receiver], annotatedAs: [receiver], checkerNames: ['Receiver'] },
  },
  handlers: [
    verify('verifySignature'),
    verify('verifySignatureAppRouter'),
    verify('verifySignatureEdge'),
    // The function that calls `receiver.verify(...)` is the endpoint QStash delivers to.
    { shape: 'enclosing-function', call: { instance: receiver, path: 'verify' } },
  ],
  enqueues: [
    publish('publish'),
    publish('publishJSON'),
    publish('queue.().enqueue'),
    publish('queue.().enqueueJSON'),
    { call: { instance: client, path: 'batchJSON' }, bulk: { arg: 0, itemOptions: '', itemPayload: 'body' }, keyOptions, store: 'service' },
    { call: { instance: client, path: 'batch' }, bulk: { arg: 0, itemOptions: '', itemPayload: 'body' }, keyOptions, store: 'service' },
  ],
  retry: { at: { kind: 'enqueue' }, option: 'retries', counts: 'retries', default: 3, suggestion: { retries: '5' } },
} satisfies JobFramework;
