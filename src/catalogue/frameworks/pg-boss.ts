// pg-boss 12: https://timgit.github.io/pg-boss. Facts: catalogue.md § A5.
import type { JobFramework } from '../types.js';

const keyOptions = ['singletonKey', 'id'];
const boss = 'pg-boss#PgBoss' as const;

export default {
  kind: 'framework',
  id: 'pg-boss',
  title: 'pg-boss',
  packages: ['pg-boss'],
  types: {
    [boss]: {
      constructedBy: ['pg-boss#default', 'pg-boss#PgBoss'],
      annotatedAs: ['pg-boss#default', 'pg-boss#PgBoss'],
      checkerNames: ['PgBoss'],
    },
  },
  handlers: [{ shape: 'argument', call: { instance: boss, path: 'work' }, arg: 'last', nameArg: 0 }],
  enqueues: [
    { call: { instance: boss, path: 'send' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions, store: 'postgres' },
    { call: { instance: boss, path: 'sendAfter' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions, store: 'postgres' },
    { call: { instance: boss, path: 'sendThrottled' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions, store: 'postgres' },
    { call: { instance: boss, path: 'sendDebounced' }, nameArg: 0, payloadArg: 1, optionsArg: 2, keyOptions, store: 'postgres' },
    {
      call: { instance: boss, path: 'insert' },
      nameArg: 0,
      bulk: { arg: 1, itemOptions: '', itemPayload: 'data' },
      keyOptions,
      store: 'postgres',
    },
  ],
  failCalls: [{ instance: boss, path: 'fail' }],
  namedQueues: { call: { instance: boss, path: 'createQueue' }, nameArg: 0, optionsArg: 1 },
  // retryLimit counts reruns; the default 2 is reasonable, so only `requireExplicit` asks for it.
  retry: {
    at: { kind: 'enqueue' },
    option: 'retryLimit',
    counts: 'retries',
    default: 2,
    backoffOptions: ['retryDelay', 'retryBackoff'],
    suggestion: { retryLimit: '5', retryDelay: '30', retryBackoff: 'true' },
  },
  timeout: { at: { kind: 'enqueue' }, options: ['expireInSeconds'], default: '15 minutes (expireInSeconds 900)', suggestion: { expireInSeconds: '300' } },
} satisfies JobFramework;
