/** Effect providers added for keyed APIs: AWS SQS/SNS sends matched by their command's constructor. */
import rule from '../../rules/no-unguarded-side-effect.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('catalogue effects (AWS messaging)', rule, {
  valid: [
    // A FIFO send accepts a key: left to require-idempotency-key.
    code`
      import { Consumer } from 'sqs-consumer';
      import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
      const sqs = new SQSClient({});
      Consumer.create({
        queueUrl: 'in',
        handleMessage: async (message) => {
          await sqs.send(new SendMessageCommand({ QueueUrl: 'out.fifo', MessageBody: message.Body, MessageGroupId: 'g' }));
          return message;
        },
      });
    `,
    // Other commands through the same client are not sends.
    code`
      import { Consumer } from 'sqs-consumer';
      import { SQSClient, DeleteMessageCommand } from '@aws-sdk/client-sqs';
      const sqs = new SQSClient({});
      Consumer.create({
        queueUrl: 'in',
        handleMessage: async (message) => {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: 'in', ReceiptHandle: message.ReceiptHandle }));
          return message;
        },
      });
    `,
    // An SNS publish outside any handler is not a handler finding.
    code`
      import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
      const sns = new SNSClient({});
      export async function announce(message: string) {
        await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:1:news', Message: message }));
      }
    `,
  ],
  invalid: [
    {
      // A standard-queue send cannot be keyed: an unguarded publish.
      code: code`
        import type { SQSHandler } from 'aws-lambda';
        import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
        const sns = new SNSClient({});
        export const handler: SQSHandler = async (event) => {
          for (const record of event.Records) {
            const command = new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:1:orders', Message: record.body });
            await sns.send(command);
          }
        };
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 7,
          column: 11,
          data: {
            effect: 'SNS message via `sns.send(new PublishCommand(…))`',
            job: "Lambda SQS job 'handler'",
            via: '',
            repeat: 'publishes the message again',
            hint: 'record the work in a row keyed by the message id (or a business id), return early when that row exists, or pass an idempotency key if the API takes one',
          },
        },
      ],
    },
  ],
});
