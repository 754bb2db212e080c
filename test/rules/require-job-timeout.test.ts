import rule from '../../rules/require-job-timeout.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-job-timeout', rule, {
  valid: [
    // Bull timeout on the job or in the queue defaults.
    code`
      import Queue from 'bull';
      const a = new Queue('a');
      const b = new Queue('b', { defaultJobOptions: { timeout: 30_000 } });
      await a.add({ id: 1 }, { timeout: 60_000 });
      await b.add({ id: 2 });
    `,
    // Bee-Queue .timeout(); Temporal with startToCloseTimeout or scheduleToCloseTimeout.
    code`
      import BeeQueue from 'bee-queue';
      import { proxyActivities } from '@temporalio/workflow';
      const queue = new BeeQueue('emails');
      await queue.createJob({}).timeout(60_000).save();
      export const a = proxyActivities({ startToCloseTimeout: '1 minute' });
      export const b = proxyActivities({ scheduleToCloseTimeout: '10 minutes' });
    `,
    // Frameworks with a default bound are only reported with requireExplicit; BullMQ has no job timeout option.
    code`
      import PgBoss from 'pg-boss';
      import { Queue } from 'bullmq';
      import { task } from '@trigger.dev/sdk';
      const boss = new PgBoss('postgres://localhost/app');
      const q = new Queue('q');
      await boss.send('charge', {});
      await q.add('x', {});
      export const t = task({ id: 't', run: async () => {} });
    `,
    // Network calls with a timeout: fetch signal, axios timeout on the call or on the instance.
    code`
      import { Worker } from 'bullmq';
      import axios from 'axios';
      const partner = axios.create({ baseURL: 'https://partner.example.com', timeout: 5_000 });
      new Worker('sync', async (job) => {
        await fetch(job.data.url, { signal: AbortSignal.timeout(10_000) });
        await axios.get('https://rates.example.com', { timeout: 3_000 });
        await partner.post('/orders', { id: job.data.id });
      });
    `,
    // got: timeout on the call or on the got.extend() instance.
    code`
      import { Worker } from 'bullmq';
      import got from 'got';
      const api = got.extend({ prefixUrl: 'https://api.example.com', timeout: { request: 5_000 } });
      new Worker('sync', async (job) => {
        await got.post('https://hooks.example.com', { json: job.data, timeout: { request: 10_000 } });
        await api.get('status');
      });
    `,
    // Outside a handler, and options the rule cannot see.
    code`
      import { Worker } from 'bullmq';
      import { requestInit } from './http';
      export async function route() {
        await fetch('https://example.com');
      }
      new Worker('sync', async (job) => {
        await fetch(job.data.url, requestInit);
        await fetch(job.data.url, { ...requestInit, method: 'POST' });
      });
    `,
    // A Bull queue from another file: its defaults are unknown here.
    code`
      import { reports } from './queues';
      await reports.add({ id: 1 });
    `,
    // axios GET/HEAD/OPTIONS with a timeout on the call or the instance; getUri makes no request;
    // ky has a 10-second default timeout; options in a variable are not guessed.
    code`
      import { Worker } from 'bullmq';
      import axios from 'axios';
      import ky from 'ky';
      import got from 'got';
      import { config } from './http-config';
      const api = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });
      new Worker('sync', async (job) => {
        const url = axios.getUri({ url: '/orders' });
        await api.get(url);
        await api.options('/orders');
        await axios.head('https://cdn.example.com/a.png', { timeout: 2_000 });
        await axios.get('https://rates.example.com', config);
        await ky.get('https://api.example.com/orders');
        await got.head('https://api.example.com/orders', { timeout: { request: 5_000 } });
      });
    `,
    // A GET outside any handler is not reported.
    code`
      import axios from 'axios';
      export async function rates() {
        return (await axios.get('https://rates.example.com')).data;
      }
    `,
    // Temporal proxyLocalActivities with either timeout; a local function named like it is not Temporal.
    code`
      import { proxyLocalActivities } from '@temporalio/workflow';
      export const a = proxyLocalActivities({ startToCloseTimeout: '5 seconds' });
      export const b = proxyLocalActivities({ scheduleToCloseTimeout: '1 minute' });
    `,
    code`
      const proxyLocalActivities = (options: object) => ({ options });
      export const acts = proxyLocalActivities({ retry: { maximumAttempts: 3 } });
    `,
  ],
  invalid: [
    {
      // Real-world (badman): axios(config) with the config in a const; the method is read through it,
      // and a method the rule cannot read is named "request".
      code: code`
        import { Worker } from 'bullmq';
        import axios from 'axios';
        new Worker('q', async (job) => {
          const bare = { url: 'https://x.example.com', method: 'PUT', data: job.data };
          await axios(bare);
          await axios({ url: 'https://x.example.com', method: job.data.verb });
        });
      `,
      errors: [
        {
          messageId: 'missingNetworkTimeout',
          line: 5,
          column: 9,
          data: { effect: 'HTTP PUT via axios `axios`', job: "BullMQ job 'q'", via: '', client: 'axios', code: 'timeout: 10_000' },
          suggestions: [{ messageId: 'addTimeout', data: { code: 'timeout: 10_000' }, output: code`
            import { Worker } from 'bullmq';
            import axios from 'axios';
            new Worker('q', async (job) => {
              const bare = { url: 'https://x.example.com', method: 'PUT', data: job.data, timeout: 10_000 };
              await axios(bare);
              await axios({ url: 'https://x.example.com', method: job.data.verb });
            });
          ` }],
        },
        {
          messageId: 'missingNetworkTimeout',
          line: 6,
          column: 9,
          data: { effect: 'HTTP request via axios `axios`', job: "BullMQ job 'q'", via: '', client: 'axios', code: 'timeout: 10_000' },
          suggestions: [{ messageId: 'addTimeout', data: { code: 'timeout: 10_000' }, output: code`
            import { Worker } from 'bullmq';
            import axios from 'axios';
            new Worker('q', async (job) => {
              const bare = { url: 'https://x.example.com', method: 'PUT', data: job.data };
              await axios(bare);
              await axios({ url: 'https://x.example.com', method: job.data.verb, timeout: 10_000 });
            });
          ` }],
        },
      ],
    },
    {
      // Bull: no timeout on the job or in the queue defaults; the suggestion adds it to the job options.
      code: code`
        import Queue from 'bull';
        const reports = new Queue('reports', { defaultJobOptions: { attempts: 3 } });
        await reports.add('monthly', { month: 5 }, { attempts: 2 });
      `,
      errors: [
        {
          messageId: 'missingJobTimeout',
          line: 3,
          column: 7,
          data: {
            framework: 'Bull',
            job: "job 'monthly'",
            option: 'timeout',
            where: 'here or in `defaultJobOptions` of queue `reports`',
            fallback: 'the framework has no default bound',
            code: 'timeout: 60_000',
          },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: 60_000' },
              output: code`
                import Queue from 'bull';
                const reports = new Queue('reports', { defaultJobOptions: { attempts: 3 } });
                await reports.add('monthly', { month: 5 }, { attempts: 2, timeout: 60_000 });
              `,
            },
          ],
        },
      ],
    },
    {
      // Bee-Queue: the suggestion chains .timeout().
      code: code`
        import BeeQueue from 'bee-queue';
        const queue = new BeeQueue('emails');
        await queue.createJob({}).retries(2).save();
      `,
      errors: [
        {
          messageId: 'missingJobTimeout',
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: '.timeout(60_000)' },
              output: code`
                import BeeQueue from 'bee-queue';
                const queue = new BeeQueue('emails');
                await queue.createJob({}).timeout(60_000).retries(2).save();
              `,
            },
          ],
        },
      ],
    },
    {
      // Temporal: proxyActivities with neither activity timeout.
      code: code`
        import { proxyActivities } from '@temporalio/workflow';
        export const acts = proxyActivities({ retry: { maximumAttempts: 3 } });
      `,
      errors: [
        {
          messageId: 'missingJobTimeout',
          line: 2,
          column: 21,
          data: {
            framework: 'Temporal',
            job: 'the activities proxied by `proxyActivities`',
            option: 'startToCloseTimeout` or `scheduleToCloseTimeout',
            where: 'here',
            fallback: 'the framework has no default bound',
            code: "startToCloseTimeout: '1 minute'",
          },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: "startToCloseTimeout: '1 minute'" },
              output: code`
                import { proxyActivities } from '@temporalio/workflow';
                export const acts = proxyActivities({ retry: { maximumAttempts: 3 }, startToCloseTimeout: '1 minute' });
              `,
            },
          ],
        },
      ],
    },
    {
      // requireExplicit: pg-boss expireInSeconds, Agenda lockLifetime, Trigger.dev maxDuration.
      code: code`
        import PgBoss from 'pg-boss';
        import { Agenda } from 'agenda';
        import { task } from '@trigger.dev/sdk';
        const boss = new PgBoss('postgres://localhost/app');
        const agenda = new Agenda({});
        await boss.send('charge', {}, { retryLimit: 1 });
        agenda.define('digest', async () => {});
        export const t = task({ id: 'sync', run: async () => {} });
      `,
      options: [{ requireExplicit: true }],
      errors: [
        { messageId: 'missingJobTimeout', line: 6, column: 7, data: { framework: 'pg-boss', job: "job 'charge'", option: 'expireInSeconds', where: 'here', fallback: 'it falls back to 15 minutes (expireInSeconds 900)', code: 'expireInSeconds: 300' }, suggestions: [{ messageId: 'addTimeout', data: { code: 'expireInSeconds: 300' }, output: code`
          import PgBoss from 'pg-boss';
          import { Agenda } from 'agenda';
          import { task } from '@trigger.dev/sdk';
          const boss = new PgBoss('postgres://localhost/app');
          const agenda = new Agenda({});
          await boss.send('charge', {}, { retryLimit: 1, expireInSeconds: 300 });
          agenda.define('digest', async () => {});
          export const t = task({ id: 'sync', run: async () => {} });
        ` }] },
        { messageId: 'missingJobTimeout', line: 7, column: 1, suggestions: [{ messageId: 'addTimeout', data: { code: 'lockLifetime: 60_000' }, output: code`
          import PgBoss from 'pg-boss';
          import { Agenda } from 'agenda';
          import { task } from '@trigger.dev/sdk';
          const boss = new PgBoss('postgres://localhost/app');
          const agenda = new Agenda({});
          await boss.send('charge', {}, { retryLimit: 1 });
          agenda.define('digest', async () => {}, { lockLifetime: 60_000 });
          export const t = task({ id: 'sync', run: async () => {} });
        ` }] },
        { messageId: 'missingJobTimeout', line: 8, column: 18, suggestions: [{ messageId: 'addTimeout', data: { code: 'maxDuration: 300' }, output: code`
          import PgBoss from 'pg-boss';
          import { Agenda } from 'agenda';
          import { task } from '@trigger.dev/sdk';
          const boss = new PgBoss('postgres://localhost/app');
          const agenda = new Agenda({});
          await boss.send('charge', {}, { retryLimit: 1 });
          agenda.define('digest', async () => {});
          export const t = task({ id: 'sync', run: async () => {}, maxDuration: 300 });
        ` }] },
      ],
    },
    {
      // fetch without a signal inside a handler (GET too): the suggestion creates the init argument.
      code: code`
        import { Worker } from 'bullmq';
        new Worker('sync', async (job) => {
          await fetch(job.data.url);
        });
      `,
      errors: [
        {
          messageId: 'missingNetworkTimeout',
          line: 3,
          column: 9,
          data: { effect: 'HTTP GET via `fetch`', job: "BullMQ job 'sync'", via: '', client: '`fetch`', code: 'signal: AbortSignal.timeout(10_000)' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'signal: AbortSignal.timeout(10_000)' },
              output: code`
                import { Worker } from 'bullmq';
                new Worker('sync', async (job) => {
                  await fetch(job.data.url, { signal: AbortSignal.timeout(10_000) });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // got without a timeout: the suggestion uses got's own shape.
      code: code`
        import { Worker } from 'bullmq';
        import got from 'got';
        new Worker('sync', async (job) => {
          await got.post('https://hooks.example.com', { json: job.data });
        });
      `,
      errors: [
        {
          messageId: 'missingNetworkTimeout',
          line: 4,
          column: 9,
          data: { effect: 'HTTP POST via got `got.post`', job: "BullMQ job 'sync'", via: '', client: 'got', code: 'timeout: { request: 10_000 }' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: { request: 10_000 }' },
              output: code`
                import { Worker } from 'bullmq';
                import got from 'got';
                new Worker('sync', async (job) => {
                  await got.post('https://hooks.example.com', { json: job.data, timeout: { request: 10_000 } });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // axios call and axios instance without timeout, in a same-file helper of a pg-boss handler.
      code: code`
        import PgBoss from 'pg-boss';
        import axios from 'axios';
        const boss = new PgBoss('postgres://localhost/app');
        const crm = axios.create({ baseURL: 'https://crm.example.com' });
        async function push(id: string) {
          await crm.patch(\`/contacts/\${id}\`, { synced: true });
        }
        await boss.work('sync', async ([job]) => {
          await axios.post('https://hooks.example.com', { id: job.id }, { headers: {} });
          await push(job.data.id);
        });
      `,
      errors: [
        { messageId: 'missingNetworkTimeout', line: 6, column: 9, data: { effect: 'HTTP PATCH via axios `crm.patch`', job: "pg-boss job 'sync'", via: ' (reached through `push()`)', client: 'axios', code: 'timeout: 10_000' }, suggestions: [{ messageId: 'addTimeout', data: { code: 'timeout: 10_000' }, output: code`
          import PgBoss from 'pg-boss';
          import axios from 'axios';
          const boss = new PgBoss('postgres://localhost/app');
          const crm = axios.create({ baseURL: 'https://crm.example.com' });
          async function push(id: string) {
            await crm.patch(\`/contacts/\${id}\`, { synced: true }, { timeout: 10_000 });
          }
          await boss.work('sync', async ([job]) => {
            await axios.post('https://hooks.example.com', { id: job.id }, { headers: {} });
            await push(job.data.id);
          });
        ` }] },
        { messageId: 'missingNetworkTimeout', line: 9, column: 9, suggestions: [{ messageId: 'addTimeout', data: { code: 'timeout: 10_000' }, output: code`
          import PgBoss from 'pg-boss';
          import axios from 'axios';
          const boss = new PgBoss('postgres://localhost/app');
          const crm = axios.create({ baseURL: 'https://crm.example.com' });
          async function push(id: string) {
            await crm.patch(\`/contacts/\${id}\`, { synced: true });
          }
          await boss.work('sync', async ([job]) => {
            await axios.post('https://hooks.example.com', { id: job.id }, { headers: {}, timeout: 10_000 });
            await push(job.data.id);
          });
        ` }] },
      ],
    },
    {
      // axios GET without timeout, on axios itself and on an axios.create() instance without one.
      code: code`
        import { Worker } from 'bullmq';
        import axios from 'axios';
        const api = axios.create({ baseURL: 'https://api.example.com' });
        new Worker('sync', async (job) => {
          await axios.get('https://rates.example.com');
          await api.get('/orders', { params: { id: job.id } });
        });
      `,
      errors: [
        {
          messageId: 'missingNetworkTimeout',
          line: 5,
          column: 9,
          data: { effect: 'HTTP GET via axios `axios.get`', job: "BullMQ job 'sync'", via: '', client: 'axios', code: 'timeout: 10_000' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: 10_000' },
              output: code`
                import { Worker } from 'bullmq';
                import axios from 'axios';
                const api = axios.create({ baseURL: 'https://api.example.com' });
                new Worker('sync', async (job) => {
                  await axios.get('https://rates.example.com', { timeout: 10_000 });
                  await api.get('/orders', { params: { id: job.id } });
                });
              `,
            },
          ],
        },
        {
          messageId: 'missingNetworkTimeout',
          line: 6,
          column: 9,
          data: { effect: 'HTTP GET via axios `api.get`', job: "BullMQ job 'sync'", via: '', client: 'axios', code: 'timeout: 10_000' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: 10_000' },
              output: code`
                import { Worker } from 'bullmq';
                import axios from 'axios';
                const api = axios.create({ baseURL: 'https://api.example.com' });
                new Worker('sync', async (job) => {
                  await axios.get('https://rates.example.com');
                  await api.get('/orders', { params: { id: job.id }, timeout: 10_000 });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // axios HEAD and OPTIONS, and got.head, are network calls too.
      code: code`
        import { Worker } from 'bullmq';
        import axios from 'axios';
        import got from 'got';
        new Worker('probe', async () => {
          await axios.head('https://cdn.example.com/a.png');
          await axios.options('https://api.example.com');
          await got.head('https://api.example.com');
        });
      `,
      errors: [
        {
          messageId: 'missingNetworkTimeout',
          line: 5,
          column: 9,
          data: { effect: 'HTTP HEAD via axios `axios.head`', job: "BullMQ job 'probe'", via: '', client: 'axios', code: 'timeout: 10_000' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: 10_000' },
              output: code`
                import { Worker } from 'bullmq';
                import axios from 'axios';
                import got from 'got';
                new Worker('probe', async () => {
                  await axios.head('https://cdn.example.com/a.png', { timeout: 10_000 });
                  await axios.options('https://api.example.com');
                  await got.head('https://api.example.com');
                });
              `,
            },
          ],
        },
        {
          messageId: 'missingNetworkTimeout',
          line: 6,
          column: 9,
          data: { effect: 'HTTP OPTIONS via axios `axios.options`', job: "BullMQ job 'probe'", via: '', client: 'axios', code: 'timeout: 10_000' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: 10_000' },
              output: code`
                import { Worker } from 'bullmq';
                import axios from 'axios';
                import got from 'got';
                new Worker('probe', async () => {
                  await axios.head('https://cdn.example.com/a.png');
                  await axios.options('https://api.example.com', { timeout: 10_000 });
                  await got.head('https://api.example.com');
                });
              `,
            },
          ],
        },
        {
          messageId: 'missingNetworkTimeout',
          line: 7,
          column: 9,
          data: { effect: 'HTTP HEAD via got `got.head`', job: "BullMQ job 'probe'", via: '', client: 'got', code: 'timeout: { request: 10_000 }' },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: 'timeout: { request: 10_000 }' },
              output: code`
                import { Worker } from 'bullmq';
                import axios from 'axios';
                import got from 'got';
                new Worker('probe', async () => {
                  await axios.head('https://cdn.example.com/a.png');
                  await axios.options('https://api.example.com');
                  await got.head('https://api.example.com', { timeout: { request: 10_000 } });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // Temporal proxyLocalActivities with neither activity timeout.
      code: code`
        import { proxyLocalActivities } from '@temporalio/workflow';
        export const local = proxyLocalActivities({ retry: { maximumAttempts: 3 } });
      `,
      errors: [
        {
          messageId: 'missingJobTimeout',
          line: 2,
          column: 22,
          data: {
            framework: 'Temporal',
            job: 'the activities proxied by `proxyLocalActivities`',
            option: 'startToCloseTimeout` or `scheduleToCloseTimeout',
            where: 'here',
            fallback: 'the framework has no default bound',
            code: "startToCloseTimeout: '1 minute'",
          },
          suggestions: [
            {
              messageId: 'addTimeout',
              data: { code: "startToCloseTimeout: '1 minute'" },
              output: code`
                import { proxyLocalActivities } from '@temporalio/workflow';
                export const local = proxyLocalActivities({ retry: { maximumAttempts: 3 }, startToCloseTimeout: '1 minute' });
              `,
            },
          ],
        },
      ],
    },
  ],
});
