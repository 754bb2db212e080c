// got 14: https://github.com/sindresorhus/got. Facts: catalogue.md § C. No timeout by default
// (`timeout: { request: ms }` bounds the whole request); POST is not retried by got itself.
import type { EffectProvider, EffectSpec, Target } from '../types.js';

const instance = 'got#Got' as const;
const timeout = { arg: 1, option: 'timeout', suggestion: '{ request: 10_000 }' } as const;
const calls = (base: (path?: string) => Target): EffectSpec[] => [
  {
    call: base(),
    family: 'http',
    label: 'HTTP {method} via got `{callee}`',
    http: { methodOption: { arg: 1, property: 'method', default: 'GET' } },
    headers: { arg: 1, property: 'headers' },
    timeout,
  },
  ...(['get', 'head', 'post', 'put', 'patch', 'delete'] as const).map((method): EffectSpec => ({
    call: base(method),
    family: 'http',
    label: `HTTP ${method.toUpperCase()} via got \`{callee}\``,
    http: { method: method.toUpperCase() },
    headers: { arg: 1, property: 'headers' },
    timeout,
  })),
];

export default {
  kind: 'effect',
  id: 'got',
  title: 'got',
  packages: ['got'],
  types: {
    [instance]: {
      returnedBy: [{ export: 'got#default', path: 'extend.()' }],
      annotatedAs: ['got#Got'],
      checkerNames: ['Got'],
    },
  },
  effects: [
    ...calls((path) => (path ? { export: 'got#default', path } : { export: 'got#default' })),
    ...calls((path) => (path ? { instance, path } : { instance })),
  ],
} satisfies EffectProvider;
