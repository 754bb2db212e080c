import rule from '../../rules/no-side-effect-outside-step.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const setup = code`
  import { Inngest } from 'inngest';
  import nodemailer from 'nodemailer';
  import { PrismaClient } from '@prisma/client';
  const inngest = new Inngest({ id: 'shop' });
  const transporter = nodemailer.createTransport({});
  const prisma = new PrismaClient();
`;

ruleTester.run('no-side-effect-outside-step', rule, {
  valid: [
    // Effects and writes inside step.run.
    code`
      ${setup}
      inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async ({ event, step }) => {
        const user = await step.run('load-user', () => prisma.user.findUniqueOrThrow({ where: { id: event.data.id } }));
        await step.run('send-email', async () => {
          await transporter.sendMail({ to: user.email, subject: 'Welcome' });
        });
        await step.run('mark-sent', () => prisma.user.update({ where: { id: user.id }, data: { welcomeSentAt: new Date() } }));
      });
    `,
    // Pure computation and reads outside steps; step.sleep and step.sendEvent at the top level.
    code`
      ${setup}
      inngest.createFunction({ id: 'digest', triggers: [{ cron: '0 8 * * *' }] }, async ({ step }) => {
        const cutoff = new Date(Date.now() - 86_400_000);
        const subject = \`Digest since \${cutoff.toISOString()}\`;
        await step.sleep('wait', '1m');
        await step.sendEvent('fan-out', { name: 'digest/send', data: { subject } });
      });
    `,
    // A step helper in the same file, called from inside step.run.
    code`
      ${setup}
      async function sendWelcome(email: string) {
        await transporter.sendMail({ to: email, subject: 'Welcome' });
      }
      inngest.createFunction({ id: 'welcome-2', triggers: [{ event: 'user/created' }] }, async ({ event, step }) => {
        await step.run('send', () => sendWelcome(event.data.email));
      });
    `,
    // Not a replaying runtime: a BullMQ worker (no-unguarded-side-effect's business).
    code`
      import { Worker } from 'bullmq';
      import nodemailer from 'nodemailer';
      const transporter = nodemailer.createTransport({});
      new Worker('welcome', async (job) => {
        await transporter.sendMail({ to: job.data.email });
      });
    `,
    // A look-alike: an object with `createFunction` that is not an Inngest client.
    code`
      import nodemailer from 'nodemailer';
      const transporter = nodemailer.createTransport({});
      const registry = { createFunction: (config: object, fn: () => Promise<void>) => fn };
      registry.createFunction({ id: 'x' }, async () => {
        await transporter.sendMail({ to: 'a@example.com' });
      });
    `,
  ],
  invalid: [
    {
      // An email outside any step.
      code: code`
        ${setup}
        inngest.createFunction({ id: 'welcome', triggers: [{ event: 'user/created' }] }, async ({ event, step }) => {
          await step.sleep('wait', '5m');
          await transporter.sendMail({ to: event.data.email, subject: 'Welcome' });
        });
      `,
      errors: [
        {
          messageId: 'outsideStep',
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 75,
          data: { effect: 'Email via nodemailer `sendMail`', job: "Inngest job 'welcome'", via: '', framework: 'Inngest', step: 'step.run' },
        },
      ],
    },
    {
      // A write outside any step (v3 three-argument form), reached through a helper; the message uses the user's name for `step`.
      code: code`
        ${setup}
        async function markPaid(id: string) {
          await prisma.order.update({ where: { id }, data: { status: 'PAID' } });
        }
        export const paid = inngest.createFunction({ id: 'mark-paid' }, { event: 'order/paid' }, async ({ event, step: tools }) => {
          await markPaid(event.data.id);
          await tools.run('notify', async () => transporter.sendMail({ to: event.data.email }));
        });
      `,
      errors: [
        {
          messageId: 'outsideStep',
          line: 8,
          column: 9,
          data: { effect: 'Prisma write `prisma.order.update`', job: "Inngest job 'mark-paid'", via: ' (reached through `markPaid()`)', framework: 'Inngest', step: 'tools.run' },
        },
      ],
    },
    {
      // A transaction outside a step: one report for the transaction, not one per write.
      code: code`
        ${setup}
        inngest.createFunction({ id: 'ledger', triggers: [{ event: 'order/paid' }] }, async ({ event }) => {
          await prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: event.data.id }, data: { paid: true } });
            await tx.ledger.create({ data: { orderId: event.data.id } });
          });
        });
      `,
      errors: [{ messageId: 'outsideStep', line: 8, column: 9, data: { effect: 'Prisma transaction `prisma.$transaction`', job: "Inngest job 'ledger'", via: '', framework: 'Inngest', step: 'step.run' } }],
    },
    {
      // An event sent with inngest.send instead of step.sendEvent, and a POST with fetch.
      code: code`
        ${setup}
        inngest.createFunction({ id: 'relay', triggers: [{ event: 'a/b' }] }, async ({ event }) => {
          await fetch('https://hooks.example.com', { method: 'POST', body: JSON.stringify(event.data) });
          await inngest.send({ name: 'c/d', data: event.data });
        });
      `,
      errors: [
        { messageId: 'outsideStep', line: 8, column: 9 },
        { messageId: 'outsideStep', line: 9, column: 9 },
      ],
    },
    {
      // step.* nested inside step.run.
      code: code`
        ${setup}
        inngest.createFunction({ id: 'nested', triggers: [{ event: 'a/b' }] }, async ({ step }) => {
          await step.run('outer', async () => {
            await step.sleep('pause', '1m');
            await step.run('inner', () => transporter.sendMail({ to: 'ops@example.com' }));
          });
        });
      `,
      errors: [
        { messageId: 'nestedStep', line: 9, column: 11, data: { call: 'step.sleep', outer: 'step.run', job: "Inngest job 'nested'" } },
        { messageId: 'nestedStep', line: 10, column: 11, data: { call: 'step.run', outer: 'step.run', job: "Inngest job 'nested'" } },
      ],
    },
  ],
});
