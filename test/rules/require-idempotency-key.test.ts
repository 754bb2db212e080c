import rule from '../../rules/require-idempotency-key.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const stripe = code`
  import Stripe from 'stripe';
  const stripe = new Stripe(process.env.STRIPE_KEY!);
`;

ruleTester.run('require-idempotency-key', rule, {
  valid: [
    // Agenda: a job's own schedule() after unique() is keyed; a schedule() on something else is not Agenda's.
    code`
      import { Agenda } from 'agenda';
      const agenda = new Agenda({});
      await agenda.create('send-digest', { userId: 'u1' }).unique({ 'data.userId': 'u1' }).schedule('in 5 minutes').save();
      const calendar = { schedule: (when: string, name: string, data: object) => ({ when, name, data }) };
      calendar.schedule('in 5 minutes', 'send-digest', { userId: 'u1' });
    `,
    // BullMQ: jobId and deduplication.id are keys.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails');
      await emails.add('receipt', { orderId: 'o1' }, { jobId: 'receipt:o1' });
      await emails.add('digest', { userId: 'u1' }, { deduplication: { id: 'digest:u1' } });
    `,
    // Repeatable jobs: the scheduler id is the key.
    code`
      import { Queue } from 'bullmq';
      const reports = new Queue('reports');
      await reports.upsertJobScheduler('nightly-report', { pattern: '0 3 * * *' }, { name: 'report', data: {} });
    `,
    // Options the rule cannot see: a spread or a variable.
    code`
      import { Queue } from 'bullmq';
      import { defaults, options } from './job-options';
      const emails = new Queue('emails');
      await emails.add('receipt', { orderId: 'o1' }, { ...defaults, attempts: 3 });
      await emails.add('receipt', { orderId: 'o1' }, options);
    `,
    // Count/age retention keeps jobId dedup working inside the window.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails', { defaultJobOptions: { removeOnComplete: { age: 3600 } } });
      await emails.add('receipt', { orderId: 'o1' }, { jobId: 'receipt:o1', removeOnFail: 1000 });
    `,
    // pg-boss singletonKey, graphile-worker jobKey, Trigger.dev idempotencyKey, Inngest event id.
    code`
      import PgBoss from 'pg-boss';
      import { makeWorkerUtils } from 'graphile-worker';
      import { tasks } from '@trigger.dev/sdk';
      import { Inngest } from 'inngest';
      const boss = new PgBoss('postgres://localhost/app');
      const utils = await makeWorkerUtils({ connectionString: 'postgres://localhost/app' });
      const inngest = new Inngest({ id: 'shop' });
      await boss.send('charge', { orderId: 'o1' }, { singletonKey: 'charge:o1' });
      await utils.addJob('send_invite', { inviteId: 'i1' }, { jobKey: 'invite:i1' });
      await tasks.trigger('sync-contact', { id: 'c1' }, { idempotencyKey: 'sync:c1' });
      await inngest.send({ name: 'user/created', id: 'user-created:u1', data: { id: 'u1' } });
    `,
    // Inngest step.sendEvent and anything inside step.run are memoised.
    code`
      import { Inngest } from 'inngest';
      ${stripe}
      const inngest = new Inngest({ id: 'shop' });
      inngest.createFunction({ id: 'checkout', triggers: [{ event: 'cart/checked-out' }] }, async ({ event, step }) => {
        await step.sendEvent('notify', { name: 'order/placed', data: event.data });
        await step.run('charge', async () => {
          await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
          await inngest.send({ name: 'order/charged', data: event.data });
        });
      });
    `,
    // An enqueue outside step.run in a replaying Inngest function is left to no-side-effect-outside-step.
    code`
      import { Inngest } from 'inngest';
      const inngest = new Inngest({ id: 'shop' });
      inngest.createFunction({ id: 'fan-out', triggers: [{ event: 'order/placed' }] }, async ({ event }) => {
        await inngest.send({ name: 'order/notify', data: event.data });
      });
    `,
    // Stripe with the idempotencyKey request option, and Stripe outside any handler.
    code`
      import { Worker } from 'bullmq';
      ${stripe}
      new Worker('charges', async (job) => {
        await stripe.paymentIntents.create({ amount: job.data.amount, currency: 'usd' }, { idempotencyKey: \`charge:\${job.data.orderId}\` });
      });
      export async function checkout() {
        await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
      }
    `,
    // Resend and Svix with keys (Svix eventId counts).
    code`
      import { Worker } from 'bullmq';
      import { Resend } from 'resend';
      import { Svix } from 'svix';
      const resend = new Resend('re_123');
      const svix = new Svix('sk_123');
      new Worker('notify', async (job) => {
        await resend.emails.send({ from: 'a@x.io', to: job.data.to, subject: 'Hi', html: '' }, { idempotencyKey: \`welcome:\${job.data.userId}\` });
        await svix.message.create('app_1', { eventType: 'order.paid', payload: {}, eventId: job.data.eventId });
      });
    `,
    // A generic fetch POST does not accept a key for this rule.
    code`
      import { Worker } from 'bullmq';
      new Worker('webhooks', async (job) => {
        await fetch(job.data.url, { method: 'POST', body: '{}' });
      });
    `,
    // SQS: standard queues cannot dedupe; FIFO with MessageDeduplicationId is keyed.
    code`
      import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
      const sqs = new SQSClient({});
      await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: '{}' }));
      await sqs.send(new SendMessageCommand({ QueueUrl: 'q.fifo', MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    `,
    // Frameworks without a dedup option are not asked for one (amqplib).
    code`
      import amqp from 'amqplib';
      const conn = await amqp.connect('amqp://localhost');
      const ch = await conn.createChannel();
      ch.sendToQueue('emails', Buffer.from('{}'));
    `,
    // Bee-Queue setId and Agenda unique() are keys; Temporal workflowId is required anyway.
    code`
      import Queue from 'bee-queue';
      import { Agenda } from 'agenda';
      import { Client } from '@temporalio/client';
      const queue = new Queue('emails');
      const agenda = new Agenda({});
      const client = new Client();
      await queue.createJob({ userId: 'u1' }).setId('welcome:u1').save();
      await agenda.create('send-digest', { userId: 'u1' }).unique({ 'data.userId': 'u1' }).save();
      await client.workflow.start('checkout', { taskQueue: 'shop', workflowId: 'checkout:o1', args: [] });
    `,
    // QStash deduplicationId; a `add` on something that is not a queue.
    code`
      import { Client } from '@upstash/qstash';
      const qstash = new Client({ token: 't' });
      await qstash.publishJSON({ url: 'https://x.io/api', body: { id: 1 }, deduplicationId: 'x:1' });
      const set = new Set<string>();
      set.add('x');
    `,
    // Trigger.dev: a batch-level idempotencyKey keys every item (key + index) that has none.
    code`
      import { task, tasks } from '@trigger.dev/sdk';
      export const sync = task({ id: 'sync', run: async (payload: { id: string }) => {} });
      export async function go(order: { id: string }) {
        await tasks.batchTrigger('sync', [{ payload: { id: '1' } }], { idempotencyKey: \`b:\${order.id}\` });
        await sync.batchTrigger([{ payload: { id: '1' } }, { payload: { id: '2' } }], { idempotencyKey: \`b:\${order.id}\` });
        await tasks.batchTriggerAndWait('sync', [{ payload: { id: '1' } }], { idempotencyKey: \`w:\${order.id}\`, idempotencyKeyTTL: '1h' });
        await sync.batchTriggerAndWait([{ payload: { id: '1' } }], { idempotencyKey: [order.id, 'sync'] });
      }
    `,
    // Trigger.dev batch.* with per-item keys or a batch-level key.
    code`
      import { batch, task } from '@trigger.dev/sdk';
      export const a = task({ id: 'a', run: async () => {} });
      export async function go(order: { id: string }) {
        await batch.trigger([{ id: 'a', payload: {}, options: { idempotencyKey: \`a:\${order.id}\` } }]);
        await batch.triggerAndWait([{ id: 'a', payload: {} }], { idempotencyKey: \`aw:\${order.id}\` });
        await batch.triggerByTask([{ task: a, payload: {}, options: { idempotencyKey: \`t:\${order.id}\` } }]);
        await batch.triggerByTaskAndWait([{ task: a, payload: {} }], { idempotencyKey: \`tw:\${order.id}\` });
        await batch.retrieve('batch_123');
      }
    `,
    // Batch-level options the rule cannot see (a variable, a spread): silent.
    code`
      import { batch, tasks } from '@trigger.dev/sdk';
      import { batchOptions, defaults } from './options';
      await tasks.batchTrigger('sync', [{ payload: { id: '1' } }], batchOptions);
      await batch.trigger([{ id: 'a', payload: {} }], { ...defaults });
    `,
    // A local object named like the SDK's batch is not Trigger.dev.
    code`
      const batch = { trigger: async (items: unknown[]) => items.length };
      await batch.trigger([{ id: 'a', payload: {} }]);
    `,
    // SQS/SNS batch sends: every FIFO entry has a MessageDeduplicationId; standard entries (no
    // MessageGroupId) cannot dedupe; entries the rule cannot see are not guessed.
    code`
      import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
      import { SNSClient, PublishBatchCommand } from '@aws-sdk/client-sns';
      import { entries } from './entries';
      const sqs = new SQSClient({});
      const sns = new SNSClient({});
      export async function publish(orderId: string) {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [{ Id: '1', MessageBody: orderId, MessageGroupId: 'g', MessageDeduplicationId: orderId }] }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: [{ Id: '1', MessageBody: orderId }] }));
        await sns.send(new PublishBatchCommand({ TopicArn: 't.fifo', PublishBatchRequestEntries: [{ Id: '1', Message: orderId, MessageGroupId: 'g', MessageDeduplicationId: orderId }] }));
        await sns.send(new PublishBatchCommand({ TopicArn: 't.fifo', PublishBatchRequestEntries: entries }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [...entries] }));
      }
    `,
    // With content-based deduplication assumed, FIFO batch entries need no MessageDeduplicationId.
    {
      code: code`
        import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
        const sqs = new SQSClient({});
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [{ Id: '1', MessageBody: '{}', MessageGroupId: 'g' }] }));
      `,
      options: [{ assumeContentBasedDeduplication: true }],
    },
    // Stripe update with the request option; del takes no key (a DELETE is idempotent by definition).
    code`
      import { Worker } from 'bullmq';
      ${stripe}
      new Worker('billing', async (job) => {
        await stripe.subscriptions.update(job.data.subscription, { metadata: { plan: 'pro' } }, { idempotencyKey: \`upgrade:\${job.id}\` });
        await stripe.customers.del(job.data.customer);
      });
    `,
  ],
  invalid: [
    {
      // BullMQ add without jobId: the suggestion creates the options argument from the payload's id.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function onOrderPaid(order: { id: string }) {
          await emails.add('send-receipt', { orderId: order.id });
        }
      `,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          data: {
            framework: 'BullMQ',
            callee: 'emails.add',
            job: "job 'send-receipt'",
            hint: "Pass `jobId` in the job options, derived from the payload's identifying fields, so the duplicate is dropped.",
          },
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'jobId: `send-receipt:${order.id}`' },
              output: code`
                import { Queue } from 'bullmq';
                const emails = new Queue('emails');
                export async function onOrderPaid(order: { id: string }) {
                  await emails.add('send-receipt', { orderId: order.id }, { jobId: \`send-receipt:\${order.id}\` });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // Existing options object (multi-line): the key goes into it, on its own line.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function welcome(user: { id: string }) {
          await emails.add('welcome', { userId: user.id }, {
            attempts: 3,
          });
        }
      `,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'jobId: `welcome:${user.id}`' },
              output: code`
                import { Queue } from 'bullmq';
                const emails = new Queue('emails');
                export async function welcome(user: { id: string }) {
                  await emails.add('welcome', { userId: user.id }, {
                    attempts: 3,
                    jobId: \`welcome:\${user.id}\`,
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // addBulk: each entry without a key is reported; the key goes into a new `opts`.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        export async function bulk(a: { id: string }) {
          await emails.addBulk([
            { name: 'a', data: { orderId: a.id } },
            { name: 'b', data: {}, opts: { jobId: 'b' } },
          ]);
        }
      `,
      errors: [
        {
          messageId: 'missingKey',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'jobId: `job:${a.id}`' },
              output: code`
                import { Queue } from 'bullmq';
                const emails = new Queue('emails');
                export async function bulk(a: { id: string }) {
                  await emails.addBulk([
                    { name: 'a', data: { orderId: a.id }, opts: { jobId: \`job:\${a.id}\` } },
                    { name: 'b', data: {}, opts: { jobId: 'b' } },
                  ]);
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // BullMQ jobId with removeOnComplete: true on the call, and on the queue's defaultJobOptions.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails', { defaultJobOptions: { removeOnFail: true } });
        await emails.add('a', {}, { jobId: 'a', removeOnComplete: true });
        await emails.add('b', {}, { jobId: 'b' });
      `,
      errors: [
        { messageId: 'removedJobsDefeatDedup', line: 3, column: 7, data: { framework: 'BullMQ', job: "job 'a'", option: 'removeOnComplete' } },
        { messageId: 'removedJobsDefeatDedup', line: 4, column: 7, data: { framework: 'BullMQ', job: "job 'b'", option: 'removeOnFail' } },
      ],
    },
    {
      // pg-boss send / insert, graphile-worker addJob / quickAddJob.
      code: code`
        import PgBoss from 'pg-boss';
        import { makeWorkerUtils, quickAddJob } from 'graphile-worker';
        const boss = new PgBoss('postgres://localhost/app');
        const utils = await makeWorkerUtils({ connectionString: '' });
        await boss.send('charge', { orderId: 'o1' });
        await boss.insert('charge', [{ data: { orderId: 'o2' } }]);
        await utils.addJob('send_invite', { inviteId: 'i1' });
        await quickAddJob({}, 'send_invite', { inviteId: 'i2' });
      `,
      errors: [
        { messageId: 'missingKey', line: 5, column: 7, data: { framework: 'pg-boss', callee: 'boss.send', job: "job 'charge'", hint: "Pass `singletonKey` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 6, column: 30 },
        { messageId: 'missingKey', line: 7, column: 7, data: { framework: 'graphile-worker', callee: 'utils.addJob', job: "job 'send_invite'", hint: "Pass `jobKey` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 8, column: 7 },
      ],
    },
    {
      // Inngest send (single and array), Trigger.dev trigger and batchTrigger.
      code: code`
        import { Inngest } from 'inngest';
        import { tasks } from '@trigger.dev/sdk';
        const inngest = new Inngest({ id: 'shop' });
        await inngest.send({ name: 'user/created', data: { id: 'u1' } });
        await inngest.send([{ name: 'a', data: {} }, { name: 'b', id: 'b', data: {} }]);
        await tasks.trigger('sync-contact', { id: 'c1' });
        await tasks.batchTrigger('sync-contact', [{ payload: { id: 'c2' } }]);
      `,
      errors: [
        { messageId: 'missingKey', line: 4, column: 7, data: { framework: 'Inngest', callee: 'inngest.send', job: 'a job', hint: "Pass `id` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 5, column: 21 },
        { messageId: 'missingKey', line: 6, column: 7, data: { framework: 'Trigger.dev', callee: 'tasks.trigger', job: "job 'sync-contact'", hint: "Pass `idempotencyKey` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 7, column: 43 },
      ],
    },
    {
      // Bee-Queue createJob without setId: the suggestion chains .setId(...).
      code: code`
        import Queue from 'bee-queue';
        const queue = new Queue('emails');
        export async function welcome(user: { id: string }) {
          await queue.createJob({ userId: user.id }).save();
        }
      `,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          data: { framework: 'Bee-Queue', callee: 'queue.createJob', job: 'a job', hint: 'Chain `.setId(…)` with a value that identifies the work before saving it.' },
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: '.setId(`job:${user.id}`)' },
              output: code`
                import Queue from 'bee-queue';
                const queue = new Queue('emails');
                export async function welcome(user: { id: string }) {
                  await queue.createJob({ userId: user.id }).setId(\`job:\${user.id}\`).save();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // Agenda now (cannot take a key) and create().save() without unique().
      code: code`
        import { Agenda } from 'agenda';
        const agenda = new Agenda({});
        await agenda.now('send-digest', { userId: 'u1' });
        await agenda.create('send-digest', { userId: 'u1' }).save();
      `,
      errors: [
        { messageId: 'missingKey', line: 3, column: 7, data: { framework: 'Agenda', callee: 'agenda.now', job: "job 'send-digest'", hint: '`now` cannot take a key: create the job with `create(name, data).unique(…).save()` instead.' } },
        { messageId: 'missingKey', line: 4, column: 7 },
      ],
    },
    {
      // Agenda schedule (the job name is the second argument) saves at once, like now.
      code: code`
        import { Agenda } from 'agenda';
        const agenda = new Agenda({});
        await agenda.schedule('in 5 minutes', 'send-digest', { userId: 'u1' });
      `,
      errors: [
        { messageId: 'missingKey', line: 3, column: 7, data: { framework: 'Agenda', callee: 'agenda.schedule', job: "job 'send-digest'", hint: '`schedule` cannot take a key: create the job with `create(name, data).unique(…).save()` instead.' } },
      ],
    },
    {
      // QStash publishJSON without deduplicationId; Bull add with its optional name left out.
      code: code`
        import { Client } from '@upstash/qstash';
        import Queue from 'bull';
        const qstash = new Client({ token: 't' });
        const bull = new Queue('emails');
        await qstash.publishJSON({ url: 'https://x.io/api', body: { id: 1 } });
        await bull.add({ orderId: 'o1' }, { attempts: 2 });
      `,
      errors: [
        { messageId: 'missingKey', line: 5, column: 7, data: { framework: 'QStash', callee: 'qstash.publishJSON', job: 'a job', hint: "Pass `deduplicationId` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 6, column: 7, data: { framework: 'Bull', callee: 'bull.add', job: 'a job', hint: "Pass `jobId` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
      ],
    },
    {
      // SQS FIFO send without MessageDeduplicationId, anywhere (it is an enqueue).
      code: code`
        import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
        const sqs = new SQSClient({});
        export async function publish(order: { id: string }) {
          await sqs.send(new SendMessageCommand({ QueueUrl: 'q.fifo', MessageBody: '{}', MessageGroupId: 'orders', orderId: order.id } as never));
        }
      `,
      errors: [
        {
          messageId: 'missingApiKey',
          line: 4,
          column: 9,
          data: {
            effect: 'SQS message via `sqs.send(new SendMessageCommand(…))`',
            job: 'this code',
            via: '',
            repeat: 'publishes the message again',
            option: 'MessageDeduplicationId',
          },
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'MessageDeduplicationId: `sqs-send:${order.id}`' },
              output: code`
                import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
                const sqs = new SQSClient({});
                export async function publish(order: { id: string }) {
                  await sqs.send(new SendMessageCommand({ QueueUrl: 'q.fifo', MessageBody: '{}', MessageGroupId: 'orders', orderId: order.id, MessageDeduplicationId: \`sqs-send:\${order.id}\` } as never));
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // Stripe inside a BullMQ handler: the suggestion adds the request options with the job id.
      code: code`
        import { Worker } from 'bullmq';
        ${stripe}
        new Worker('refunds', async (job) => {
          await stripe.refunds.create({ payment_intent: job.data.paymentIntent });
        });
      `,
      errors: [
        {
          messageId: 'missingApiKey',
          line: 5,
          column: 9,
          data: {
            effect: 'Payment call `stripe.refunds.create` (Stripe)',
            job: "BullMQ job 'refunds'",
            via: '',
            repeat: 'repeats the payment',
            option: 'idempotencyKey',
          },
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'idempotencyKey: `refunds-create:${job.id}`' },
              output: code`
                import { Worker } from 'bullmq';
                ${stripe}
                new Worker('refunds', async (job) => {
                  await stripe.refunds.create({ payment_intent: job.data.paymentIntent }, { idempotencyKey: \`refunds-create:\${job.id}\` });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // Resend and Svix inside a pg-boss handler (a same-file helper names the job).
      code: code`
        import PgBoss from 'pg-boss';
        import { Resend } from 'resend';
        import { Svix } from 'svix';
        const boss = new PgBoss('postgres://localhost/app');
        const resend = new Resend('re_123');
        const svix = new Svix('sk_123');
        async function notify(to: string) {
          await resend.emails.send({ from: 'a@x.io', to, subject: 'Hi', html: '' });
        }
        await boss.work('notify', async ([job]) => {
          await notify(job.data.to);
          await svix.message.create('app_1', { eventType: 'order.paid', payload: {} });
        });
      `,
      errors: [
        { messageId: 'missingApiKey', line: 8, column: 9, data: { effect: 'Email via Resend `resend.emails.send`', job: "pg-boss job 'notify'", via: ' (reached through `notify()`)', repeat: 'sends the email again', option: 'idempotencyKey' } },
        {
          messageId: 'missingApiKey',
          line: 12,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'idempotencyKey: `message-create:${job.id}`' },
              output: code`
                import PgBoss from 'pg-boss';
                import { Resend } from 'resend';
                import { Svix } from 'svix';
                const boss = new PgBoss('postgres://localhost/app');
                const resend = new Resend('re_123');
                const svix = new Svix('sk_123');
                async function notify(to: string) {
                  await resend.emails.send({ from: 'a@x.io', to, subject: 'Hi', html: '' });
                }
                await boss.work('notify', async ([job]) => {
                  await notify(job.data.to);
                  await svix.message.create('app_1', { eventType: 'order.paid', payload: {} }, { idempotencyKey: \`message-create:\${job.id}\` });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // Trigger.dev batch.* and batchTriggerAndWait without any key: each unkeyed item is reported.
      code: code`
        import { batch, task, tasks } from '@trigger.dev/sdk';
        export const a = task({ id: 'a', run: async () => {} });
        export async function go() {
          await batch.trigger([{ id: 'a', payload: {} }]);
          await batch.triggerByTask([{ task: a, payload: {} }], { triggerSequentially: true });
          await batch.triggerAndWait([{ id: 'a', payload: {}, options: { idempotencyKey: 'k' } }, { id: 'a', payload: {} }]);
          await batch.triggerByTaskAndWait([{ task: a, payload: {} }]);
          await a.batchTriggerAndWait([{ payload: {} }]);
          await tasks.batchTriggerAndWait('a', [{ payload: {} }], { idempotencyKeyTTL: '1h' });
        }
      `,
      errors: [
        { messageId: 'missingKey', line: 4, column: 24, data: { framework: 'Trigger.dev', callee: 'batch.trigger', job: 'a job', hint: "Pass `idempotencyKey` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 5, column: 30, data: { framework: 'Trigger.dev', callee: 'batch.triggerByTask', job: 'a job', hint: "Pass `idempotencyKey` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
        { messageId: 'missingKey', line: 6, column: 91 },
        { messageId: 'missingKey', line: 7, column: 37 },
        { messageId: 'missingKey', line: 8, column: 32 },
        { messageId: 'missingKey', line: 9, column: 41, data: { framework: 'Trigger.dev', callee: 'tasks.batchTriggerAndWait', job: "job 'a'", hint: "Pass `idempotencyKey` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." } },
      ],
    },
    {
      // SQS/SNS batch sends: a FIFO entry (MessageGroupId) without MessageDeduplicationId, anywhere.
      code: code`
        import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
        import { SNSClient, PublishBatchCommand } from '@aws-sdk/client-sns';
        const sqs = new SQSClient({});
        const sns = new SNSClient({});
        export async function publish(orderId: string) {
          await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [{ Id: '1', MessageBody: orderId, MessageGroupId: orderId }] }));
          await sns.send(new PublishBatchCommand({
            TopicArn: 't.fifo',
            PublishBatchRequestEntries: [
              { Id: '1', Message: orderId, MessageGroupId: 'g', MessageDeduplicationId: orderId },
              { Id: '2', Message: 'x', MessageGroupId: 'g' },
            ],
          }));
        }
      `,
      errors: [
        {
          messageId: 'missingApiKey',
          line: 6,
          column: 9,
          data: { effect: 'SQS message batch via `sqs.send(new SendMessageBatchCommand(…))`', job: 'this code', via: '', repeat: 'publishes the message again', option: 'MessageDeduplicationId` in each `Entries` item with `MessageGroupId' },
        },
        {
          messageId: 'missingApiKey',
          line: 7,
          column: 9,
          data: { effect: 'SNS message batch via `sns.send(new PublishBatchCommand(…))`', job: 'this code', via: '', repeat: 'publishes the message again', option: 'MessageDeduplicationId` in each `PublishBatchRequestEntries` item with `MessageGroupId' },
        },
      ],
    },
    {
      // Stripe update inside a handler without the request option.
      code: code`
        import { Worker } from 'bullmq';
        ${stripe}
        new Worker('billing', async (job) => {
          await stripe.subscriptions.update(job.data.subscription, { metadata: { plan: 'pro' } });
        });
      `,
      errors: [
        {
          messageId: 'missingApiKey',
          line: 5,
          column: 9,
          data: { effect: 'Payment call `stripe.subscriptions.update` (Stripe)', job: "BullMQ job 'billing'", via: '', repeat: 'repeats the payment', option: 'idempotencyKey' },
          suggestions: [
            {
              messageId: 'addKey',
              data: { code: 'idempotencyKey: `subscriptions-update:${job.id}`' },
              output: code`
                import { Worker } from 'bullmq';
                ${stripe}
                new Worker('billing', async (job) => {
                  await stripe.subscriptions.update(job.data.subscription, { metadata: { plan: 'pro' } }, { idempotencyKey: \`subscriptions-update:\${job.id}\` });
                });
              `,
            },
          ],
        },
      ],
    },
  ],
});

