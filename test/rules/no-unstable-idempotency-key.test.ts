import rule from '../../rules/no-unstable-idempotency-key.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-unstable-idempotency-key', rule, {
  valid: [
    // A local function that happens to be called cuid is not the package: its result is not known to change.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails');
      const cuid = (order: { id: string }) => \`receipt:\${order.id}\`;
      export async function send(order: { id: string }) {
        await emails.add('receipt', { orderId: order.id }, { jobId: cuid(order) });
      }
    `,
    // Keys from payload ids.
    code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails');
      export async function send(order: { id: string }) {
        await emails.add('receipt', { orderId: order.id }, { jobId: \`receipt:\${order.id}\` });
      }
    `,
    // The job id and event ids inside handlers; a hash of the payload.
    code`
      import { Worker } from 'bullmq';
      import Stripe from 'stripe';
      import { createHash } from 'node:crypto';
      const stripe = new Stripe('sk');
      new Worker('charges', async (job) => {
        await stripe.paymentIntents.create({ amount: 1, currency: 'usd' }, { idempotencyKey: \`charge:\${job.id}\` });
        await stripe.refunds.create({ payment_intent: 'pi' }, { idempotencyKey: createHash('sha256').update(JSON.stringify(job.data)).digest('hex') });
      });
    `,
    // An intentional time bucket.
    code`
      import PgBoss from 'pg-boss';
      import { startOfDay } from 'date-fns';
      const boss = new PgBoss('postgres://localhost/app');
      await boss.send('daily-digest', {}, { singletonKey: \`digest:\${startOfDay(new Date()).toISOString()}\` });
    `,
    // A timestamp cut to the day is an intentional bucket.
    code`
      import { Queue } from 'bullmq';
      const insights = new Queue('insights');
      export async function daily(projectId: string) {
        const date = new Date().toISOString().slice(0, 10);
        await insights.add('insightsProject', { projectId, date }, { jobId: \`daily:\${date}:\${projectId}\` });
      }
    `,
    // A date built from data, not from the clock.
    code`
      import { tasks } from '@trigger.dev/sdk';
      export async function remind(user: { id: string; signedUpAt: string }) {
        await tasks.trigger('remind', {}, { idempotencyKey: \`remind:\${user.id}:\${new Date(user.signedUpAt).getTime()}\` });
      }
    `,
    // A random value that is not a key (the payload) is fine.
    code`
      import { Queue } from 'bullmq';
      const q = new Queue('q');
      await q.add('sample', { seed: Math.random() }, { jobId: 'sample:1' });
    `,
    // Date.now() of a local object that is not the global Date.
    code`
      import { Queue } from 'bullmq';
      const Date = { now: () => 'fixed' };
      const q = new Queue('q');
      await q.add('x', {}, { jobId: Date.now() });
    `,
    // Trigger.dev batch-level and per-item keys from payload ids.
    code`
      import { batch, task, tasks } from '@trigger.dev/sdk';
      export const sync = task({ id: 'sync', run: async () => {} });
      export async function go(order: { id: string }) {
        await sync.batchTrigger([{ payload: {} }], { idempotencyKey: \`b:\${order.id}\` });
        await tasks.batchTriggerAndWait('sync', [{ payload: {} }], { idempotencyKey: [order.id, 'sync'] });
        await batch.triggerByTask([{ task: sync, payload: {}, options: { idempotencyKey: \`t:\${order.id}\` } }], { idempotencyKey: order.id });
      }
    `,
    // A local object named like the SDK's batch is not Trigger.dev.
    code`
      const batch = { trigger: async (items: unknown[], options: { idempotencyKey: string }) => items.length };
      await batch.trigger([{ id: 'a', payload: {} }], { idempotencyKey: crypto.randomUUID() });
    `,
    // SQS batch entries keyed by payload ids.
    code`
      import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
      const sqs = new SQSClient({});
      export async function publish(orderId: string) {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [{ Id: '1', MessageBody: orderId, MessageGroupId: 'g', MessageDeduplicationId: \`order:\${orderId}\` }] }));
      }
    `,
  ],
  invalid: [
    {
      // Date.now() directly in a BullMQ jobId.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails');
        await emails.add('welcome', {}, { jobId: \`welcome-\${Date.now()}\` });
      `,
      errors: [{ messageId: 'unstableKey', line: 3, column: 7, data: { option: '`jobId`', what: "BullMQ job 'welcome'", source: 'Date.now()' } }],
    },
    {
      // Through a local variable; the call spans lines, so the property's line is reported.
      code: code`
        import PgBoss from 'pg-boss';
        import { v4 as uuidv4 } from 'uuid';
        const boss = new PgBoss('postgres://localhost/app');
        export async function charge(orderId: string) {
          const key = \`charge-\${uuidv4()}\`;
          await boss.send('charge', { orderId }, {
            singletonKey: key,
          });
        }
      `,
      errors: [{ messageId: 'unstableKey', line: 7, column: 5, data: { option: '`singletonKey`', what: "pg-boss job 'charge'", source: 'uuidv4()' } }],
    },
    {
      // crypto.randomUUID(), new Date(), Math.random(), nanoid in other frameworks' keys.
      code: code`
        import { Inngest } from 'inngest';
        import { tasks } from '@trigger.dev/sdk';
        import { nanoid } from 'nanoid';
        import { makeWorkerUtils } from 'graphile-worker';
        const inngest = new Inngest({ id: 'shop' });
        const utils = await makeWorkerUtils({});
        await inngest.send({ name: 'user/created', id: crypto.randomUUID(), data: {} });
        await tasks.trigger('sync', {}, { idempotencyKey: new Date().toISOString() });
        await utils.addJob('ping', {}, { jobKey: String(Math.random()) });
        await tasks.trigger('sync', {}, { idempotencyKey: nanoid() });
      `,
      errors: [
        { messageId: 'unstableKey', line: 7, column: 7, data: { option: '`id`', what: 'Inngest job', source: 'crypto.randomUUID()' } },
        { messageId: 'unstableKey', line: 8, column: 7, data: { option: '`idempotencyKey`', what: "Trigger.dev job 'sync'", source: 'new Date()' } },
        { messageId: 'unstableKey', line: 9, column: 7, data: { option: '`jobKey`', what: "graphile-worker job 'ping'", source: 'Math.random()' } },
        { messageId: 'unstableKey', line: 10, column: 7, data: { option: '`idempotencyKey`', what: "Trigger.dev job 'sync'", source: 'nanoid()' } },
      ],
    },
    {
      // cuid and its successor cuid2, directly and through a local const.
      code: code`
        import { Queue } from 'bullmq';
        import cuid from 'cuid';
        import { createId } from '@paralleldrive/cuid2';
        const queue = new Queue('mail');
        await queue.add('welcome', {}, { jobId: cuid() });
        const key = createId();
        await queue.add('welcome', {}, { jobId: key });
      `,
      errors: [
        { messageId: 'unstableKey', line: 5, column: 7, data: { option: '`jobId`', what: "BullMQ job 'welcome'", source: 'cuid()' } },
        { messageId: 'unstableKey', line: 7, column: 7, data: { option: '`jobId`', what: "BullMQ job 'welcome'", source: 'createId()' } },
      ],
    },
    {
      // Stripe request option and an Idempotency-Key header on fetch, inside a handler.
      code: code`
        import { Worker } from 'bullmq';
        import Stripe from 'stripe';
        import { randomUUID } from 'node:crypto';
        const stripe = new Stripe('sk');
        new Worker('charges', async (job) => {
          await stripe.paymentIntents.create({ amount: job.data.amount, currency: 'usd' }, { idempotencyKey: randomUUID() });
          await fetch('https://partner.example.com/orders', { method: 'POST', headers: { 'Idempotency-Key': randomUUID() } });
        });
      `,
      errors: [
        { messageId: 'unstableKey', line: 6, column: 9, data: { option: '`idempotencyKey`', what: 'payment call `stripe.paymentIntents.create` (Stripe)', source: 'randomUUID()' } },
        { messageId: 'unstableKey', line: 7, column: 9, data: { option: '`Idempotency-Key`', what: 'HTTP POST via `fetch`', source: 'randomUUID()' } },
      ],
    },
    {
      // Cutting a random value keeps it random.
      code: code`
        import { Queue } from 'bullmq';
        const q = new Queue('q');
        await q.add('x', {}, { jobId: crypto.randomUUID().slice(0, 8) });
      `,
      errors: [{ messageId: 'unstableKey', line: 3, column: 7, data: { option: '`jobId`', what: "BullMQ job 'x'", source: 'crypto.randomUUID()' } }],
    },
    {
      // Bee-Queue setId and an SQS FIFO MessageDeduplicationId.
      code: code`
        import BeeQueue from 'bee-queue';
        import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
        const queue = new BeeQueue('emails');
        const sqs = new SQSClient({});
        await queue.createJob({}).setId(\`job-\${Date.now()}\`).save();
        await sqs.send(new SendMessageCommand({ QueueUrl: 'q.fifo', MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: \`\${Date.now()}\` }));
      `,
      errors: [
        { messageId: 'unstableKey', line: 5, column: 7, data: { option: '`.setId()`', what: 'Bee-Queue job', source: 'Date.now()' } },
        { messageId: 'unstableKey', line: 6, column: 7 },
      ],
    },
    {
      // Trigger.dev: a batch-level key (task, tasks, batch.*) and an item key of batch.trigger.
      code: code`
        import { batch, task, tasks } from '@trigger.dev/sdk';
        import { nanoid } from 'nanoid';
        export const sync = task({ id: 'sync', run: async () => {} });
        export async function go() {
          await sync.batchTrigger([{ payload: {} }], { idempotencyKey: crypto.randomUUID() });
          await tasks.batchTrigger('sync', [{ payload: {} }], { idempotencyKey: \`b:\${Date.now()}\` });
          await batch.triggerAndWait([{ id: 'sync', payload: {} }], { idempotencyKey: nanoid() });
          await batch.trigger([{ id: 'sync', payload: {}, options: { idempotencyKey: Math.random().toString() } }]);
        }
      `,
      errors: [
        { messageId: 'unstableKey', line: 5, column: 9, data: { option: '`idempotencyKey`', what: 'Trigger.dev job', source: 'crypto.randomUUID()' } },
        { messageId: 'unstableKey', line: 6, column: 9, data: { option: '`idempotencyKey`', what: "Trigger.dev job 'sync'", source: 'Date.now()' } },
        { messageId: 'unstableKey', line: 7, column: 9, data: { option: '`idempotencyKey`', what: 'Trigger.dev job', source: 'nanoid()' } },
        { messageId: 'unstableKey', line: 8, column: 9, data: { option: '`idempotencyKey`', what: 'Trigger.dev job', source: 'Math.random()' } },
      ],
    },
    {
      // An SQS batch entry's MessageDeduplicationId from randomUUID().
      code: code`
        import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
        import { randomUUID } from 'node:crypto';
        const sqs = new SQSClient({});
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [{ Id: '1', MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: randomUUID() }] }));
      `,
      errors: [
        { messageId: 'unstableKey', line: 4, column: 7, data: { option: '`MessageDeduplicationId`', what: 'SQS message batch via `sqs.send(new SendMessageBatchCommand(…))`', source: 'randomUUID()' } },
      ],
    },
  ],
});
