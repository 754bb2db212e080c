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
  ],
});
