// Inngest v4: https://www.inngest.com/docs. Facts: catalogue.md § A8.
import type { JobFramework } from '../types.js';

export default {
  kind: 'framework',
  id: 'inngest',
  title: 'Inngest',
  packages: ['inngest'],
  types: {
    'inngest#Inngest': { checkerNames: ['Inngest'] },
    'inngest#Context': { members: { step: 'inngest#Step' } },
    'inngest#Step': {},
  },
  handlers: [
    {
      // v4: createFunction({ id, triggers }, handler); v3: createFunction({ id }, trigger, handler)
      shape: 'argument',
      call: { instance: 'inngest#Inngest', path: 'createFunction' },
      arg: 'last',
      nameProperty: { arg: 0, property: 'id' },
      params: [{ index: 0, type: 'inngest#Context' }],
    },
  ],
  replaying: true,
  steps: [{ call: { instance: 'inngest#Step', path: 'run' }, callbackArg: 1 }],
  enqueues: [
    { call: { instance: 'inngest#Inngest', path: 'send' }, payloadArg: 0, optionsArg: 0, payloadProperty: 'data', keyOptions: ['id'], store: 'service' },
    {
      call: { instance: 'inngest#Step', path: 'sendEvent' },
      payloadArg: 1,
      optionsArg: 1,
      payloadProperty: 'data',
      keyOptions: ['id'],
      memoised: true,
      store: 'service',
    },
  ],
  nonRetryableErrors: ['inngest#NonRetriableError'],
  // `retries` in the function config, default 3, with Inngest's own backoff.
  retry: { at: { kind: 'handler', arg: 0 }, option: 'retries', counts: 'retries', default: 3, suggestion: { retries: '5' } },
} satisfies JobFramework;
