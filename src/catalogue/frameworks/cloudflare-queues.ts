// Cloudflare Queues: https://developers.cloudflare.com/queues. Facts: catalogue.md § A13.
// The consumer is the `queue(batch, env, ctx)` method of the Worker's default export. Retries
// (`max_retries`, default 3) and the dead-letter queue are wrangler settings, not code.
// The producer is a binding, `env.<BINDING>.send(body, opts?)` / `sendBatch(messages, opts?)`, typed
// `Queue<Body>` (a global type of @cloudflare/workers-types): it is recognised only by that type,
// through the checker or an annotation the file shows (`interface Env { QUEUE: Queue<Body> }`),
// never by the name `env`. `send` has no dedup option. Bodies are structured-cloned (`v8` content
// type by default), so Dates, Maps and Sets survive: payloads are not checked for JSON.
import type { JobFramework } from '../types.js';

const queue = '@cloudflare/workers-types#Queue' as const;

export default {
  kind: 'framework',
  id: 'cloudflare-queues',
  title: 'Cloudflare Queues',
  firstParameterHasNoId: true,
  packages: ['@cloudflare/workers-types', 'wrangler'],
  types: {
    [queue]: { constructedBy: [], annotatedAs: ['global#Queue', queue], checkerNames: ['Queue'] },
  },
  handlers: [
    { shape: 'default-export-method', method: 'queue', paramTypes: ['MessageBatch'], objectTypes: ['ExportedHandler'] },
  ],
  enqueues: [
    { call: { instance: queue, path: 'send' }, optionsArg: 1, keyOptions: [], store: 'service' },
    { call: { instance: queue, path: 'sendBatch' }, optionsArg: 1, bulk: { arg: 0 }, keyOptions: [], store: 'service' },
  ],
} satisfies JobFramework;
