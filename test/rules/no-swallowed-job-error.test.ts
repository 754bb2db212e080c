import rule from '../../rules/no-swallowed-job-error.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const mailer = code`
  import nodemailer from 'nodemailer';
  const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
`;

ruleTester.run('no-swallowed-job-error', rule, {
  valid: [
    // Real-world (badman, NestJS Bull + puppeteer): "continue anyway" catches around waits in a helper
    // called from a job that can fail, and a catch around cleanup in a finally block.
    code`
      import { Process, Processor } from '@nestjs/bull';
      import type { Job } from 'bull';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      declare const page: { waitForNetworkIdle(o: object): Promise<void>; close(): Promise<void> };
      async function acceptCookies() {
        try {
          await page.waitForNetworkIdle({ timeout: 2000 });
        } catch (error) {
          console.warn('network idle timeout, continuing anyway', error);
        }
      }
      @Processor('sync')
      export class SyncProcessor {
        @Process('ranking')
        async syncRanking(job: Job<{ id: string }>) {
          try {
            await acceptCookies();
            await prisma.ranking.update({ where: { id: job.data.id }, data: { synced: true } });
          } finally {
            try {
              await page.close();
            } catch (error) {
              console.error('cleanup failed', error);
            }
          }
        }
      }
    `,
    // Real-world (openpanel): an auxiliary step isolated after the main work, which can still fail the job.
    code`
      import type { Job } from 'bullmq';
      import { Worker } from 'bullmq';
      import { createSessionEnd, updateEventsCount } from './sessions';
      export async function sessionsJob(job: Job<{ projectId: string }>) {
        const result = await createSessionEnd(job);
        try {
          await updateEventsCount(job.data.projectId);
        } catch (error) {
          console.error('Failed to update events count', error);
        }
        return result;
      }
      new Worker('sessions', sessionsJob);
    `,
    // Real-world (midday): per-item isolation inside a loop; rethrowing would redo every item.
    code`
      import { schemaTask } from '@trigger.dev/sdk';
      import { createSchedule, listTeams } from './schedules';
      export const ensureSchedulers = schemaTask({
        id: 'ensure-schedulers',
        schema: undefined as never,
        run: async () => {
          for (const team of await listTeams()) {
            try {
              await createSchedule(team.id);
            } catch (error) {
              console.error('Failed to create scheduler for team', team.id, error);
            }
          }
        },
      });
    `,
    // Per-item isolation in a forEach/map callback.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('digest', async (job) => {
        await Promise.all(
          job.data.recipients.map(async (to: string) => {
            try {
              await transporter.sendMail({ to, subject: 'Digest' });
            } catch (error) {
              console.warn('digest failed for', to, error);
            }
          }),
        );
      });
    `,
    // Real-world (midday): cleanup nested in a catch that rethrows the original error.
    code`
      import { task } from '@trigger.dev/sdk';
      import { classify, markFailed } from './documents';
      export const classifyDocument = task({
        id: 'classify-document',
        run: async (payload: { fileName: string }) => {
          try {
            return await classify(payload.fileName);
          } catch (error) {
            try {
              await markFailed(payload.fileName);
            } catch (updateError) {
              console.error('Failed to update document status to failed:', updateError);
            }
            throw error;
          }
        },
      });
    `,
    // Real-world (openpanel): a value fallback whose result the job goes on to use.
    code`
      import { Worker } from 'bullmq';
      import { countEvents, importEvents } from './importer';
      new Worker('import', async (job) => {
        const total = await countEvents(job.data.source).catch(() => -1);
        await importEvents(job.data.source, total);
      });
    `,
    // Catch and rethrow.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('welcome', async (job) => {
        try {
          await transporter.sendMail({ to: job.data.email });
        } catch (error) {
          console.error('welcome failed', error);
          throw error;
        }
      });
    `,
    // Throwing a non-retryable error (BullMQ, Trigger.dev, Inngest).
    code`
      import { Worker, UnrecoverableError } from 'bullmq';
      import { task, AbortTaskRunError } from '@trigger.dev/sdk';
      import { Inngest, NonRetriableError } from 'inngest';
      ${mailer}
      new Worker('a', async (job) => {
        try { await transporter.sendMail({ to: job.data.email }); } catch { throw new UnrecoverableError('bad address'); }
      });
      export const b = task({ id: 'b', run: async (payload: { to: string }) => {
        try { await transporter.sendMail({ to: payload.to }); } catch (e) { throw new AbortTaskRunError(String(e)); }
      } });
      const inngest = new Inngest({ id: 'app' });
      inngest.createFunction({ id: 'c' }, { event: 'x' }, async ({ event, step }) => {
        await step.run('send', async () => {
          try { await transporter.sendMail({ to: event.data.to }); } catch (e) { throw new NonRetriableError('bad', { cause: e }); }
        });
      });
    `,
    // Narrowing one expected error and rethrowing the rest.
    code`
      import PgBoss from 'pg-boss';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      const boss = new PgBoss('postgres://localhost/app');
      await boss.work('claim', async ([job]) => {
        try {
          await prisma.claim.create({ data: { key: job.id } });
        } catch (error: any) {
          if (error.code === 'P2002') return;
          throw error;
        }
      });
    `,
    // Recording a terminal failure state (and logging it).
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import axios from 'axios';
      const prisma = new PrismaClient();
      new Worker('export', async (job) => {
        try {
          await axios.post('https://partner.example.com/export', job.data);
        } catch (error) {
          console.error(error);
          await prisma.exportRun.update({ where: { id: job.data.runId }, data: { status: 'FAILED' } });
        }
      });
    `,
    // Failing the job explicitly through the framework's API.
    code`
      import { Worker } from 'bullmq';
      import axios from 'axios';
      new Worker('manual', async (job, token) => {
        try {
          await axios.post('https://partner.example.com', job.data);
        } catch (error) {
          await job.moveToFailed(error as Error, token!);
        }
      });
    `,
    // Handing the framework's non-retryable error to the runtime (here through an imported callback) fails the job.
    code`
      import { Worker, UnrecoverableError } from 'bullmq';
      import { settle } from './settle';
      ${mailer}
      new Worker('handover', async (job) => {
        try { await transporter.sendMail({ to: job.data.to }); } catch (e) { settle(job, new UnrecoverableError(String(e))); }
      });
    `,
    // `.catch` that rethrows, and a same-file error helper that throws.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      function fail(error: unknown): never {
        console.error(error);
        throw error;
      }
      new Worker('chained', async (job) => {
        await transporter.sendMail({ to: job.data.a }).catch((e) => Promise.reject(e));
        await transporter.sendMail({ to: job.data.b }).catch((e) => { throw e; });
        try { await transporter.sendMail({ to: job.data.c }); } catch (e) { fail(e); }
      });
    `,
    // A parsing fallback cannot fail transiently; code outside a handler is not checked.
    code`
      import { Worker } from 'bullmq';
      ${mailer}
      new Worker('parse', async (job) => {
        let config: object;
        try { config = JSON.parse(job.data.raw); } catch { config = {}; }
        await transporter.sendMail({ to: job.data.to, text: JSON.stringify(config) });
      });
      export async function route() {
        try { await transporter.sendMail({ to: 'x@example.com' }); } catch { /* fine outside a job */ }
      }
    `,
    // Mutually recursive helpers with a catch around pure code: nothing can fail transiently (and no endless walk).
    code`
      import { Worker } from 'bullmq';
      function a(n: number): number { try { return b(n); } catch { return 0; } }
      function b(n: number): number { return n > 0 ? a(n - 1) : n; }
      new Worker('math', async (job) => a(job.data.n));
    `,
    // Message consumers are require-message-ack's business.
    code`
      import amqp from 'amqplib';
      ${mailer}
      const connection = await amqp.connect('amqp://localhost');
      const channel = await connection.createChannel();
      await channel.consume('emails', async (msg) => {
        if (!msg) return;
        try { await transporter.sendMail({ to: msg.content.toString() }); } catch (e) { console.error(e); }
        channel.ack(msg);
      });
    `,
    // A `.catch` handler the analysis cannot read (imported) may rethrow: silent.
    code`
      import { Worker } from 'bullmq';
      import { reportAndRethrow } from './errors';
      ${mailer}
      new Worker('imported', async (job) => {
        await transporter.sendMail({ to: job.data.a }).catch(reportAndRethrow);
      });
    `,
  ],
  invalid: [
    {
      // Real-world (badman): the job cannot fail because of its outer catch; the helper's "continue
      // anyway" catch inside that try and the cleanup catch in finally are not the defect: one report.
      code: code`
        import { Process, Processor } from '@nestjs/bull';
        import type { Job } from 'bull';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        declare const page: { waitForNetworkIdle(o: object): Promise<void>; close(): Promise<void> };
        async function acceptCookies() {
          try {
            await page.waitForNetworkIdle({ timeout: 2000 });
          } catch (error) {
            console.warn('network idle timeout, continuing anyway', error);
          }
        }
        @Processor('sync')
        export class SyncProcessor {
          @Process('ranking')
          async syncRanking(job: Job<{ id: string }>) {
            try {
              await acceptCookies();
              await prisma.ranking.update({ where: { id: job.data.id }, data: { synced: true } });
            } catch (error) {
              console.error('ranking sync failed', error);
            } finally {
              try {
                await page.close();
              } catch (error) {
                console.error('cleanup failed', error);
              }
            }
          }
        }
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 20,
          column: 7,
          data: { what: 'This `catch`', job: "NestJS Bull job 'ranking' on queue 'sync'", nonRetryable: '' },
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'error' },
              output: code`
                import { Process, Processor } from '@nestjs/bull';
                import type { Job } from 'bull';
                import { PrismaClient } from '@prisma/client';
                const prisma = new PrismaClient();
                declare const page: { waitForNetworkIdle(o: object): Promise<void>; close(): Promise<void> };
                async function acceptCookies() {
                  try {
                    await page.waitForNetworkIdle({ timeout: 2000 });
                  } catch (error) {
                    console.warn('network idle timeout, continuing anyway', error);
                  }
                }
                @Processor('sync')
                export class SyncProcessor {
                  @Process('ranking')
                  async syncRanking(job: Job<{ id: string }>) {
                    try {
                      await acceptCookies();
                      await prisma.ranking.update({ where: { id: job.data.id }, data: { synced: true } });
                    } catch (error) {
                      console.error('ranking sync failed', error);
                      throw error;
                    } finally {
                      try {
                        await page.close();
                      } catch (error) {
                        console.error('cleanup failed', error);
                      }
                    }
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      // Real-world (midday): the whole task in one try whose catch only logs: the job cannot fail.
      code: code`
        import { schemaTask } from '@trigger.dev/sdk';
        import { markNotified, notify } from './notifications';
        export const transactionNotifications = schemaTask({
          id: 'transaction-notifications',
          schema: undefined as never,
          run: async ({ teamId }: { teamId: string }) => {
            try {
              const transactions = await markNotified(teamId);
              await notify(teamId, transactions);
            } catch (error) {
              console.error('Transactions notification', error);
            }
          },
        });
      `,
      errors: [{ messageId: 'swallowed', line: 10, column: 7, suggestions: [{ messageId: 'rethrow', data: { name: 'error' }, output: code`
        import { schemaTask } from '@trigger.dev/sdk';
        import { markNotified, notify } from './notifications';
        export const transactionNotifications = schemaTask({
          id: 'transaction-notifications',
          schema: undefined as never,
          run: async ({ teamId }: { teamId: string }) => {
            try {
              const transactions = await markNotified(teamId);
              await notify(teamId, transactions);
            } catch (error) {
              console.error('Transactions notification', error);
              throw error;
            }
          },
        });
      ` }] }],
    },
    {
      // A catch that only logs.
      code: code`
        import { Worker } from 'bullmq';
        ${mailer}
        new Worker('welcome', async (job) => {
          try {
            await transporter.sendMail({ to: job.data.email });
          } catch (error) {
            console.error('welcome failed', error);
          }
        });
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 7,
          column: 5,
          endLine: 9,
          endColumn: 4,
          data: {
            what: 'This `catch`',
            job: "BullMQ job 'welcome'",
            nonRetryable: ' (or throw `UnrecoverableError` to fail it without retrying)',
          },
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'error' },
              output: code`
                import { Worker } from 'bullmq';
                ${mailer}
                new Worker('welcome', async (job) => {
                  try {
                    await transporter.sendMail({ to: job.data.email });
                  } catch (error) {
                    console.error('welcome failed', error);
                    throw error;
                  }
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // An empty catch without a binding, in a pg-boss handler (no non-retryable error in pg-boss).
      code: code`
        import PgBoss from 'pg-boss';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        const boss = new PgBoss('postgres://localhost/app');
        await boss.work('sync', async ([job]) => {
          try { await prisma.user.update({ where: { id: job.data.id }, data: { synced: true } }); } catch {}
        });
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 6,
          column: 93,
          data: { what: 'This `catch`', job: "pg-boss job 'sync'", nonRetryable: '' },
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'error' },
              output: code`
                import PgBoss from 'pg-boss';
                import { PrismaClient } from '@prisma/client';
                const prisma = new PrismaClient();
                const boss = new PgBoss('postgres://localhost/app');
                await boss.work('sync', async ([job]) => {
                  try { await prisma.user.update({ where: { id: job.data.id }, data: { synced: true } }); } catch (error) { throw error; }
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // A catch that returns a status: the throw goes before the trailing return.
      code: code`
        import { task } from '@trigger.dev/sdk';
        import axios from 'axios';
        export const push = task({
          id: 'push',
          run: async (payload: { id: string }) => {
            try {
              await axios.post('https://api.example.com/push', payload);
            } catch (e) {
              return { ok: false };
            }
            return { ok: true };
          },
        });
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 8,
          column: 7,
          data: { what: 'This `catch`', job: "Trigger.dev job 'push'", nonRetryable: ' (or throw `AbortTaskRunError` to fail it without retrying)' },
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'e' },
              output: code`
                import { task } from '@trigger.dev/sdk';
                import axios from 'axios';
                export const push = task({
                  id: 'push',
                  run: async (payload: { id: string }) => {
                    try {
                      await axios.post('https://api.example.com/push', payload);
                    } catch (e) {
                      throw e;
                      return { ok: false };
                    }
                    return { ok: true };
                  },
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // `.catch(() => {})` and `.catch(console.error)` on effects, in a same-file helper.
      code: code`
        import { Worker } from 'bullmq';
        ${mailer}
        async function notify(to: string) {
          await transporter.sendMail({ to }).catch((err) => console.warn(err));
          await transporter.sendMail({ to: 'ops@example.com' }).catch(console.error);
        }
        new Worker('notify', async (job) => notify(job.data.to));
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 5,
          column: 38,
          data: { what: 'This `.catch()` handler', job: "BullMQ job 'notify'", nonRetryable: ' (or throw `UnrecoverableError` to fail it without retrying)' },
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'err' },
              output: code`
                import { Worker } from 'bullmq';
                ${mailer}
                async function notify(to: string) {
                  await transporter.sendMail({ to }).catch((err) => { console.warn(err); throw err; });
                  await transporter.sendMail({ to: 'ops@example.com' }).catch(console.error);
                }
                new Worker('notify', async (job) => notify(job.data.to));
              `,
            },
          ],
        },
        { messageId: 'swallowed', line: 6, column: 57, suggestions: [] },
      ],
    },
    {
      // A plain Error handed to a callback is not a failure the runtime sees.
      code: code`
        import { Worker } from 'bullmq';
        import { settle } from './settle';
        ${mailer}
        new Worker('handover', async (job) => {
          try { await transporter.sendMail({ to: job.data.to }); } catch (e) { settle(job, new Error(String(e))); }
        });
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 6,
          column: 60,
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'e' },
              output: code`
                import { Worker } from 'bullmq';
                import { settle } from './settle';
                ${mailer}
                new Worker('handover', async (job) => {
                  try { await transporter.sendMail({ to: job.data.to }); } catch (e) { settle(job, new Error(String(e))); throw e; }
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // A unique-insert claim whose catch treats every error as "already done" swallows outages too.
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('claim', async (job) => {
          try {
            await prisma.reminderLog.create({ data: { jobId: job.id! } });
          } catch {
            return;
          }
        });
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'error' },
              output: code`
                import { Worker } from 'bullmq';
                import { PrismaClient } from '@prisma/client';
                const prisma = new PrismaClient();
                new Worker('claim', async (job) => {
                  try {
                    await prisma.reminderLog.create({ data: { jobId: job.id! } });
                  } catch (error) {
                    throw error;
                    return;
                  }
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // A rethrow that only happens in a nested callback does not count; the error binding is reused.
      code: code`
        import { Inngest } from 'inngest';
        ${mailer}
        const inngest = new Inngest({ id: 'app' });
        inngest.createFunction({ id: 'later' }, { event: 'x' }, async ({ event, step }) => {
          await step.run('send', async () => {
            try {
              await transporter.sendMail({ to: event.data.to });
            } catch (err) {
              setTimeout(() => { throw err; }, 0);
            }
          });
        });
      `,
      errors: [
        {
          messageId: 'swallowed',
          line: 9,
          column: 7,
          suggestions: [
            {
              messageId: 'rethrow',
              data: { name: 'err' },
              output: code`
                import { Inngest } from 'inngest';
                ${mailer}
                const inngest = new Inngest({ id: 'app' });
                inngest.createFunction({ id: 'later' }, { event: 'x' }, async ({ event, step }) => {
                  await step.run('send', async () => {
                    try {
                      await transporter.sendMail({ to: event.data.to });
                    } catch (err) {
                      setTimeout(() => { throw err; }, 0);
                      throw err;
                    }
                  });
                });
              `,
            },
          ],
        },
      ],
    },
  ],
});
