// Cloudflare Queues: https://developers.cloudflare.com/queues. Facts: catalogue.md § A13.
// The consumer is the `queue(batch, env, ctx)` method of the Worker's default export. Retries
// (`max_retries`, default 3) and the dead-letter queue are wrangler settings, not code; `send` has
// no dedup option.
import type { JobFramework } from '../types.js';

export default {
  kind: 'framework',
  id: 'cloudflare-queues',
  title: 'Cloudflare Queues',
  packages: ['@cloudflare/workers-types', 'wrangler'],
  handlers: [
    { shape: 'default-export-method', method: 'queue', paramTypes: ['MessageBatch'], objectTypes: ['ExportedHandler'] },
  ],
  enqueues: [],
} satisfies JobFramework;
