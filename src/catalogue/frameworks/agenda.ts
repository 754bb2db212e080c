// Agenda 6: https://github.com/agenda/agenda. Facts: catalogue.md § A4.
// Retries exist only when `define(name, fn, { backoff })` sets a strategy; the lock expires after
// `lockLifetime` (10 minutes), after which another worker may run the job again.
import type { EnqueueSpec, JobFramework } from '../types.js';

const agenda = 'agenda#Agenda' as const;
const enqueue = (path: string, nameArg: number, payloadArg: number): EnqueueSpec => ({
  call: { instance: agenda, path },
  nameArg,
  payloadArg,
  keyOptions: [],
  store: 'service',
});

export default {
  kind: 'framework',
  id: 'agenda',
  title: 'Agenda',
  packages: ['agenda'],
  types: {
    [agenda]: { constructedBy: ['agenda#Agenda', 'agenda#default'], annotatedAs: ['agenda#Agenda'], checkerNames: ['Agenda'] },
  },
  handlers: [{ shape: 'argument', call: { instance: agenda, path: 'define' }, arg: 1, nameArg: 0 }],
  enqueues: [
    // `now` and `schedule` save at once: no way to add `unique()`.
    { ...enqueue('now', 0, 1), keyMethods: ['unique'] },
    { ...enqueue('schedule', 1, 2), keyMethods: ['unique'] },
    { ...enqueue('create', 0, 1), keyMethods: ['unique'], builder: true },
    // `every` upserts one job per name: the name is the key.
    { ...enqueue('every', 1, 2), scheduler: true },
  ],
  retry: {
    at: { kind: 'handler', arg: 2 },
    option: 'backoff',
    counts: 'presence',
    default: 0,
    suggestion: { backoff: 'exponential({ delay: 1_000, maxRetries: 5 })' },
    suggestionImports: ['agenda#exponential'],
  },
  timeout: { at: { kind: 'handler', arg: 2 }, options: ['lockLifetime'], default: '10 minutes (defaultLockLifetime)', suggestion: { lockLifetime: '60_000' } },
} satisfies JobFramework;
