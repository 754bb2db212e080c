/**
 * NestJS Bull (`@nestjs/bull`, Bull v4): `@Process` methods of a `@Processor` class are handlers
 * (job name from `@Process`, queue from `@Processor`), and queues injected with `@InjectQueue` are
 * Bull queues, so enqueues follow Bull's options and defaults.
 */
import unguarded from '../../../rules/no-unguarded-side-effect.js';
import idempotencyKey from '../../../rules/require-idempotency-key.js';
import jobTimeout from '../../../rules/require-job-timeout.js';
import queueOptions from '../../../rules/require-queue-options.js';
import retryPolicy from '../../../rules/require-retry-policy.js';
import { code, createRuleTester } from '../../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;

const hint = 'record the work in a row keyed by `job.id` (or a business id), return early when that row exists, or pass an idempotency key if the API takes one';

ruleTester.run('no-unguarded-side-effect (NestJS Bull)', unguarded, {
  valid: [
    // A method of the processor class without `@Process` is not a handler (nothing here calls it).
    code`
      import { Processor } from '@nestjs/bull';
      ${mailer}
      @Processor('emails')
      export class EmailProcessor {
        async resend(to: string) {
          await transporter.sendMail({ to, subject: 'hi' });
        }
      }
    `,
    // A local decorator that happens to be called `Process` is not @nestjs/bull's.
    code`
      import { Processor } from '@nestjs/bull';
      ${mailer}
      function Process(name: string): MethodDecorator {
        return () => undefined;
      }
      @Processor('emails')
      export class EmailProcessor {
        @Process('welcome')
        async welcome(job: { data: { to: string } }) {
          await transporter.sendMail({ to: job.data.to, subject: 'hi' });
        }
      }
    `,
    // `@Process` outside a `@Processor` class is never registered by NestJS.
    code`
      import { Process } from '@nestjs/bull';
      ${mailer}
      export class NotAProcessor {
        @Process('welcome')
        async welcome(job: { data: { to: string } }) {
          await transporter.sendMail({ to: job.data.to, subject: 'hi' });
        }
      }
    `,
    // Decorators with the same names from another package.
    code`
      import { Process, Processor } from '@acme/queues';
      ${mailer}
      @Processor('emails')
      export class EmailProcessor {
        @Process('welcome')
        async welcome(job: { data: { to: string } }) {
          await transporter.sendMail({ to: job.data.to, subject: 'hi' });
        }
      }
    `,
    // A guarded `@Process` handler.
    code`
      import { Process, Processor } from '@nestjs/bull';
      import type { Job } from 'bull';
      import { PrismaClient } from '@prisma/client';
      ${mailer}
      const prisma = new PrismaClient();
      @Processor('emails')
      export class EmailProcessor {
        @Process('welcome')
        async welcome(job: Job<{ userId: string }>) {
          const user = await prisma.user.findUniqueOrThrow({ where: { id: job.data.userId } });
          if (user.welcomeSentAt) return;
          await transporter.sendMail({ to: user.email, subject: 'Welcome' });
          await prisma.user.update({ where: { id: user.id }, data: { welcomeSentAt: new Date() } });
        }
      }
    `,
  ],
  invalid: [
    {
      // The auditor's reproduction: `@Process('welcome')` in `@Processor('emails')`.
      code: code`
        import { Processor, Process } from '@nestjs/bull';
        import type { Job } from 'bull';
        ${mailer}
        @Processor('emails')
        export class EmailProcessor {
          @Process('welcome')
          async welcome(job: Job<{ to: string }>) {
            await transporter.sendMail({ to: job.data.to, subject: 'hi' });
          }
        }
      `,
      errors: [
        {
          messageId: 'unguarded',
          line: 9,
          column: 11,
          data: { effect: 'Email via nodemailer `sendMail`', job: "NestJS Bull job 'welcome' on queue 'emails'", via: '', repeat: 'sends the email again', hint },
        },
      ],
    },
    {
      // Namespace import, `{ name }` objects on both decorators; a bare `@Process()` takes the queue's name.
      code: code`
        import * as nest from '@nestjs/bull';
        ${mailer}
        @nest.Processor({ name: 'emails' })
        export class EmailProcessor {
          @nest.Process({ name: 'receipt', concurrency: 2 })
          async receipt(job: { data: { to: string } }) {
            await transporter.sendMail({ to: job.data.to, subject: 'receipt' });
          }
          @nest.Process()
          async other(job: { data: { to: string } }) {
            await transporter.sendMail({ to: job.data.to, subject: 'other' });
          }
        }
      `,
      errors: [
        { messageId: 'unguarded', line: 8, column: 11, data: { effect: 'Email via nodemailer `sendMail`', job: "NestJS Bull job 'receipt' on queue 'emails'", via: '', repeat: 'sends the email again', hint } },
        { messageId: 'unguarded', line: 12, column: 11, data: { effect: 'Email via nodemailer `sendMail`', job: "NestJS Bull job 'emails'", via: '', repeat: 'sends the email again', hint } },
      ],
    },
    {
      // Aliased import; the effect sits in a method the handler calls.
      code: code`
        import { Process as Handles, Processor } from '@nestjs/bull';
        ${mailer}
        @Processor('emails')
        export class EmailProcessor {
          @Handles('welcome')
          async welcome(job: { data: { to: string } }) {
            await this.send(job.data.to);
          }
          private async send(to: string) {
            await transporter.sendMail({ to, subject: 'hi' });
          }
        }
      `,
      errors: [{ messageId: 'unguarded', line: 11, column: 11, data: { effect: 'Email via nodemailer `sendMail`', job: "NestJS Bull job 'welcome' on queue 'emails'", via: ' (reached through `this.send()`)', repeat: 'sends the email again', hint } }],
    },
    {
      // Plain Bull: `process(name, fn)` names a job within the queue; `process(fn)` takes the queue's name.
      code: code`
        import Queue from 'bull';
        ${mailer}
        const emails = new Queue('emails');
        emails.process('welcome', async (job) => {
          await transporter.sendMail({ to: job.data.to, subject: 'hi' });
        });
        const receipts = new Queue('receipts');
        receipts.process(5, async (job) => {
          await transporter.sendMail({ to: job.data.to, subject: 'receipt' });
        });
      `,
      errors: [
        { messageId: 'unguarded', line: 6, column: 9, data: { effect: 'Email via nodemailer `sendMail`', job: "Bull job 'welcome' on queue 'emails'", via: '', repeat: 'sends the email again', hint } },
        { messageId: 'unguarded', line: 10, column: 9, data: { effect: 'Email via nodemailer `sendMail`', job: "Bull job 'receipts'", via: '', repeat: 'sends the email again', hint } },
      ],
    },
  ],
});

ruleTester.run('require-idempotency-key (NestJS Bull @InjectQueue)', idempotencyKey, {
  valid: [
    // An injected Bull queue with a job id.
    code`
      import { Injectable } from '@nestjs/common';
      import { InjectQueue } from '@nestjs/bull';
      @Injectable()
      export class Mailer {
        constructor(@InjectQueue('emails') private readonly queue) {}
        async welcome(userId: string) {
          await this.queue.add('welcome', { userId }, { jobId: \`welcome:\${userId}\` });
        }
      }
    `,
    // A local decorator called `InjectQueue` injects nothing the analysis knows.
    code`
      import { Injectable } from '@nestjs/common';
      const InjectQueue = (name: string): ParameterDecorator => () => undefined;
      @Injectable()
      export class Mailer {
        constructor(@InjectQueue('emails') private readonly queue) {}
        async welcome(userId: string) {
          await this.queue.add('welcome', { userId });
        }
      }
    `,
    // Bull `debounce.id` keys the job too.
    code`
      import { Injectable } from '@nestjs/common';
      import { InjectQueue } from '@nestjs/bull';
      @Injectable()
      export class Mailer {
        @InjectQueue('emails') private readonly queue;
        async welcome(userId: string) {
          await this.queue.add({ userId }, { debounce: { id: userId } });
        }
      }
    `,
  ],
  invalid: [
    {
      // No type annotation: the decorator alone makes `this.queue` a Bull queue.
      code: code`
        import { Injectable } from '@nestjs/common';
        import { InjectQueue } from '@nestjs/bull';
        @Injectable()
        export class Mailer {
          constructor(@InjectQueue('emails') private readonly queue) {}
          async welcome(userId: string) {
            await this.queue.add('welcome', { userId });
          }
        }
      `,
      errors: [
        {
          messageId: 'missingKey',
          line: 7,
          column: 11,
          data: { framework: 'Bull', callee: 'this.queue.add', job: "job 'welcome'", hint: "Pass `jobId` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." },
          suggestions: [
            {
              messageId: 'addKey',
              output: code`
                import { Injectable } from '@nestjs/common';
                import { InjectQueue } from '@nestjs/bull';
                @Injectable()
                export class Mailer {
                  constructor(@InjectQueue('emails') private readonly queue) {}
                  async welcome(userId: string) {
                    await this.queue.add('welcome', { userId }, { jobId: \`welcome:\${userId}\` });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // A property injection, and Bull's nameless `add(data, opts)`.
      code: code`
        import { Injectable } from '@nestjs/common';
        import { InjectQueue } from '@nestjs/bull';
        @Injectable()
        export class Mailer {
          @InjectQueue('emails') private readonly queue;
          async welcome(userId: string) {
            await this.queue.add({ userId }, { attempts: 3, backoff: 1_000 });
          }
        }
      `,
      errors: [
        {
          messageId: 'missingKey',
          line: 7,
          column: 11,
          data: { framework: 'Bull', callee: 'this.queue.add', job: 'a job', hint: "Pass `jobId` in the job options, derived from the payload's identifying fields, so the duplicate is dropped." },
          suggestions: [
            {
              messageId: 'addKey',
              output: code`
                import { Injectable } from '@nestjs/common';
                import { InjectQueue } from '@nestjs/bull';
                @Injectable()
                export class Mailer {
                  @InjectQueue('emails') private readonly queue;
                  async welcome(userId: string) {
                    await this.queue.add({ userId }, { attempts: 3, backoff: 1_000, jobId: \`job:\${userId}\` });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-retry-policy (NestJS Bull @InjectQueue)', retryPolicy, {
  valid: [
    // The queue is registered elsewhere (BullModule.registerQueue): its defaults are not guessed.
    code`
      import { InjectQueue } from '@nestjs/bull';
      export class Mailer {
        constructor(@InjectQueue('emails') private readonly queue) {}
        async welcome(userId: string) {
          await this.queue.add('welcome', { userId });
        }
      }
    `,
    // Retries with a backoff; an explicit single attempt.
    code`
      import { InjectQueue } from '@nestjs/bull';
      export class Mailer {
        constructor(@InjectQueue('emails') private readonly queue) {}
        async welcome(userId: string) {
          await this.queue.add('welcome', { userId }, { attempts: 3, backoff: { type: 'exponential', delay: 1_000 } });
          await this.queue.add('audit', { userId }, { attempts: 1 });
        }
      }
    `,
  ],
  invalid: [
    {
      // Bull's `attempts` counts the first run: 3 means two retries, here with no backoff.
      code: code`
        import { InjectQueue } from '@nestjs/bull';
        export class Mailer {
          constructor(@InjectQueue('emails') private readonly queue) {}
          async welcome(userId: string) {
            await this.queue.add('welcome', { userId }, { attempts: 3 });
          }
        }
      `,
      errors: [
        {
          messageId: 'retryWithoutBackoff',
          line: 5,
          column: 11,
          suggestions: [
            {
              messageId: 'addRetryPolicy',
              data: { code: "backoff: { type: 'exponential', delay: 1_000 }" },
              output: code`
                import { InjectQueue } from '@nestjs/bull';
                export class Mailer {
                  constructor(@InjectQueue('emails') private readonly queue) {}
                  async welcome(userId: string) {
                    await this.queue.add('welcome', { userId }, { attempts: 3, backoff: { type: 'exponential', delay: 1_000 } });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-job-timeout (NestJS Bull @InjectQueue)', jobTimeout, {
  valid: [
    // Bull's `timeout` may be in the defaults of a queue registered elsewhere: not guessed.
    code`
      import { InjectQueue } from '@nestjs/bull';
      export class Reports {
        constructor(@InjectQueue('reports') private readonly queue) {}
        async monthly(month: number) {
          await this.queue.add('monthly', { month }, { attempts: 3, backoff: 1_000 });
        }
      }
    `,
    code`
      import { InjectQueue } from '@nestjs/bull';
      export class Reports {
        constructor(@InjectQueue('reports') private readonly queue) {}
        async monthly(month: number) {
          await this.queue.add('monthly', { month }, { timeout: 60_000 });
        }
      }
    `,
  ],
  invalid: [
    {
      // The same job on a Bull queue built in this file, without `timeout` anywhere.
      code: code`
        import Queue from 'bull';
        import { Injectable } from '@nestjs/common';
        @Injectable()
        export class Reports {
          private readonly queue = new Queue('reports', { defaultJobOptions: { attempts: 3, backoff: 1_000 } });
          async monthly(month: number) {
            await this.queue.add('monthly', { month });
          }
        }
      `,
      errors: [
        {
          messageId: 'missingJobTimeout',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'addTimeout',
              output: code`
                import Queue from 'bull';
                import { Injectable } from '@nestjs/common';
                @Injectable()
                export class Reports {
                  private readonly queue = new Queue('reports', { defaultJobOptions: { attempts: 3, backoff: 1_000 } });
                  async monthly(month: number) {
                    await this.queue.add('monthly', { month }, { timeout: 60_000 });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('require-queue-options (NestJS Bull BullModule.registerQueue)', queueOptions, {
  valid: [
    code`
      import { Module } from '@nestjs/common';
      import { BullModule } from '@nestjs/bull';
      @Module({ imports: [BullModule.registerQueue({ name: 'emails', defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 } })] })
      export class QueuesModule {}
    `,
    // A `BullModule` of another package.
    code`
      import { Module } from '@nestjs/common';
      import { BullModule } from '@acme/bull';
      @Module({ imports: [BullModule.registerQueue({ name: 'emails' })] })
      export class QueuesModule {}
    `,
  ],
  invalid: [
    {
      code: code`
        import { Module } from '@nestjs/common';
        import { BullModule } from '@nestjs/bull';
        @Module({ imports: [BullModule.registerQueue({ name: 'emails', defaultJobOptions: { removeOnComplete: 100 } })] })
        export class QueuesModule {}
      `,
      errors: [
        {
          messageId: 'unboundedRetention',
          line: 3,
          column: 46,
          data: { framework: 'NestJS Bull', queue: '`emails`', which: 'failed', missing: 'removeOnFail', code: 'removeOnFail: { count: 5_000 }' },
          suggestions: [
            {
              messageId: 'addRetention',
              data: { code: 'defaultJobOptions: { removeOnFail: { count: 5_000 } }' },
              output: code`
                import { Module } from '@nestjs/common';
                import { BullModule } from '@nestjs/bull';
                @Module({ imports: [BullModule.registerQueue({ name: 'emails', defaultJobOptions: { removeOnComplete: 100, removeOnFail: { count: 5_000 } } })] })
                export class QueuesModule {}
              `,
            },
          ],
        },
      ],
    },
  ],
});
