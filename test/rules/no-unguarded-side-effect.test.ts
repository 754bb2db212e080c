import rule from '../../rules/no-unguarded-side-effect.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;

ruleTester.run('no-unguarded-side-effect', rule, {
  valid: [
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
  ],
  invalid: [
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
  ],
});
