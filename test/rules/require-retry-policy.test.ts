import rule from '../../rules/require-retry-policy.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-retry-policy', rule, {
  valid: [
    // Attempts with backoff on the job.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails');
      await emails.add('welcome', {}, { attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
    `,
    // Attempts and backoff from the queue's defaultJobOptions.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails', { defaultJobOptions: { attempts: 3, backoff: 1000 } });
      await emails.add('welcome', {});
    `,
    // An explicit "no retries" is a deliberate choice.
    code`
      import { Queue } from 'bullmq';
      import PgBoss from 'pg-boss';
      import BeeQueue from 'bee-queue';
      const emails = new Queue('emails');
      const boss = new PgBoss('postgres://localhost/app');
      const bee = new BeeQueue('bee');
      await emails.add('once', {}, { attempts: 1 });
      await boss.send('once', {}, { retryLimit: 0 });
      await bee.createJob({}).retries(0).save();
    `,
    // A queue defined in another file (or injected): its defaults are unknown here.
    code`
      import type { Queue } from 'bullmq';
      import { emails } from './queues';
      export async function send(queue: Queue) {
        await emails.add('welcome', {});
        await queue.add('welcome', {});
      }
    `,
    // Options the rule cannot see.
    code`
      import { Queue } from 'bullmq';
      import { jobDefaults } from './defaults';
      const emails = new Queue('emails', { defaultJobOptions: jobDefaults });
      await emails.add('welcome', {});
      await emails.add('welcome', {}, { ...jobDefaults });
    `,
    // Reasonable defaults are only reported with requireExplicit: pg-boss, graphile-worker, Inngest.
    code`
      import PgBoss from 'pg-boss';
      import { quickAddJob } from 'graphile-worker';
      import { Inngest } from 'inngest';
      const boss = new PgBoss('postgres://localhost/app');
      const inngest = new Inngest({ id: 'shop' });
      await boss.send('charge', {});
      await quickAddJob({}, 'send_invite', {});
      inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async () => {});
    `,
    // Trigger.dev: the default lives in trigger.config.ts, which only the analyzer reads.
    code`
      import { task } from '@trigger.dev/sdk';
      export const sync = task({ id: 'sync', run: async () => {} });
    `,
    // Temporal with a bounded retry; Agenda with a backoff strategy.
    code`
      import { proxyActivities } from '@temporalio/workflow';
      import { Agenda, exponential } from 'agenda';
      const { charge } = proxyActivities({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } });
      const agenda = new Agenda({});
      agenda.define('digest', async () => {}, { backoff: exponential({ delay: 1000, maxRetries: 3 }) });
      void charge;
    `,
    // node-resque with the Retry plugin.
    code`
      import { Worker, Plugins } from 'node-resque';
      const jobs = {
        sendWelcome: {
          plugins: [Plugins.Retry],
          pluginOptions: { Retry: { retryLimit: 3, retryDelay: 5000 } },
          perform: async (to: string) => to,
        },
      };
      new Worker({ connection: {}, queues: ['emails'] }, jobs);
    `,
    // NestJS: a queue injected with @InjectQueue is registered elsewhere (BullModule.registerQueue).
    code`
      import { Injectable } from '@nestjs/common';
      import { InjectQueue } from '@nestjs/bullmq';
      import type { Queue } from 'bullmq';
      @Injectable()
      export class Mailer {
        constructor(@InjectQueue('emails') private readonly queue: Queue) {}
        async welcome(userId: string) {
          await this.queue.add('welcome', { userId });
        }
      }
    `,
    // QStash and Faktory retry by default (3 and 25): only requireExplicit asks.
    code`
      import { Client } from '@upstash/qstash';
      import faktory from 'faktory-worker';
      const qstash = new Client({ token: 't' });
      await qstash.publishJSON({ url: 'https://x.io', body: {} });
      const client = await faktory.connect();
      await client.job('SendWelcome', 'u1').push();
    `,
    // FlowProducer with per-queue defaults in queuesOptions.
    code`
      import { FlowProducer } from 'bullmq';
      import { queuesOptions } from './flow-defaults';
      const flows = new FlowProducer({ connection: {} });
      await flows.add({ name: 'report', queueName: 'reports', data: {} }, { queuesOptions });
    `,
    // pg-boss: the queue's createQueue options are the defaults of its jobs (requireExplicit is satisfied).
    {
      code: code`
        import PgBoss from 'pg-boss';
        const boss = new PgBoss('postgres://localhost/app');
        await boss.createQueue('charge', { retryLimit: 4, retryDelay: 60, retryBackoff: true });
        await boss.send('charge', { orderId: 'o1' });
      `,
      options: [{ requireExplicit: true }],
    },
    // pg-boss retries with a delay.
    code`
      import PgBoss from 'pg-boss';
      const boss = new PgBoss('postgres://localhost/app');
      await boss.send('charge', {}, { retryLimit: 5, retryDelay: 30 });
    `,
    // Temporal proxyLocalActivities with retry.maximumAttempts; a local function named like it is not Temporal.
    code`
      import { proxyLocalActivities } from '@temporalio/workflow';
      const { lookup } = proxyLocalActivities({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 3 } });
      void lookup;
    `,
    code`
      const proxyLocalActivities = (options: object) => ({ options });
      export const acts = proxyLocalActivities({ startToCloseTimeout: '5 seconds' });
    `,
  ],
  invalid: [
    {
      // BullMQ, no attempts on the job nor in the visible queue's defaults.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails', { connection: {} });
        await emails.add('welcome', { userId: 'u1' });
      `,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          column: 7,
          data: {
            framework: 'BullMQ',
            job: "job 'welcome'",
            option: 'attempts',
            where: 'here or in `defaultJobOptions` of queue `emails`',
            effective: '1 attempt (no retry)',
            code: "attempts: 5, backoff: { type: 'exponential', delay: 1_000 }",
          },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: "attempts: 5, backoff: { type: 'exponential', delay: 1_000 }" },
              output: code`
                import { Queue } from 'bullmq';
                const emails = new Queue('emails', { connection: {} });
                await emails.add('welcome', { userId: 'u1' }, { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } });
              `,
            },
          ],
        },
      ],
    },
    {
      // Attempts without backoff on the job: retryWithoutBackoff, the suggestion adds the backoff.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        await emails.add('welcome', {}, { attempts: 3 });
      `,
      errors: [
        {
          messageId: 'retryWithoutBackoff',
          line: 3,
          column: 7,
          data: { framework: 'BullMQ', job: "job 'welcome'", option: 'attempts', value: '3', code: "backoff: { type: 'exponential', delay: 1_000 }" },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: "backoff: { type: 'exponential', delay: 1_000 }" },
              output: code`
                import { Queue } from 'bullmq';
                const emails = new Queue('emails');
                await emails.add('welcome', {}, { attempts: 3, backoff: { type: 'exponential', delay: 1_000 } });
              `,
            },
          ],
        },
      ],
    },
    {
      // Attempts without backoff in defaultJobOptions: reported once, at the queue definition.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails', { defaultJobOptions: { attempts: 4 } });
        await emails.add('welcome', {});
        await emails.add('digest', {});
      `,
      errors: [
        { messageId: 'retryWithoutBackoff', line: 2, column: 16, data: { framework: 'BullMQ', job: 'the jobs of queue `emails`', option: 'attempts', value: '4', code: "backoff: { type: 'exponential', delay: 1_000 }" } },
      ],
    },
    {
      // Bull: `Queue(name, url)` without options; add with its name left out.
      code: code`
        import Queue from 'bull';
        const emails = new Queue('emails', 'redis://localhost');
        await emails.add({ userId: 'u1' });
      `,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: "attempts: 5, backoff: { type: 'exponential', delay: 1_000 }" },
              output: code`
                import Queue from 'bull';
                const emails = new Queue('emails', 'redis://localhost');
                await emails.add({ userId: 'u1' }, { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } });
              `,
            },
          ],
        },
      ],
    },
    {
      // Bee-Queue: retries default to 0; the suggestion chains the builder methods.
      code: code`
        import BeeQueue from 'bee-queue';
        const queue = new BeeQueue('emails');
        await queue.createJob({ userId: 'u1' }).save();
      `,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          column: 7,
          data: { framework: 'Bee-Queue', job: 'this job', option: 'retries', where: 'on the job', effective: '0 retries', code: ".retries(3).backoff('exponential', 1_000)" },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: ".retries(3).backoff('exponential', 1_000)" },
              output: code`
                import BeeQueue from 'bee-queue';
                const queue = new BeeQueue('emails');
                await queue.createJob({ userId: 'u1' }).retries(3).backoff('exponential', 1_000).save();
              `,
            },
          ],
        },
      ],
    },
    {
      // Agenda: define without a backoff never retries; the suggestion imports the strategy.
      code: code`
        import { Agenda } from 'agenda';
        const agenda = new Agenda({});
        agenda.define('send-digest', async () => {});
      `,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          column: 1,
          data: { framework: 'Agenda', job: "job 'send-digest'", option: 'backoff', where: 'here', effective: 'no retry', code: 'backoff: exponential({ delay: 1_000, maxRetries: 5 })' },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: 'backoff: exponential({ delay: 1_000, maxRetries: 5 })' },
              output: code`
                import { Agenda, exponential } from 'agenda';
                const agenda = new Agenda({});
                agenda.define('send-digest', async () => {}, { backoff: exponential({ delay: 1_000, maxRetries: 5 }) });
              `,
            },
          ],
        },
      ],
    },
    {
      // Temporal: proxyActivities without retry.maximumAttempts retries without limit.
      code: code`
        import { proxyActivities } from '@temporalio/workflow';
        const { charge } = proxyActivities({ startToCloseTimeout: '1 minute', retry: { initialInterval: '1s' } });
        void charge;
      `,
      errors: [
        {
          messageId: 'unlimitedRetries',
          line: 2,
          column: 20,
          data: { framework: 'Temporal', job: 'the activities proxied by `proxyActivities`', option: 'retry.maximumAttempts', where: 'here', effective: 'unlimited attempts', code: 'retry.maximumAttempts: 5' },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: 'retry.maximumAttempts: 5' },
              output: code`
                import { proxyActivities } from '@temporalio/workflow';
                const { charge } = proxyActivities({ startToCloseTimeout: '1 minute', retry: { initialInterval: '1s', maximumAttempts: 5 } });
                void charge;
              `,
            },
          ],
        },
      ],
    },
    {
      // node-resque without the Retry plugin: the suggestion adds it (and imports Plugins).
      code: code`
        import { Worker } from 'node-resque';
        new Worker({ connection: {}, queues: ['emails'] }, {
          sendWelcome: { perform: async (to: string) => to },
        });
      `,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          column: 3,
          data: { framework: 'node-resque', job: "job 'sendWelcome'", option: 'plugins', where: 'here', effective: 'no retry', code: 'plugins: [Plugins.Retry], pluginOptions: { Retry: { retryLimit: 3, retryDelay: 5_000 } }' },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: 'plugins: [Plugins.Retry], pluginOptions: { Retry: { retryLimit: 3, retryDelay: 5_000 } }' },
              output: code`
                import { Worker, Plugins } from 'node-resque';
                new Worker({ connection: {}, queues: ['emails'] }, {
                  sendWelcome: { perform: async (to: string) => to, plugins: [Plugins.Retry], pluginOptions: { Retry: { retryLimit: 3, retryDelay: 5_000 } } },
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // node-resque with a plugin list that lacks Retry: reported, no suggestion.
      code: code`
        import { Worker, Plugins } from 'node-resque';
        new Worker({ connection: {}, queues: ['emails'] }, {
          sendWelcome: { plugins: [Plugins.JobLock], perform: async (to: string) => to },
        });
      `,
      errors: [{ messageId: 'noRetry', line: 3, column: 3, data: { framework: 'node-resque', job: "job 'sendWelcome'", option: 'Plugins.Retry', where: 'in `plugins`', effective: 'no retry', code: 'plugins: [Plugins.Retry], pluginOptions: { Retry: { retryLimit: 3, retryDelay: 5_000 } }' } }],
    },
    {
      // FlowProducer: the job options live in the flow's `opts`.
      code: code`
        import { FlowProducer } from 'bullmq';
        const flows = new FlowProducer({ connection: {} });
        await flows.add({ name: 'report', queueName: 'reports', data: {} });
      `,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: "attempts: 5, backoff: { type: 'exponential', delay: 1_000 }" },
              output: code`
                import { FlowProducer } from 'bullmq';
                const flows = new FlowProducer({ connection: {} });
                await flows.add({ name: 'report', queueName: 'reports', data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } } });
              `,
            },
          ],
        },
      ],
    },
    {
      // pg-boss createQueue with retries and no delay: reported once, at createQueue.
      code: code`
        import PgBoss from 'pg-boss';
        const boss = new PgBoss('postgres://localhost/app');
        await boss.createQueue('charge', { retryLimit: 3 });
        await boss.send('charge', { orderId: 'o1' });
      `,
      errors: [
        {
          messageId: 'retryWithoutBackoff',
          line: 3,
          column: 7,
          data: { framework: 'pg-boss', job: 'the jobs of queue `charge`', option: 'retryLimit', value: '3', code: 'retryDelay: 30, retryBackoff: true' },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: 'retryDelay: 30, retryBackoff: true' },
              output: code`
                import PgBoss from 'pg-boss';
                const boss = new PgBoss('postgres://localhost/app');
                await boss.createQueue('charge', { retryLimit: 3, retryDelay: 30, retryBackoff: true });
                await boss.send('charge', { orderId: 'o1' });
              `,
            },
          ],
        },
      ],
    },
    {
      // requireExplicit: a createQueue that leaves retries to the default is reported there, not at its sends.
      code: code`
        import PgBoss from 'pg-boss';
        const boss = new PgBoss('postgres://localhost/app');
        await boss.createQueue('charge');
        await boss.send('charge', { orderId: 'o1' });
      `,
      options: [{ requireExplicit: true }],
      errors: [
        {
          messageId: 'implicitDefault',
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: 'retryLimit: 5, retryDelay: 30, retryBackoff: true' },
              output: code`
                import PgBoss from 'pg-boss';
                const boss = new PgBoss('postgres://localhost/app');
                await boss.createQueue('charge', { retryLimit: 5, retryDelay: 30, retryBackoff: true });
                await boss.send('charge', { orderId: 'o1' });
              `,
            },
          ],
        },
      ],
    },
    {
      // pg-boss retries without a delay.
      code: code`
        import PgBoss from 'pg-boss';
        const boss = new PgBoss('postgres://localhost/app');
        await boss.send('charge', {}, { retryLimit: 5 });
      `,
      errors: [{ messageId: 'retryWithoutBackoff', line: 3, column: 7, suggestions: [{ messageId: 'addRetryPolicy', data: { code: 'retryDelay: 30, retryBackoff: true' }, output: code`
        import PgBoss from 'pg-boss';
        const boss = new PgBoss('postgres://localhost/app');
        await boss.send('charge', {}, { retryLimit: 5, retryDelay: 30, retryBackoff: true });
      ` }] }],
    },
    {
      // requireExplicit: pg-boss, graphile-worker and Inngest defaults.
      code: code`
        import PgBoss from 'pg-boss';
        import { quickAddJob } from 'graphile-worker';
        import { Inngest } from 'inngest';
        const boss = new PgBoss('postgres://localhost/app');
        const inngest = new Inngest({ id: 'shop' });
        await boss.send('charge', {});
        await quickAddJob({}, 'send_invite', {});
        inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async () => {});
      `,
      options: [{ requireExplicit: true }],
      errors: [
        { messageId: 'implicitDefault', line: 6, column: 7, data: { framework: 'pg-boss', job: "job 'charge'", option: 'retryLimit', where: 'here', effective: '2 retries', code: 'retryLimit: 5, retryDelay: 30, retryBackoff: true' }, suggestions: [{ messageId: 'addRetryPolicy', data: { code: 'retryLimit: 5, retryDelay: 30, retryBackoff: true' }, output: code`
          import PgBoss from 'pg-boss';
          import { quickAddJob } from 'graphile-worker';
          import { Inngest } from 'inngest';
          const boss = new PgBoss('postgres://localhost/app');
          const inngest = new Inngest({ id: 'shop' });
          await boss.send('charge', {}, { retryLimit: 5, retryDelay: 30, retryBackoff: true });
          await quickAddJob({}, 'send_invite', {});
          inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async () => {});
        ` }] },
        { messageId: 'implicitDefault', line: 7, column: 7, suggestions: [{ messageId: 'addRetryPolicy', data: { code: 'maxAttempts: 10' }, output: code`
          import PgBoss from 'pg-boss';
          import { quickAddJob } from 'graphile-worker';
          import { Inngest } from 'inngest';
          const boss = new PgBoss('postgres://localhost/app');
          const inngest = new Inngest({ id: 'shop' });
          await boss.send('charge', {});
          await quickAddJob({}, 'send_invite', {}, { maxAttempts: 10 });
          inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async () => {});
        ` }] },
        { messageId: 'implicitDefault', line: 8, column: 1, data: { framework: 'Inngest', job: "job 'welcome'", option: 'retries', where: 'here', effective: '3 retries', code: 'retries: 5' }, suggestions: [{ messageId: 'addRetryPolicy', data: { code: 'retries: 5' }, output: code`
          import PgBoss from 'pg-boss';
          import { quickAddJob } from 'graphile-worker';
          import { Inngest } from 'inngest';
          const boss = new PgBoss('postgres://localhost/app');
          const inngest = new Inngest({ id: 'shop' });
          await boss.send('charge', {});
          await quickAddJob({}, 'send_invite', {});
          inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }], retries: 5 }, async () => {});
        ` }] },
      ],
    },
    {
      // Temporal proxyLocalActivities: the same unlimited default as proxyActivities.
      code: code`
        import * as wf from '@temporalio/workflow';
        const { lookup } = wf.proxyLocalActivities({ startToCloseTimeout: '5 seconds' });
        void lookup;
      `,
      errors: [
        {
          messageId: 'unlimitedRetries',
          line: 2,
          column: 20,
          data: { framework: 'Temporal', job: 'the activities proxied by `wf.proxyLocalActivities`', option: 'retry.maximumAttempts', where: 'here', effective: 'unlimited attempts', code: 'retry.maximumAttempts: 5' },
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: 'retry.maximumAttempts: 5' },
              output: code`
                import * as wf from '@temporalio/workflow';
                const { lookup } = wf.proxyLocalActivities({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 5 } });
                void lookup;
              `,
            },
          ],
        },
      ],
    },
  ],
});
