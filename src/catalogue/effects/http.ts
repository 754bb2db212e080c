// fetch and axios. Facts: catalogue.md § C. Neither retries nor dedupes by itself; a request is
// keyed only when the caller adds an `Idempotency-Key` header. axios `get`/`head`/`options` are
// listed for their time bound (require-job-timeout: axios `timeout` defaults to 0, none); their safe
// method makes them network calls, not external effects. `getUri` builds a URL and sends nothing.
import type { EffectProvider, EffectSpec, Target } from '../types.js';

const instance = 'axios#AxiosInstance' as const;
const axiosCalls = (base: (path: string) => Target): EffectSpec[] => [
  ...(['post', 'put', 'patch'] as const).map((method): EffectSpec => ({
    call: base(method),
    family: 'http',
    label: `HTTP ${method.toUpperCase()} via axios \`{callee}\``,
    http: { method: method.toUpperCase() },
    headers: { arg: 2, property: 'headers' },
  })),
  ...(['get', 'head', 'options'] as const).map((method): EffectSpec => ({
    call: base(method),
    family: 'http',
    label: `HTTP ${method.toUpperCase()} via axios \`{callee}\``,
    http: { method: method.toUpperCase() },
    headers: { arg: 1, property: 'headers' },
  })),
  {
    call: base('delete'),
    family: 'http',
    label: 'HTTP DELETE via axios `{callee}`',
    http: { method: 'DELETE' },
    headers: { arg: 1, property: 'headers' },
  },
  {
    call: base('request'),
    family: 'http',
    label: 'HTTP {method} via axios `{callee}`',
    http: { methodOption: { arg: 0, property: 'method', default: 'GET' } },
    headers: { arg: 0, property: 'headers' },
  },
];

export default {
  kind: 'effect',
  id: 'http',
  title: 'HTTP (fetch, axios)',
  packages: ['axios'],
  types: {
    [instance]: {
      returnedBy: [{ export: 'axios#default', path: 'create.()' }, { export: 'axios#create', path: '()' }],
      annotatedAs: ['axios#AxiosInstance', 'axios#Axios'],
      checkerNames: ['AxiosInstance', 'AxiosStatic'],
    },
  },
  effects: [
    ...['global#fetch', 'node-fetch#default', 'undici#fetch'].map(
      (ref): EffectSpec => ({
        call: { export: ref as `${string}#${string}` },
        family: 'http',
        label: 'HTTP {method} via `{callee}`',
        http: { methodOption: { arg: 1, property: 'method', default: 'GET' } },
        headers: { arg: 1, property: 'headers' },
      }),
    ),
    {
      call: { export: 'axios#default' },
      family: 'http',
      label: 'HTTP {method} via axios `{callee}`',
      http: { methodOption: { arg: 0, property: 'method', default: 'GET' } },
      headers: { arg: 0, property: 'headers' },
    },
    ...axiosCalls((path) => ({ export: 'axios#default', path })),
    ...axiosCalls((path) => ({ instance, path })),
  ],
} satisfies EffectProvider;
