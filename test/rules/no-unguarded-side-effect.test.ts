import rule from '../../rules/no-unguarded-side-effect.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;

ruleTester.run('no-unguarded-side-effect', rule, {
  valid: [
    // The same through a const that says GET (a read), or a const that is not an object literal.
    code`
      import { Worker } from 'bullmq';
      import axios from 'axios';
      new Worker('pull', async (job) => {
        const request = { url: 'https://crm.example.com/contacts', method: 'GET', timeout: 5_000 };
        await axios(request);
        const built = job.data.request;
        await axios(built);
      });
    `,
    // Guard: a field of the record the handler reads says the work is done.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      new Worker('welcome', async (job) => {
        const user = await prisma.user.findUniqueOrThrow({ where: { id: job.data.userId } });
        if (user.welcomeSentAt) return;
        await transporter.sendMail({ to: user.email, subject: 'Welcome' });
        await prisma.user.update({ where: { id: user.id }, data: { welcomeSentAt: new Date() } });
      });
    `,
    // Guard: status check in an enclosing branch.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      new Worker('receipts', async (job) => {
        const order = await prisma.order.findUnique({ where: { id: job.data.orderId } });
        if (order && order.status !== 'RECEIPT_SENT') {
          await transporter.sendMail({ to: order.email, subject: 'Your receipt' });
        }
      });
    `,
    // Guard: the idempotency-record pattern (existence of a row in a table the handler writes).
    code`
      import { PrismaClient } from '@prisma/client';
      import PgBoss from 'pg-boss';
      ${mailer}
      const prisma = new PrismaClient();
      const boss = new PgBoss(process.env.DATABASE_URL!);
      await boss.work('digest', async ([job]) => {
        const sent = await prisma.emailLog.findUnique({ where: { key: job.id } });
        if (sent) return;
        await transporter.sendMail({ to: job.data.email, subject: 'Digest' });
        await prisma.emailLog.create({ data: { key: job.id } });
      });
    `,
    // Guard: an atomic claim whose count is checked.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      new Worker('invoices', async (job) => {
        const { count } = await prisma.invoice.updateMany({ where: { id: job.data.id, sentAt: null }, data: { sentAt: new Date() } });
        if (count === 0) return;
        await transporter.sendMail({ to: job.data.email, subject: 'Invoice' });
      });
    `,
    // Guard: a unique insert whose duplicate is caught.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      new Worker('reminders', async (job) => {
        try {
          await prisma.reminderLog.create({ data: { jobId: job.id! } });
        } catch {
          return;
        }
        await transporter.sendMail({ to: job.data.email, subject: 'Reminder' });
      });
    `,
    // Guard: a helper the analysis cannot see, tested as a flag.
    code`
      import { Worker } from 'bullmq';
      import { alreadyNotified } from './ledger';
      ${mailer}
      new Worker('notify', async (job) => {
        if (await alreadyNotified(job.id)) return;
        await transporter.sendMail({ to: job.data.email, subject: 'Update' });
      });
    `,
    // A same-file helper that reads the record counts as a state check.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      async function receiptAlreadySent(orderId: string) {
        const order = await prisma.order.findUnique({ where: { id: orderId } });
        return order?.receiptSentAt != null;
      }
      new Worker('receipts', async (job) => {
        if (await receiptAlreadySent(job.data.orderId)) return;
        await transporter.sendMail({ to: job.data.email, subject: 'Receipt' });
      });
    `,
    // A same-file async helper whose I/O the analysis cannot classify gets the benefit of the doubt.
    code`
      import { Worker } from 'bullmq';
      import { createClient } from '@clickhouse/client';
      const clickhouse = createClient();
      async function countEvents() {
        const result = await clickhouse.query({ query: 'SELECT count() AS count FROM events' });
        return (await result.json()) as { count: number }[];
      }
      new Worker('ping', async () => {
        const [row] = await countEvents();
        if (typeof row?.count === 'number') {
          await fetch('https://telemetry.example.com/ping', { method: 'POST', body: JSON.stringify(row) });
        }
      });
    `,
    // A flag from a helper it cannot see: a same-named variable used as a record in another scope,
    // or the text `sent.at` in a string, does not make it an entity lookup.
    code`
      import { Worker } from 'bullmq';
      import { wasSent } from './ledger';
      ${mailer}
      new Worker('notify', async (job) => {
        const sent = await wasSent(job.id);
        if (sent) return;
        await transporter.sendMail({ to: job.data.email, subject: 'sent.at will be recorded' });
        job.data.items.forEach((sent: { at: Date }) => console.log(sent.at));
      });
    `,
    // An idempotency key on the request itself.
    code`
      import { Worker } from 'bullmq';
      new Worker('webhooks', async (job) => {
        await fetch(job.data.url, {
          method: 'POST',
          headers: { 'Idempotency-Key': \`delivery-\${job.data.deliveryId}\` },
          body: JSON.stringify(job.data.payload),
        });
      });
    `,
    // GET requests are not side effects.
    code`
      import { task } from '@trigger.dev/sdk';
      import axios from 'axios';
      export const syncRates = task({
        id: 'sync-rates',
        run: async () => {
          await fetch('https://rates.example.com/today');
          await axios.get('https://rates.example.com/yesterday');
        },
      });
    `,
    // Inngest: effects inside step.run are memoised.
    code`
      import { Inngest } from 'inngest';
      ${mailer}
      const inngest = new Inngest({ id: 'shop' });
      export const welcome = inngest.createFunction(
        { id: 'welcome-email', triggers: [{ event: 'user/created' }] },
        async ({ event, step }) => {
          await step.run('send-email', async () => {
            await transporter.sendMail({ to: event.data.email, subject: 'Welcome' });
          });
        },
      );
    `,
    // Inngest: effects outside steps belong to no-side-effect-outside-step (one defect, one report).
    code`
      import { Inngest } from 'inngest';
      ${mailer}
      const inngest = new Inngest({ id: 'shop' });
      inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async ({ event }) => {
        await transporter.sendMail({ to: event.data.email, subject: 'Welcome' });
      });
    `,
    // Not a job: a route handler that sends email.
    code`
      ${mailer}
      export async function signup(req: { body: { email: string } }) {
        await transporter.sendMail({ to: req.body.email, subject: 'Welcome' });
      }
    `,
    // Not a job: a local object with a sendMail method (resolved by import, never by name).
    code`
      import { Worker } from 'bullmq';
      const transporter = { sendMail: async (message: object) => console.log(message) };
      new Worker('audit-log', async (job) => {
        await transporter.sendMail({ subject: job.name });
      });
    `,
    // A same-file factory that returns something else is not a transporter.
    code`
      import { Worker } from 'bullmq';
      function getTransport() {
        return { sendMail: async (message: object) => message };
      }
      new Worker('audit', async (job) => {
        await getTransport().sendMail({ subject: job.name });
      });
    `,
    // Stripe accepts a key: left to require-idempotency-key.
    code`
      import { Worker } from 'bullmq';
      import Stripe from 'stripe';
      const stripe = new Stripe(process.env.STRIPE_KEY!);
      new Worker('charges', async (job) => {
        await stripe.paymentIntents.create({ amount: job.data.amount, currency: 'usd' });
      });
    `,
    // A Worker from another library with the same name.
    code`
      import { Worker } from 'node:worker_threads';
      ${mailer}
      new Worker('./thread.js', { workerData: async () => transporter.sendMail({ subject: 'x' }) });
    `,
    // axios GET/HEAD/OPTIONS (plain and on an instance) read, they do not change the world: not effects.
    code`
      import { Worker } from 'bullmq';
      import axios from 'axios';
      const api = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });
      new Worker('sync', async (job) => {
        await axios.get('https://rates.example.com', { timeout: 1_000 });
        await api.get('/orders', { params: { id: job.id } });
        await api.head('/orders');
        await axios.options('https://api.example.com', { timeout: 1_000 });
      });
    `,
    // A GET that reads the record of the work (a remote status) guards like any state read.
    code`
      import { Worker } from 'bullmq';
      import axios from 'axios';
      ${mailer}
      new Worker('welcome', async (job) => {
        const { data: user } = await axios.get(\`https://crm.example.com/users/\${job.data.id}\`, { timeout: 1_000 });
        if (user.welcomeSentAt) return;
        await transporter.sendMail({ to: user.email, subject: 'Welcome' });
      });
    `,
    // FIFO batch sends and Stripe update accept a key: left to require-idempotency-key. Deleting
    // received messages is not a publish. A Stripe delete after a guard is fine.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import { SQSClient, SendMessageBatchCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
      import Stripe from 'stripe';
      const prisma = new PrismaClient();
      const sqs = new SQSClient({});
      const stripe = new Stripe(process.env.STRIPE_KEY!);
      new Worker('billing', async (job) => {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q.fifo', Entries: [{ Id: '1', MessageBody: '{}', MessageGroupId: 'g' }] }));
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: 'q', Entries: [{ Id: '1', ReceiptHandle: 'r' }] }));
        await stripe.subscriptions.update(job.data.subscription, { metadata: { plan: 'pro' } });
        const account = await prisma.account.findUniqueOrThrow({ where: { id: job.data.accountId } });
        if (account.stripeDeletedAt) return;
        await stripe.customers.del(account.stripeCustomerId);
        await prisma.account.update({ where: { id: account.id }, data: { stripeDeletedAt: new Date() } });
      });
    `,
    // Cloudflare Queues look-alikes: a receiver not typed as the platform's Queue is not a producer
    // (untyped, a local class, BullMQ's Queue, whose API has no send).
    code`
      import { Queue as BullQueue } from 'bullmq';
      class Outbox { async send(body: unknown) { return body; } }
      interface Env { OUTBOX: Outbox; JOBS: BullQueue }
      export default {
        async queue(batch: MessageBatch<{ id: string }>, env: Env, ctx: { raw: { send(b: unknown): Promise<void> } }) {
          for (const message of batch.messages) {
            await env.OUTBOX.send(message.body);
            await ctx.raw.send(message.body);
            message.ack();
          }
        },
      };
    `,
    code`
      import { Queue } from 'bullmq';
      interface Env { QUEUE: Queue }
      export default {
        async queue(batch: MessageBatch<{ id: string }>, env: Env, other: any) {
          await other.QUEUE.send(batch.messages[0]!.body);
          await (env.QUEUE as any).send(batch.messages[0]!.body);
          batch.ackAll();
        },
      };
    `,
    // A Cloudflare Queues send after a guard on the record of the work.
    code`
      import { PrismaClient } from '@prisma/client';
      interface Env { AUDIT: Queue<{ id: string }> }
      const prisma = new PrismaClient();
      export default {
        async queue(batch: MessageBatch<{ id: string }>, env: Env) {
          for (const message of batch.messages) {
            const order = await prisma.order.findUniqueOrThrow({ where: { id: message.body.id } });
            if (order.auditedAt) continue;
            await env.AUDIT.send({ id: order.id });
            await prisma.order.update({ where: { id: order.id }, data: { auditedAt: new Date() } });
          }
        },
      };
    `,
    // A Queue type the file declares itself is not the platform's Queue.
    code`
      interface Queue<T> { send(body: T): Promise<void> }
      interface Env { OUT: Queue<string> }
      export default {
        async queue(batch: MessageBatch<string>, env: Env) {
          await env.OUT.send('x');
          batch.ackAll();
        },
      };
    `,
  ],
  invalid: [
    {
      // axios(config) with the config in a const: a PUT read through it is an effect.
      code: code`
        import { Worker } from 'bullmq';
        import axios from 'axios';
        new Worker('push', async (job) => {
          const request = { url: 'https://crm.example.com/contacts', method: 'PUT', data: job.data, timeout: 5_000 };
          await axios(request);
        });
      `,
      errors: [{ messageId: 'unguarded', line: 5, column: 9 }],
    },
    {
      // BullMQ inline processor; `if (!user) return` does not record the work.
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        ${mailer}
        const prisma = new PrismaClient();
        new Worker('welcome', async (job) => {
          const user = await prisma.user.findUnique({ where: { id: job.data.userId } });
          if (!user) return;
          await transporter.sendMail({ to: user.email, subject: 'Welcome' });
        });
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 69,
          data: {
            effect: 'Email via nodemailer `sendMail`',
            job: "BullMQ job 'welcome'",
            via: '',
            repeat: 'sends the email again',
            hint: 'check a field that records the work, e.g. `if (user.emailSentAt) return;` before the call, and set `emailSentAt` right after it succeeds',
          },
        },
      ],
    },
    {
      // BullMQ processor passed by reference; a branch on the payload is not a guard.
      code: code`
        import { Worker, type Job } from 'bullmq';
        ${mailer}
        async function processEmail(job: Job) {
          if (job.data.marketing) {
            await transporter.sendMail({ to: job.data.to, subject: 'News' });
          }
        }
        export const worker = new Worker('newsletter', processEmail, { connection: {} });
      `,
      errors: [{ messageId: 'unguarded', line: 6, column: 11, endLine: 6, endColumn: 69 }],
    },
    {
      // The effect sits in a same-file helper: reported at the helper, naming the job.
      code: code`
        import { Worker } from 'bullmq';
        ${mailer}
        async function sendReceipt(email: string) {
          await transporter.sendMail({ to: email, subject: 'Receipt' });
        }
        new Worker('receipts', async (job) => {
          await sendReceipt(job.data.email);
        });
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 5,
          column: 9,
          data: {
            effect: 'Email via nodemailer `sendMail`',
            job: "BullMQ job 'receipts'",
            via: ' (reached through `sendReceipt()`)',
            repeat: 'sends the email again',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
    {
      // NestJS @Processor + WorkerHost.process, HTTP POST with axios.
      code: code`
        import { Processor, WorkerHost } from '@nestjs/bullmq';
        import type { Job } from 'bullmq';
        import axios from 'axios';
        @Processor('partner-sync')
        export class PartnerSyncProcessor extends WorkerHost {
          async process(job: Job<{ orderId: string }>) {
            await axios.post('https://partner.example.com/orders', { id: job.data.orderId });
          }
        }
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 7,
          column: 11,
          data: {
            effect: 'HTTP POST via axios `axios.post`',
            job: "NestJS BullMQ job 'partner-sync'",
            via: '',
            repeat: 'sends the request again',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
    {
      // pg-boss work callback with options; fetch POST.
      code: code`
        import PgBoss from 'pg-boss';
        const boss = new PgBoss('postgres://localhost/app');
        await boss.work('deliver-webhook', { batchSize: 1 }, async ([job]) => {
          await fetch(job.data.url, { method: 'POST', body: JSON.stringify(job.data.body) });
        });
      `,
      errors: [{ messageId: 'unguarded', line: 4, column: 9, endLine: 4, endColumn: 85 }],
    },
    {
      // pg-boss named import, instance held in a class field.
      code: code`
        import { PgBoss } from 'pg-boss';
        ${mailer}
        export class Jobs {
          private readonly boss = new PgBoss('postgres://localhost/app');
          async start() {
            await this.boss.work('password-reset', async ([job]) => {
              await transporter.sendMail({ to: job.data.email, subject: 'Reset your password' });
            });
          }
        }
      `,
      errors: [{ messageId: 'unguarded', line: 8, column: 13 }],
    },
    {
      // graphile-worker task list object.
      code: code`
        import { run } from 'graphile-worker';
        ${mailer}
        await run({
          connectionString: process.env.DATABASE_URL,
          taskList: {
            send_invite: async (payload: any) => {
              await transporter.sendMail({ to: payload.email, subject: 'You are invited' });
            },
          },
        });
      `,
      errors: [{ messageId: 'unguarded', line: 8, column: 13, data: { effect: 'Email via nodemailer `sendMail`', job: "graphile-worker job 'send_invite'", via: '', repeat: 'sends the email again', hint: 'record the work in a row keyed by `payload.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // graphile-worker task annotated with `Task`, referenced from a task list by shorthand.
      code: code`
        import { run, type Task } from 'graphile-worker';
        import axios from 'axios';
        const notifySlack: Task = async (payload) => {
          await axios.post('https://hooks.slack.example/T000', { text: String(payload) });
        };
        await run({ taskList: { notifySlack } });
      `,
      errors: [{ messageId: 'unguarded', line: 4, column: 9 }],
    },
    {
      // graphile-worker task file: the default export of tasks/<name>.ts.
      code: code`
        import type { Task } from 'graphile-worker';
        export default (async (payload, helpers) => {
          helpers.logger.info('sending');
          await fetch('https://api.example.com/notify', { method: 'PUT', body: JSON.stringify(payload) });
        }) satisfies Task;
      `,
      filename: 'tasks/notify_partner.ts',
      errors: [{ messageId: 'unguarded', line: 4, column: 9, data: { effect: 'HTTP PUT via `fetch`', job: "graphile-worker job 'notify_partner'", via: '', repeat: 'sends the request again', hint: 'record the work in a row keyed by `payload.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // Trigger.dev task run function.
      code: code`
        import { task } from '@trigger.dev/sdk';
        ${mailer}
        export const sendOnboarding = task({
          id: 'send-onboarding',
          run: async (payload: { email: string }) => {
            await transporter.sendMail({ to: payload.email, subject: 'Getting started' });
          },
        });
      `,
      errors: [{ messageId: 'unguarded', line: 7, column: 11, data: { effect: 'Email via nodemailer `sendMail`', job: "Trigger.dev job 'send-onboarding'", via: '', repeat: 'sends the email again', hint: 'record the work in a row keyed by `payload.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // Trigger.dev v3 import path and schemaTask; axios instance from axios.create().
      code: code`
        import { schemaTask } from '@trigger.dev/sdk/v3';
        import axios from 'axios';
        const crm = axios.create({ baseURL: 'https://crm.example.com' });
        export const syncContact = schemaTask({
          id: 'sync-contact',
          schema: undefined as never,
          run: async (payload: { id: string }) => {
            await crm.patch(\`/contacts/\${payload.id}\`, { synced: true });
          },
        });
      `,
      errors: [{ messageId: 'unguarded', line: 8, column: 11 }],
    },
    {
      // Namespace import, a `void`ed send is still a send, and two handlers share one helper: one report.
      code: code`
        import * as bullmq from 'bullmq';
        import * as nodemailer from 'nodemailer';
        const transporter = nodemailer.createTransport({});
        function alert(to: string) {
          void transporter.sendMail({ to, subject: 'Alert' });
        }
        new bullmq.Worker('alerts', async (job) => alert(job.data.to));
        new bullmq.Worker('alerts-high', async (job) => alert(job.data.to));
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 5,
          column: 8,
          data: {
            effect: 'Email via nodemailer `sendMail`',
            job: "BullMQ job 'alerts', BullMQ job 'alerts-high'",
            via: ' (reached through `alert()`)',
            repeat: 'sends the email again',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
    {
      // A transporter returned by a same-file factory declared `Promise<nodemailer.Transporter>`.
      code: code`
        import * as nodemailer from 'nodemailer';
        import type { Task } from 'graphile-worker';
        async function getTransport(): Promise<nodemailer.Transporter> {
          return nodemailer.createTransport({ jsonTransport: true });
        }
        const task: Task = async (payload) => {
          const transport = await getTransport();
          await transport.sendMail({ to: String(payload) });
        };
        module.exports = task;
      `,
      filename: 'tasks/send_email.ts',
      errors: [{ messageId: 'unguarded', line: 8, column: 9, data: { effect: 'Email via nodemailer `sendMail`', job: "graphile-worker job 'send_email'", via: '', repeat: 'sends the email again', hint: 'record the work in a row keyed by `payload.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // A visible, synchronous validation helper is not a state read (real-world false negative).
      code: code`
        import type { Job } from 'bullmq';
        import { Worker } from 'bullmq';
        function isValidPayload(value: unknown): boolean {
          return value !== null && typeof value === 'object';
        }
        export async function deliver(job: Job<{ url: string; body: unknown }>) {
          if (!isValidPayload(job.data.body)) return;
          return fetch(job.data.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(job.data.body) });
        }
        new Worker('webhooks', deliver);
      `,
      errors: [{ messageId: 'unguarded', line: 8, column: 10 }],
    },
    {
      // An entity from a helper it cannot see, used as a record: `if (!customer) return` is not a guard.
      code: code`
        import { Worker } from 'bullmq';
        import { loadCustomer } from './customers';
        ${mailer}
        new Worker('statement', async (job) => {
          const customer = await loadCustomer(job.data.customerId);
          if (!customer) return;
          await transporter.sendMail({ to: customer.email, subject: 'Your statement' });
        });
      `,
      errors: [{ messageId: 'unguarded', line: 8, column: 9 }],
    },
    {
      // CommonJS require in a JavaScript file.
      code: code`
        const { Worker } = require('bullmq');
        const nodemailer = require('nodemailer');
        const transporter = nodemailer.createTransport({});
        new Worker('js-mail', async (job) => {
          await transporter.sendMail({ to: job.data.to });
        });
      `,
      filename: 'worker.js',
      errors: [{ messageId: 'unguarded', line: 5, column: 9 }],
    },
    {
      // Standard SQS/SNS batch sends cannot be keyed, and a Stripe delete takes no key: unguarded effects.
      code: code`
        import { Worker } from 'bullmq';
        import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
        import { SNSClient, PublishBatchCommand } from '@aws-sdk/client-sns';
        import Stripe from 'stripe';
        const sqs = new SQSClient({});
        const sns = new SNSClient({});
        const stripe = new Stripe(process.env.STRIPE_KEY!);
        new Worker('close-account', async (job) => {
          await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: [{ Id: '1', MessageBody: '{}' }] }));
          await sns.send(new PublishBatchCommand({ TopicArn: 't', PublishBatchRequestEntries: [{ Id: '1', Message: 'closed' }] }));
          await stripe.customers.del(job.data.customer);
        });
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 9,
          column: 9,
          data: {
            effect: 'SQS message batch via `sqs.send(new SendMessageBatchCommand(…))`',
            job: "BullMQ job 'close-account'",
            via: '',
            repeat: 'publishes the message again',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
        { messageId: 'unguarded', line: 10, column: 9 },
        {
          messageId: 'unguarded',
          line: 11,
          column: 9,
          data: {
            effect: 'Payment API delete `stripe.customers.del` (Stripe)',
            job: "BullMQ job 'close-account'",
            via: '',
            repeat: 'sends the delete again, which Stripe refuses once the object is gone, so the job fails on every retry',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
    {
      // Cloudflare Queues producer: env.<BINDING>.send / sendBatch on a binding declared as Queue<…>
      // (an Env interface or a type literal) cannot carry a dedup key.
      code: code`
        import { Worker } from 'bullmq';
        interface Env { AUDIT: Queue<{ id: string }>; EVENTS: Queue }
        declare const bindings: { QUEUE: Queue<unknown> };
        export default {
          async queue(batch: MessageBatch<{ id: string }>, env: Env) {
            await env.AUDIT.send({ id: batch.messages[0]!.body.id });
            await env.EVENTS.sendBatch([{ body: 'a' }, { body: 'b' }]);
            batch.ackAll();
          },
        };
        new Worker('relay', async (job) => {
          await bindings.QUEUE.send(job.data);
        });
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 6,
          column: 11,
          data: {
            effect: 'Message to another job via Cloudflare Queues `env.AUDIT.send`',
            job: 'Cloudflare Queues handler `queue`',
            via: '',
            repeat: 'enqueues the job again',
            // A MessageBatch has no id: the hint names the message id, not \`batch.id\`.
            hint: 'record the work in a row keyed by the message id (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
        { messageId: 'unguarded', line: 7, column: 11 },
        {
          messageId: 'unguarded',
          line: 12,
          column: 9,
          data: {
            effect: 'Message to another job via Cloudflare Queues `bindings.QUEUE.send`',
            job: "BullMQ job 'relay'",
            via: '',
            repeat: 'enqueues the job again',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
  ],
});

// Every effect family of the catalogue: email (SES, SendGrid, Postmark), SMS (Twilio), chat (Slack), push (FCM).
ruleTester.run('no-unguarded-side-effect: effect providers', rule, {
  valid: [
    // SES: a command that reads, not sends, is not an effect.
    code`
      import { Worker } from 'bullmq';
      import { SESClient, GetSendQuotaCommand } from '@aws-sdk/client-ses';
      const ses = new SESClient({});
      new Worker('quota', async () => {
        await ses.send(new GetSendQuotaCommand({}));
      });
    `,
    // SES send after a status check on the record.
    code`
      import { Worker } from 'bullmq';
      import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
      import { PrismaClient } from '@prisma/client';
      const ses = new SESClient({});
      const prisma = new PrismaClient();
      new Worker('receipts', async (job) => {
        const order = await prisma.order.findUniqueOrThrow({ where: { id: job.data.orderId } });
        if (order.status === 'RECEIPT_SENT') return;
        await ses.send(new SendEmailCommand({ Destination: { ToAddresses: [order.email] }, Message: undefined as never, Source: 'shop@example.com' }));
        await prisma.order.update({ where: { id: order.id }, data: { status: 'RECEIPT_SENT' } });
      });
    `,
    // SendGrid inside a branch on a state read.
    code`
      import { Worker } from 'bullmq';
      import sgMail from '@sendgrid/mail';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('digest', async (job) => {
        const user = await prisma.user.findUniqueOrThrow({ where: { id: job.data.userId } });
        if (!user.digestSentAt) {
          await sgMail.send({ to: user.email, from: 'news@example.com', subject: 'Digest', text: '…' });
        }
      });
    `,
    // Twilio: listing messages is a read.
    code`
      import { Worker } from 'bullmq';
      import twilio from 'twilio';
      const client = twilio(process.env.SID, process.env.TOKEN);
      new Worker('sms-audit', async () => {
        await client.messages.list({ limit: 20 });
      });
    `,
    // Slack: reading history is not a post; a local object named `web` is not a Slack client.
    code`
      import { Worker } from 'bullmq';
      import { WebClient } from '@slack/web-api';
      const slack = new WebClient(process.env.SLACK_TOKEN);
      const web = { chat: { postMessage: async (message: object) => message } };
      new Worker('slack-audit', async (job) => {
        await slack.conversations.history({ channel: job.data.channel });
        await web.chat.postMessage({ channel: 'x', text: 'not slack' });
      });
    `,
    // FCM after an atomic claim whose count is checked.
    code`
      import { Worker } from 'bullmq';
      import { getMessaging } from 'firebase-admin/messaging';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('push', async (job) => {
        const { count } = await prisma.notification.updateMany({ where: { id: job.data.id, sentAt: null }, data: { sentAt: new Date() } });
        if (count === 0) return;
        await getMessaging().send({ token: job.data.token, notification: { title: 'Hi' } });
      });
    `,
    // Postmark after a Redis SET NX claim.
    code`
      import { Worker } from 'bullmq';
      import { ServerClient } from 'postmark';
      import Redis from 'ioredis';
      const redis = new Redis();
      const postmark = new ServerClient(process.env.POSTMARK_TOKEN!);
      new Worker('invite', async (job) => {
        const claimed = await redis.set(\`invite:\${job.data.inviteId}\`, '1', 'EX', 86400, 'NX');
        if (!claimed) return;
        await postmark.sendEmail({ From: 'a@example.com', To: job.data.email, Subject: 'Invite' });
      });
    `,
    // Twilio SMS after a unique insert with ON CONFLICT DO NOTHING RETURNING, checked.
    code`
      import { Worker } from 'bullmq';
      import twilio from 'twilio';
      import { Pool } from 'pg';
      const pool = new Pool();
      const client = twilio(process.env.SID, process.env.TOKEN);
      new Worker('otp', async (job) => {
        const { rowCount } = await pool.query('INSERT INTO sms_log (job_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING job_id', [job.id]);
        if (rowCount === 0) return;
        await client.messages.create({ to: job.data.phone, from: '+15550000000', body: 'Your code' });
      });
    `,
  ],
  invalid: [
    {
      // SES v3 command object, inline.
      code: code`
        import { Worker } from 'bullmq';
        import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
        const ses = new SESClient({ region: 'eu-west-1' });
        new Worker('welcome', async (job) => {
          await ses.send(new SendEmailCommand({ Source: 'a@example.com', Destination: { ToAddresses: [job.data.email] }, Message: undefined as never }));
        });
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 5,
          column: 9,
          data: {
            effect: 'Email via AWS SES `ses.send`',
            job: "BullMQ job 'welcome'",
            via: '',
            repeat: 'sends the email again',
            hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
    {
      // SESv2, command held in a const; pg-boss handler.
      code: code`
        import PgBoss from 'pg-boss';
        import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
        const boss = new PgBoss('postgres://localhost/app');
        const ses = new SESv2Client({});
        await boss.work('reset', async ([job]) => {
          const command = new SendEmailCommand({ Destination: { ToAddresses: [job.data.email] } });
          await ses.send(command);
        });
      `,
      errors: [{ messageId: 'unguarded', line: 7, column: 9, data: { effect: 'Email via AWS SESv2 `ses.send`', job: "pg-boss job 'reset'", via: '', repeat: 'sends the email again', hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // SendGrid through require, in a graphile-worker task list; `if (!user) return` is not a guard.
      code: code`
        const { run } = require('graphile-worker');
        const sgMail = require('@sendgrid/mail');
        const { PrismaClient } = require('@prisma/client');
        const prisma = new PrismaClient();
        run({
          taskList: {
            send_digest: async (payload) => {
              const user = await prisma.user.findUnique({ where: { id: payload.userId } });
              if (!user) return;
              await sgMail.send({ to: user.email, subject: 'Digest' });
            },
          },
        });
      `,
      filename: 'tasks.js',
      errors: [{ messageId: 'unguarded', line: 10, column: 13, data: { effect: 'Email via SendGrid `sgMail.send`', job: "graphile-worker job 'send_digest'", via: '', repeat: 'sends the email again', hint: 'check a field that records the work, e.g. `if (user.emailSentAt) return;` before the call, and set `emailSentAt` right after it succeeds' } }],
    },
    {
      // Postmark in a NestJS processor method.
      code: code`
        import { Processor, WorkerHost } from '@nestjs/bullmq';
        import type { Job } from 'bullmq';
        import * as postmark from 'postmark';
        @Processor('receipts')
        export class ReceiptProcessor extends WorkerHost {
          private readonly client = new postmark.ServerClient('token');
          async process(job: Job) {
            await this.client.sendEmailWithTemplate({ TemplateAlias: 'receipt', To: job.data.email, From: 'x@example.com', TemplateModel: {} });
          }
        }
      `,
      errors: [{ messageId: 'unguarded', line: 8, column: 11, data: { effect: 'Email via Postmark `this.client.sendEmailWithTemplate`', job: "NestJS BullMQ job 'receipts'", via: '', repeat: 'sends the email again', hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // Twilio SMS and call, client from the default factory; Trigger.dev task.
      code: code`
        import { task } from '@trigger.dev/sdk';
        import twilio from 'twilio';
        const client = twilio(process.env.SID, process.env.TOKEN);
        export const alertOnCall = task({
          id: 'alert-on-call',
          run: async (payload: { phone: string }) => {
            await client.messages.create({ to: payload.phone, from: '+15550000000', body: 'Incident' });
            await client.calls.create({ to: payload.phone, from: '+15550000000', url: 'https://example.com/twiml' });
          },
        });
      `,
      errors: [
        { messageId: 'unguarded', line: 7, column: 11, data: { effect: 'SMS via Twilio `client.messages.create`', job: "Trigger.dev job 'alert-on-call'", via: '', repeat: 'sends the SMS again', hint: 'record the work in a row keyed by `payload.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } },
        { messageId: 'unguarded', line: 8, column: 11 },
      ],
    },
    {
      // Twilio through require('twilio')(sid, token), in a helper the handler calls.
      code: code`
        const { Worker } = require('bullmq');
        const client = require('twilio')(process.env.SID, process.env.TOKEN);
        function textUser(phone) {
          return client.messages.create({ to: phone, body: 'Shipped' });
        }
        new Worker('shipped', async (job) => {
          await textUser(job.data.phone);
        });
      `,
      filename: 'shipped.js',
      errors: [{ messageId: 'unguarded', line: 4, column: 10, data: { effect: 'SMS via Twilio `client.messages.create`', job: "BullMQ job 'shipped'", via: ' (reached through `textUser()`)', repeat: 'sends the SMS again', hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } }],
    },
    {
      // Slack Web API and an incoming webhook.
      code: code`
        import { Worker } from 'bullmq';
        import { WebClient } from '@slack/web-api';
        import { IncomingWebhook } from '@slack/webhook';
        const slack = new WebClient(process.env.SLACK_TOKEN);
        const hook = new IncomingWebhook(process.env.SLACK_WEBHOOK!);
        new Worker('deploys', async (job) => {
          await slack.chat.postMessage({ channel: '#deploys', text: job.data.summary });
          await hook.send({ text: job.data.summary });
        });
      `,
      errors: [
        { messageId: 'unguarded', line: 7, column: 9, data: { effect: 'Slack message via `slack.chat.postMessage`', job: "BullMQ job 'deploys'", via: '', repeat: 'posts the message again', hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } },
        { messageId: 'unguarded', line: 8, column: 9, data: { effect: 'Slack message via incoming webhook `hook.send`', job: "BullMQ job 'deploys'", via: '', repeat: 'posts the message again', hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } },
      ],
    },
    {
      // FCM through getMessaging() and admin.messaging(); a payload branch is not a guard.
      code: code`
        import { Worker } from 'bullmq';
        import admin from 'firebase-admin';
        import { getMessaging } from 'firebase-admin/messaging';
        new Worker('push', async (job) => {
          if (job.data.silent) return;
          await getMessaging().sendEachForMulticast({ tokens: job.data.tokens, notification: { title: 'Hi' } });
          await admin.messaging().send({ topic: 'news', notification: { title: 'Hi' } });
        });
      `,
      errors: [
        { messageId: 'unguarded', line: 6, column: 9, data: { effect: 'Push notification via Firebase `getMessaging().sendEachForMulticast`', job: "BullMQ job 'push'", via: '', repeat: 'sends the notification again', hint: 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one' } },
        { messageId: 'unguarded', line: 7, column: 9 },
      ],
    },
  ],
});
