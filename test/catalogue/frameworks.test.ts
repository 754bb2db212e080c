/**
 * One detection case per framework of catalogue.md § A that has its own catalogue file: the handler
 * is found (an unguarded email inside it is reported by no-unguarded-side-effect) and a look-alike
 * from another module is not.
 */
import rule from '../../rules/no-unguarded-side-effect.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;
const unguarded = (line: number, column: number) => [{ messageId: 'unguarded' as const, line, column }];

ruleTester.run('catalogue frameworks (handlers)', rule, {
  valid: [
    // amqplib: `consume` of an object that is not an amqplib channel.
    code`
      ${mailer}
      const ch = { consume: (q: string, cb: (msg: unknown) => void) => cb(q) };
      ch.consume('emails', async () => {
        await transporter.sendMail({ to: 'a@example.com' });
      });
    `,
    // sqs-consumer: a Consumer from another package.
    code`
      import { Consumer } from './my-consumer';
      ${mailer}
      Consumer.create({ handleMessage: async () => { await transporter.sendMail({ to: 'a@example.com' }); } });
    `,
    // Lambda: a handler annotated with another type.
    code`
      import type { APIGatewayProxyHandler } from 'aws-lambda';
      ${mailer}
      export const handler: APIGatewayProxyHandler = async () => {
        await transporter.sendMail({ to: 'a@example.com' });
        return { statusCode: 200, body: '' };
      };
    `,
    // Temporal: the worker bootstrap file is not an activity module.
    code`
      import { Context } from '@temporalio/activity';
      import { Worker } from '@temporalio/worker';
      ${mailer}
      export async function main() {
        void Context;
        await transporter.sendMail({ to: 'ops@example.com', subject: 'worker starting' });
        await Worker.create({ taskQueue: 'emails', workflowsPath: './workflows' });
      }
    `,
    // Cloudflare: a default export whose queue method is not typed as a queue consumer.
    code`
      ${mailer}
      export default {
        async queue(items: string[]) {
          await transporter.sendMail({ to: items[0] });
        },
      };
    `,
    // Faktory: register of another module.
    code`
      import { register } from './registry';
      ${mailer}
      register('SendWelcome', async (to: string) => {
        await transporter.sendMail({ to });
      });
    `,
    // node-resque: a Worker of another library.
    code`
      import { Worker } from 'node:worker_threads';
      ${mailer}
      new Worker('./w.js', { perform: { perform: async () => transporter.sendMail({}) } } as never);
    `,
    // Bull look-alike: `process` on something that is not a Bull queue.
    code`
      ${mailer}
      const emitter = { process: (fn: () => Promise<void>) => fn() };
      emitter.process(async () => {
        await transporter.sendMail({ to: 'a@example.com' });
      });
    `,
    // Agenda: define() on an unrelated object.
    code`
      ${mailer}
      const registry = { define: (name: string, fn: () => Promise<void>) => fn() };
      registry.define('x', async () => {
        await transporter.sendMail({ to: 'a@example.com' });
      });
    `,
    // Temporal: exported functions of a module that does not import @temporalio/activity.
    code`
      ${mailer}
      export async function sendWelcome(to: string) {
        await transporter.sendMail({ to });
      }
    `,
    // QStash: a verifySignature of another package.
    code`
      import { verifySignature } from './auth';
      ${mailer}
      export const POST = verifySignature(async () => {
        await transporter.sendMail({ to: 'a@example.com' });
      });
    `,
    // Bee-Queue: the handler of a queue from another library with the same default-export name.
    code`
      import Queue from 'p-queue';
      ${mailer}
      const queue = new Queue();
      queue.process(async () => {
        await transporter.sendMail({ to: 'a@example.com' });
      });
    `,
    // Cloudflare: a named (not default) export with a queue method.
    code`
      ${mailer}
      export const worker = {
        async queue(batch: MessageBatch<{ to: string }>) {
          for (const message of batch.messages) await transporter.sendMail({ to: message.body.to });
        },
      };
    `,
  ],
  invalid: [
    {
      // amqplib: connect → createChannel → consume callback.
      code: code`
        import amqp from 'amqplib';
        ${mailer}
        const conn = await amqp.connect('amqp://localhost');
        const ch = await conn.createChannel();
        await ch.consume('emails', async (msg) => {
          if (msg === null) return;
          await transporter.sendMail({ to: msg.content.toString() });
          ch.ack(msg);
        });
      `,
      errors: unguarded(8, 9),
    },
    {
      // sqs-consumer: Consumer.create({ handleMessage }).
      code: code`
        import { Consumer } from 'sqs-consumer';
        ${mailer}
        const app = Consumer.create({
          queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/emails',
          handleMessage: async (message) => {
            await transporter.sendMail({ to: message.Body });
            return message;
          },
        });
        app.start();
      `,
      errors: unguarded(7, 11),
    },
    {
      // sqs-consumer: new Consumer({ handleMessageBatch }).
      code: code`
        import { Consumer } from 'sqs-consumer';
        ${mailer}
        new Consumer({
          queueUrl: 'q',
          handleMessageBatch: async (messages) => {
            for (const m of messages) await transporter.sendMail({ to: m.Body });
            return messages;
          },
        });
      `,
      errors: unguarded(7, 37),
    },
    {
      // Lambda SQS: export const handler: SQSHandler.
      code: code`
        import type { SQSHandler } from 'aws-lambda';
        ${mailer}
        export const handler: SQSHandler = async (event) => {
          for (const record of event.Records) {
            await transporter.sendMail({ to: record.body });
          }
        };
      `,
      errors: unguarded(6, 11),
    },
    {
      // Bull: queue.process(name, concurrency, processor).
      code: code`
        import Queue from 'bull';
        ${mailer}
        const emails = new Queue('emails', 'redis://localhost');
        emails.process('welcome', 5, async (job) => {
          await transporter.sendMail({ to: job.data.to });
        });
      `,
      errors: unguarded(6, 9),
    },
    {
      // Bee-Queue: queue.process(processor).
      code: code`
        import BeeQueue from 'bee-queue';
        ${mailer}
        const queue = new BeeQueue('emails');
        queue.process(async (job) => {
          await transporter.sendMail({ to: job.data.to });
        });
      `,
      errors: unguarded(6, 9),
    },
    {
      // Agenda: agenda.define(name, processor).
      code: code`
        import { Agenda } from 'agenda';
        ${mailer}
        const agenda = new Agenda({});
        agenda.define('send-digest', async (job) => {
          await transporter.sendMail({ to: job.attrs.data.to });
        });
      `,
      errors: unguarded(6, 9),
    },
    {
      // Temporal: exported functions of an activity module.
      code: code`
        import { heartbeat } from '@temporalio/activity';
        ${mailer}
        export async function sendWelcome(to: string): Promise<void> {
          heartbeat();
          await transporter.sendMail({ to });
        }
      `,
      errors: unguarded(6, 9),
    },
    {
      // Temporal: activities registered inline with Worker.create.
      code: code`
        import { Worker } from '@temporalio/worker';
        ${mailer}
        await Worker.create({
          taskQueue: 'emails',
          activities: {
            async sendWelcome(to: string) {
              await transporter.sendMail({ to });
            },
          },
        });
      `,
      errors: unguarded(8, 13),
    },
    {
      // Cloudflare Queues: the queue() method of the default export.
      code: code`
        ${mailer}
        export default {
          async queue(batch: MessageBatch<{ to: string }>) {
            for (const message of batch.messages) await transporter.sendMail({ to: message.body.to });
          },
        };
      `,
      errors: unguarded(5, 49),
    },
    {
      // QStash: an endpoint wrapped by verifySignatureAppRouter.
      code: code`
        import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';
        ${mailer}
        export const POST = verifySignatureAppRouter(async (req: Request) => {
          await transporter.sendMail({ to: await req.text() });
          return new Response('ok');
        });
      `,
      errors: unguarded(5, 9),
    },
    {
      // node-resque: the perform function of a jobs map.
      code: code`
        import { Worker } from 'node-resque';
        ${mailer}
        const jobs = {
          sendWelcome: {
            perform: async (to: string) => {
              await transporter.sendMail({ to });
            },
          },
        };
        new Worker({ connection: {}, queues: ['emails'] }, jobs);
      `,
      errors: unguarded(7, 13),
    },
    {
      // Faktory: faktory.register(jobtype, fn).
      code: code`
        import faktory from 'faktory-worker';
        ${mailer}
        faktory.register('SendWelcome', async (to: string) => {
          await transporter.sendMail({ to });
        });
      `,
      errors: unguarded(5, 9),
    },
  ],
});
