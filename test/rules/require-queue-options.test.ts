import rule from '../../rules/require-queue-options.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-queue-options', rule, {
  valid: [
    // NestJS registerQueue without defaults of its own: the module-wide ones apply. Not in this file
    // (forRoot in AppModule) or set there, or a factory the rule cannot read: not guessed.
    code`
      import { Module } from '@nestjs/common';
      import { BullModule } from '@nestjs/bullmq';
      @Module({ imports: [BullModule.registerQueue({ name: 'emails' })] })
      export class QueuesModule {}
    `,
    code`
      import { Module } from '@nestjs/common';
      import { BullModule } from '@nestjs/bullmq';
      @Module({
        imports: [
          BullModule.forRoot({ connection: {}, defaultJobOptions: { removeOnComplete: 1_000, removeOnFail: 5_000 } }),
          BullModule.registerQueue({ name: 'emails' }),
        ],
      })
      export class AppModule {}
    `,
    code`
      import { Module } from '@nestjs/common';
      import { BullModule } from '@nestjs/bull';
      import { queueOptions } from './queue-options';
      @Module({
        imports: [
          BullModule.forRootAsync({ useFactory: () => queueOptions() }),
          BullModule.registerQueue({ name: 'emails' }),
        ],
      })
      export class AppModule {}
    `,
    // Both retention options in defaultJobOptions (count or age).
    code`
      import { Queue } from 'bullmq';
      export const emails = new Queue('emails', {
        defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } },
      });
    `,
    // Options the rule cannot see.
    code`
      import { Queue } from 'bullmq';
      import { queueOptions, jobDefaults } from './config';
      export const a = new Queue('a', queueOptions);
      export const b = new Queue('b', { defaultJobOptions: jobDefaults });
      export const c = new Queue('c', { defaultJobOptions: { ...jobDefaults } });
    `,
    // A private queue whose every job sets retention itself.
    code`
      import { Queue } from 'bullmq';
      const audit = new Queue('audit');
      await audit.add('entry', {}, { removeOnComplete: true, removeOnFail: 100 });
    `,
    // A Queue class from elsewhere; a pg-boss instance (no retention facts).
    code`
      import { Queue } from './my-queue';
      import PgBoss from 'pg-boss';
      export const q = new Queue('emails');
      export const boss = new PgBoss('postgres://localhost/app');
    `,
    // NestJS: a registered queue with retention, and one whose options come from a spread.
    code`
      import { Module } from '@nestjs/common';
      import { BullModule } from '@nestjs/bullmq';
      import { shared } from './queue-defaults';
      @Module({
        imports: [
          BullModule.registerQueue(
            { name: 'emails', defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 } },
            { name: 'reports', ...shared },
          ),
        ],
      })
      export class QueuesModule {}
    `,
    // requireOptions satisfied on the job or in the queue defaults; a queue from another file is not guessed.
    {
      code: code`
        import { Queue } from 'bullmq';
        import { shared } from './queues';
        const emails = new Queue('emails', { defaultJobOptions: { removeOnComplete: 10, removeOnFail: 10, priority: 5 } });
        await emails.add('welcome', {});
        await shared.add('x', {});
      `,
      options: [{ requireOptions: { bullmq: ['priority'] } }],
    },
  ],
  invalid: [
    {
      // No options at all: the suggestion creates them.
      code: code`
        import { Queue } from 'bullmq';
        export const emails = new Queue('emails');
      `,
      errors: [
        {
          messageId: 'unboundedRetention',
          line: 2,
          column: 23,
          data: { framework: 'BullMQ', queue: '`emails`', which: 'finished', missing: 'removeOnComplete` or `removeOnFail', code: 'removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 }' },
          suggestions: [
            {
              messageId: 'addRetention',
              data: { code: 'defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } }' },
              output: code`
                import { Queue } from 'bullmq';
                export const emails = new Queue('emails', { defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } } });
              `,
            },
          ],
        },
      ],
    },
    {
      // Only removeOnFail is missing: the message names it and the suggestion adds it to defaultJobOptions.
      code: code`
        import { Queue } from 'bullmq';
        export const emails = new Queue('emails', {
          connection: { host: 'localhost' },
          defaultJobOptions: { attempts: 3, removeOnComplete: 500 },
        });
      `,
      errors: [
        {
          messageId: 'unboundedRetention',
          line: 2,
          column: 23,
          data: { framework: 'BullMQ', queue: '`emails`', which: 'failed', missing: 'removeOnFail', code: 'removeOnFail: { count: 5_000 }' },
          suggestions: [
            {
              messageId: 'addRetention',
              data: { code: 'defaultJobOptions: { removeOnFail: { count: 5_000 } }' },
              output: code`
                import { Queue } from 'bullmq';
                export const emails = new Queue('emails', {
                  connection: { host: 'localhost' },
                  defaultJobOptions: { attempts: 3, removeOnComplete: 500, removeOnFail: { count: 5_000 } },
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // Bull: Queue(name, url) without options, called without new.
      code: code`
        import Queue from 'bull';
        const reports = Queue('reports', 'redis://localhost:6379');
        await reports.add({ id: 1 });
      `,
      errors: [
        {
          messageId: 'unboundedRetention',
          line: 2,
          column: 17,
          suggestions: [
            {
              messageId: 'addRetention',
              data: { code: 'defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } }' },
              output: code`
                import Queue from 'bull';
                const reports = Queue('reports', 'redis://localhost:6379', { defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } } });
                await reports.add({ id: 1 });
              `,
            },
          ],
        },
      ],
    },
    {
      // NestJS BullModule.registerQueue without defaults of its own, under a forRoot in the same file
      // whose defaults set no retention: reported at the queue's object.
      code: code`
        import { Module } from '@nestjs/common';
        import { BullModule } from '@nestjs/bullmq';
        @Module({ imports: [BullModule.forRoot({ connection: {} }), BullModule.registerQueue({ name: 'emails' })] })
        export class QueuesModule {}
      `,
      errors: [
        {
          messageId: 'unboundedRetention',
          line: 3,
          column: 86,
          data: { framework: 'NestJS BullMQ', queue: '`emails`', which: 'finished', missing: 'removeOnComplete` or `removeOnFail', code: 'removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 }' },
          suggestions: [
            {
              messageId: 'addRetention',
              data: { code: 'defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } }' },
              output: code`
                import { Module } from '@nestjs/common';
                import { BullModule } from '@nestjs/bullmq';
                @Module({ imports: [BullModule.forRoot({ connection: {} }), BullModule.registerQueue({ name: 'emails', defaultJobOptions: { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } } })] })
                export class QueuesModule {}
              `,
            },
          ],
        },
      ],
    },
    {
      // Real-world (badman, @nestjs/bull): forRootAsync whose factory returns defaults without retention.
      code: code`
        import { Module } from '@nestjs/common';
        import { BullModule } from '@nestjs/bull';
        @Module({
          imports: [
            BullModule.forRootAsync({
              useFactory: async () => {
                const timeout = 30 * 60 * 1000;
                return { redis: { host: 'localhost' }, defaultJobOptions: { timeout } };
              },
            }),
            BullModule.registerQueue({ name: 'sync' }),
          ],
        })
        export class QueueModule {}
      `,
      errors: [
        {
          messageId: 'unboundedRetention',
          line: 11,
          column: 30,
          // No suggestion: defaults of its own would replace forRoot's (and drop their timeout).
          suggestions: [],
        },
      ],
    },
    {
      // requireOptions: priority required on every BullMQ job.
      code: code`
        import { Queue } from 'bullmq';
        const emails = new Queue('emails', { defaultJobOptions: { removeOnComplete: 10, removeOnFail: 10 } });
        await emails.add('welcome', {});
      `,
      options: [{ requireOptions: { bullmq: ['priority'] } }],
      errors: [{ messageId: 'missingOption', line: 3, column: 7, data: { framework: 'BullMQ', callee: 'emails.add', job: "job 'welcome'", option: 'priority' } }],
    },
  ],
});
