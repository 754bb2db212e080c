import rule from '../../rules/no-floating-side-effect.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;

ruleTester.run('no-floating-side-effect', rule, {
  valid: [
    // Awaited.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('welcome', async (job) => {
        await transporter.sendMail({ to: job.data.email });
      });
    `,
    // Returned, and an arrow's expression body.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('a', async (job) => {
        return transporter.sendMail({ to: job.data.email });
      });
      new Worker('b', (job) => transporter.sendMail({ to: job.data.email }));
    `,
    // Combined with Promise.all, directly and through map.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      new Worker('fan', async (job) => {
        await Promise.all([
          transporter.sendMail({ to: job.data.a }),
          prisma.user.update({ where: { id: job.data.id }, data: { notified: true } }),
        ]);
        await Promise.allSettled(job.data.emails.map((to: string) => transporter.sendMail({ to })));
      });
    `,
    // Awaited with a chained .then/.catch.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('chain', async (job) => {
        await transporter.sendMail({ to: job.data.email }).then((info) => console.log(info.messageId));
      });
    `,
    // Stored in a variable (awaited later): the analysis cannot follow it and stays silent.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('later', async (job) => {
        const sending = transporter.sendMail({ to: job.data.email });
        await job.updateProgress(50);
        await sending;
      });
    `,
    // Callback style: no promise to await.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('callback', (job, token) => {
        transporter.sendMail({ to: job.data.email }, (error) => { if (error) console.error(error); });
      });
    `,
    // A helper whose promise is awaited by the handler.
    code`
      import PgBoss from 'pg-boss';
      ${mailer}
      const boss = new PgBoss('postgres://localhost/app');
      async function notify(to: string) {
        await transporter.sendMail({ to });
      }
      await boss.work('notify', async ([job]) => {
        await notify(job.data.email);
      });
    `,
    // Writes inside an awaited transaction callback.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('tx', async (job) => {
        await prisma.$transaction(async (tx) => {
          await tx.order.update({ where: { id: job.data.id }, data: { paid: true } });
          await tx.ledger.create({ data: { orderId: job.data.id } });
        });
      });
    `,
    // GET requests are not effects; code outside a handler is not checked.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('fetcher', async () => {
        fetch('https://example.com/ping');
      });
      export function route() {
        transporter.sendMail({ to: 'ops@example.com' });
      }
    `,
    // amqplib publishing returns a boolean, not a promise.
    code`
      import amqp from 'amqplib';
      const connection = await amqp.connect('amqp://localhost');
      const channel = await connection.createChannel();
      await channel.consume('orders', (msg) => {
        if (!msg) return;
        channel.sendToQueue('audit', msg.content);
        channel.ack(msg);
      });
    `,
    // A look-alike: a local object's `sendMail` is not an effect.
    code`
      import { Worker } from 'bullmq';
      const transporter = { sendMail: async (m: object) => m };
      new Worker('fake', async (job) => {
        void transporter.sendMail({ to: job.data.email });
      });
    `,
  ],
  invalid: [
    {
      // A bare statement: fixed by awaiting it in the async handler.
      code: code`
        import { Worker } from 'bullmq';
        ${mailer}
        new Worker('welcome', async (job) => {
          transporter.sendMail({ to: job.data.email });
        });
      `,
      output: code`
        import { Worker } from 'bullmq';
        ${mailer}
        new Worker('welcome', async (job) => {
          await transporter.sendMail({ to: job.data.email });
        });
      `,
      errors: [
        {
          messageId: 'floating',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 47,
          data: { effect: 'Email via nodemailer `sendMail`', job: "BullMQ job 'welcome'", via: '', how: '' },
        },
      ],
    },
    {
      // `void` does not count as handled; the fix replaces it with `await`.
      code: code`
        import PgBoss from 'pg-boss';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        const boss = new PgBoss('postgres://localhost/app');
        await boss.work('audit', async ([job]) => {
          void prisma.auditLog.create({ data: { jobId: job.id } });
        });
      `,
      output: code`
        import PgBoss from 'pg-boss';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        const boss = new PgBoss('postgres://localhost/app');
        await boss.work('audit', async ([job]) => {
          await prisma.auditLog.create({ data: { jobId: job.id } });
        });
      `,
      errors: [
        {
          messageId: 'floating',
          line: 6,
          column: 8,
          data: { effect: 'Prisma write `prisma.auditLog.create`', job: "pg-boss job 'audit'", via: '', how: ' (`void` discards the promise)' },
        },
      ],
    },
    {
      // A dropped `.then` chain; the handler is not async, so there is no fix.
      code: code`
        import { Worker } from 'bullmq';
        import axios from 'axios';
        new Worker('sync', (job) => {
          axios.post('https://crm.example.com/sync', job.data).then(() => console.log('synced'));
          return Promise.resolve();
        });
      `,
      output: null,
      errors: [{ messageId: 'floating', line: 4, column: 3, endLine: 4, endColumn: 89 }],
    },
    {
      // `forEach` drops the promises of its async callback.
      code: code`
        import { Worker } from 'bullmq';
        ${mailer}
        new Worker('digest', async (job) => {
          job.data.emails.forEach(async (to: string) => {
            await transporter.sendMail({ to, subject: 'Digest' });
          });
        });
      `,
      output: null,
      errors: [{ messageId: 'floating', line: 6, column: 11, data: { effect: 'Email via nodemailer `sendMail`', job: "BullMQ job 'digest'", via: '', how: ' (`forEach` drops the promise of its async callback)' } }],
    },
    {
      // A `map` whose promises nobody combines (awaiting the array would not help, so no fix).
      code: code`
        import { Worker } from 'bullmq';
        ${mailer}
        new Worker('map', async (job) => {
          job.data.emails.map((to: string) => transporter.sendMail({ to }));
        });
      `,
      output: null,
      errors: [{ messageId: 'floating', line: 5, column: 39, data: { effect: 'Email via nodemailer `sendMail`', job: "BullMQ job 'map'", via: '', how: ' (the promises `map` returns are dropped)' } }],
    },
    {
      // A helper call the handler does not await: reported at the call, naming the effect.
      code: code`
        import { Worker, Queue } from 'bullmq';
        const followUps = new Queue('follow-ups');
        async function scheduleFollowUp(id: string) {
          await followUps.add('follow-up', { id });
        }
        new Worker('orders', async (job) => {
          scheduleFollowUp(job.data.id);
        });
      `,
      output: code`
        import { Worker, Queue } from 'bullmq';
        const followUps = new Queue('follow-ups');
        async function scheduleFollowUp(id: string) {
          await followUps.add('follow-up', { id });
        }
        new Worker('orders', async (job) => {
          await scheduleFollowUp(job.data.id);
        });
      `,
      errors: [
        {
          messageId: 'floating',
          line: 7,
          column: 3,
          data: { effect: 'BullMQ enqueue `followUps.add`', job: "BullMQ job 'orders'", via: ' (reached through `scheduleFollowUp()`)', how: '' },
        },
      ],
    },
    {
      // Inside a same-file helper the handler awaits: reported at the helper's line.
      code: code`
        import { task } from '@trigger.dev/sdk';
        import Stripe from 'stripe';
        const stripe = new Stripe('sk_test');
        async function refund(id: string) {
          stripe.refunds.create({ payment_intent: id }, { idempotencyKey: id });
        }
        export const refunds = task({ id: 'refund', run: async (payload: { id: string }) => { await refund(payload.id); } });
      `,
      output: code`
        import { task } from '@trigger.dev/sdk';
        import Stripe from 'stripe';
        const stripe = new Stripe('sk_test');
        async function refund(id: string) {
          await stripe.refunds.create({ payment_intent: id }, { idempotencyKey: id });
        }
        export const refunds = task({ id: 'refund', run: async (payload: { id: string }) => { await refund(payload.id); } });
      `,
      errors: [{ messageId: 'floating', line: 5, column: 3 }],
    },
    {
      // A floating transaction: reported once, at the transaction.
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('tx', async (job) => {
          prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: job.data.id }, data: { paid: true } });
          });
        });
      `,
      output: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('tx', async (job) => {
          await prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: job.data.id }, data: { paid: true } });
          });
        });
      `,
      errors: [{ messageId: 'floating', line: 5, column: 3, data: { effect: 'Prisma transaction `prisma.$transaction`', job: "BullMQ job 'tx'", via: '', how: '' } }],
    },
  ],
});
