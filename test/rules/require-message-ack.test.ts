import rule from '../../rules/require-message-ack.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const amqp = code`
  import amqp from 'amqplib';
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  declare function handle(body: string): Promise<void>;
`;

ruleTester.run('require-message-ack', rule, {
  valid: [
    // amqplib: ack on success, nack without requeue on failure; the null (cancelled) path needs no ack.
    code`
      ${amqp}
      await channel.consume('emails', async (msg) => {
        if (msg === null) return;
        try {
          await handle(msg.content.toString());
          channel.ack(msg);
        } catch (error) {
          channel.nack(msg, false, false);
        }
      });
    `,
    // amqplib: `noAck: true` is explicitly at-most-once.
    code`
      ${amqp}
      await channel.consume('metrics', (msg) => {
        if (msg) console.log(msg.content.toString());
      }, { noAck: true });
    `,
    // amqplib: paths that end in a throw, a finally that acks, reject with requeue, an ack in a same-file helper.
    code`
      ${amqp}
      function done(msg: amqp.ConsumeMessage) {
        channel.ack(msg);
      }
      await channel.consume('a', (msg) => {
        if (!msg) return;
        if (msg.fields.redelivered) throw new Error('seen before');
        done(msg);
      });
      await channel.consume('b', async (msg) => {
        if (!msg) return;
        try { await handle(msg.content.toString()); } finally { channel.ack(msg); }
      });
      await channel.consume('c', (msg) => {
        if (msg) channel.reject(msg, false);
      });
    `,
    // amqplib: a helper the analysis cannot read that receives the channel may settle: silent.
    code`
      ${amqp}
      import { processWithAck } from './processing';
      await channel.consume('d', async (msg) => {
        if (!msg) return;
        await processWithAck(channel, msg);
      });
    `,
    // amqplib: settling in promise callbacks is assumed to run.
    code`
      ${amqp}
      await channel.consume('e', (msg) => {
        if (!msg) return;
        handle(msg.content.toString())
          .then(() => channel.ack(msg))
          .catch(() => channel.nack(msg, false, false));
      });
    `,
    // sqs-consumer: returns the message on every non-throwing path.
    code`
      import { Consumer } from 'sqs-consumer';
      declare function handle(body?: string): Promise<void>;
      Consumer.create({
        queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/emails',
        handleMessage: async (message) => {
          if (!message.Body) throw new Error('empty message');
          await handle(message.Body);
          return message;
        },
      });
    `,
    // sqs-consumer: alwaysAcknowledge acks regardless of the return value.
    code`
      import { Consumer } from 'sqs-consumer';
      declare function handle(body?: string): Promise<void>;
      Consumer.create({
        queueUrl: 'q',
        alwaysAcknowledge: true,
        handleMessage: async (message) => {
          await handle(message.Body);
        },
      });
    `,
    // Lambda: the catch reports the record in batchItemFailures, which the handler returns.
    code`
      import type { SQSHandler, SQSBatchItemFailure } from 'aws-lambda';
      declare function handle(body: string): Promise<void>;
      export const handler: SQSHandler = async (event) => {
        const batchItemFailures: SQSBatchItemFailure[] = [];
        for (const record of event.Records) {
          try {
            await handle(record.body);
          } catch {
            batchItemFailures.push({ itemIdentifier: record.messageId });
          }
        }
        return { batchItemFailures };
      };
    `,
    // Lambda: a catch that rethrows fails the whole batch (redelivered), and no catch at all.
    code`
      import type { SQSHandler } from 'aws-lambda';
      declare function handle(body: string): Promise<void>;
      export const handler: SQSHandler = async (event) => {
        for (const record of event.Records) {
          try {
            await handle(record.body);
          } catch (error) {
            console.error(record.messageId, error);
            throw error;
          }
        }
      };
      export const plain: SQSHandler = async (event) => {
        for (const record of event.Records) await handle(record.body);
      };
    `,
    // A look-alike: `consume` on an object that is not an amqplib channel.
    code`
      const queue = { consume: (name: string, cb: (msg: unknown) => void) => cb(name), ack: (m: unknown) => m };
      queue.consume('x', (msg) => {
        if (msg) console.log(msg);
      });
    `,
  ],
  invalid: [
    {
      // amqplib: the catch logs and never nacks.
      code: code`
        ${amqp}
        await channel.consume('emails', async (msg) => {
          if (!msg) return;
          try {
            await handle(msg.content.toString());
            channel.ack(msg);
          } catch (error) {
            console.error(error);
          }
        });
      `,
      errors: [
        {
          messageId: 'missingAck',
          line: 5,
          column: 7,
          data: { call: 'channel.consume', where: 'when it reaches its end' },
        },
      ],
    },
    {
      // amqplib: an early return skips the ack.
      code: code`
        ${amqp}
        await channel.consume('orders', async (msg) => {
          if (msg === null) return;
          const order = JSON.parse(msg.content.toString());
          if (order.test) return;
          await handle(order.id);
          channel.ack(msg);
        });
      `,
      errors: [{ messageId: 'missingAck', line: 5, column: 7, data: { call: 'channel.consume', where: 'the `return` on line 8' } }],
    },
    {
      // amqplib: nack and reject without an explicit requeue.
      code: code`
        ${amqp}
        await channel.consume('jobs', async (msg) => {
          if (!msg) return;
          try {
            await handle(msg.content.toString());
            channel.ack(msg);
          } catch {
            channel.nack(msg);
          }
        });
        await channel.consume('other', (msg) => {
          if (msg) channel.reject(msg);
        });
      `,
      errors: [
        {
          messageId: 'implicitRequeue',
          line: 11,
          column: 5,
          data: { call: 'channel.nack' },
          suggestions: [
            {
              messageId: 'requeueFalse',
              data: { text: 'channel.nack(msg, false, false)' },
              output: code`
                ${amqp}
                await channel.consume('jobs', async (msg) => {
                  if (!msg) return;
                  try {
                    await handle(msg.content.toString());
                    channel.ack(msg);
                  } catch {
                    channel.nack(msg, false, false);
                  }
                });
                await channel.consume('other', (msg) => {
                  if (msg) channel.reject(msg);
                });
              `,
            },
            {
              messageId: 'requeueTrue',
              data: { text: 'channel.nack(msg, false, true)' },
              output: code`
                ${amqp}
                await channel.consume('jobs', async (msg) => {
                  if (!msg) return;
                  try {
                    await handle(msg.content.toString());
                    channel.ack(msg);
                  } catch {
                    channel.nack(msg, false, true);
                  }
                });
                await channel.consume('other', (msg) => {
                  if (msg) channel.reject(msg);
                });
              `,
            },
          ],
        },
        {
          messageId: 'implicitRequeue',
          line: 15,
          column: 12,
          data: { call: 'channel.reject' },
          suggestions: [
            {
              messageId: 'requeueFalse',
              data: { text: 'channel.reject(msg, false)' },
              output: code`
                ${amqp}
                await channel.consume('jobs', async (msg) => {
                  if (!msg) return;
                  try {
                    await handle(msg.content.toString());
                    channel.ack(msg);
                  } catch {
                    channel.nack(msg);
                  }
                });
                await channel.consume('other', (msg) => {
                  if (msg) channel.reject(msg, false);
                });
              `,
            },
            {
              messageId: 'requeueTrue',
              data: { text: 'channel.reject(msg, true)' },
              output: code`
                ${amqp}
                await channel.consume('jobs', async (msg) => {
                  if (!msg) return;
                  try {
                    await handle(msg.content.toString());
                    channel.ack(msg);
                  } catch {
                    channel.nack(msg);
                  }
                });
                await channel.consume('other', (msg) => {
                  if (msg) channel.reject(msg, true);
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // sqs-consumer: the handler returns nothing.
      code: code`
        import { Consumer } from 'sqs-consumer';
        declare function handle(body?: string): Promise<void>;
        const app = Consumer.create({
          queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/emails',
          handleMessage: async (message) => {
            await handle(message.Body);
          },
        });
      `,
      errors: [
        {
          messageId: 'noReturn',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 16,
          data: { property: 'handleMessage', job: "sqs-consumer job 'https://sqs.eu-west-1.amazonaws.com/1/emails'", where: 'when it reaches its end' },
        },
      ],
    },
    {
      // sqs-consumer: one path returns the message, another returns nothing; alwaysAcknowledge: false does not help.
      code: code`
        import { Consumer } from 'sqs-consumer';
        declare function handle(body?: string): Promise<void>;
        new Consumer({
          queueUrl: 'q',
          alwaysAcknowledge: false,
          async handleMessage(message) {
            if (!message.Body) return;
            await handle(message.Body);
            return message;
          },
        });
      `,
      errors: [{ messageId: 'noReturn', line: 6, column: 9, data: { property: 'handleMessage', job: "sqs-consumer job 'q'", where: 'the `return` on line 7' } }],
    },
    {
      // Lambda: the catch logs and moves on; the failed record is deleted with the batch.
      code: code`
        import type { SQSHandler } from 'aws-lambda';
        declare function handle(body: string): Promise<void>;
        export const handler: SQSHandler = async (event) => {
          for (const record of event.Records) {
            try {
              await handle(record.body);
            } catch (error) {
              console.error(record.messageId, error);
            }
          }
        };
      `,
      errors: [
        {
          messageId: 'noBatchFailure',
          line: 7,
          column: 7,
          data: { job: "Lambda SQS job 'handler'", property: 'batchItemFailures' },
        },
      ],
    },
    {
      // Lambda: pushes to an array that is never returned as batchItemFailures.
      code: code`
        import type { SQSHandler } from 'aws-lambda';
        declare function handle(body: string): Promise<void>;
        export const handler: SQSHandler = async (event) => {
          const failed: string[] = [];
          for (const record of event.Records) {
            try {
              await handle(record.body);
            } catch {
              failed.push(record.messageId);
            }
          }
          console.log('failed', failed);
        };
      `,
      errors: [{ messageId: 'noBatchFailure', line: 8, column: 7 }],
    },
  ],
});
