import rule from '../../rules/no-unbounded-job-work.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const setup = code`
  import { PrismaClient } from '@prisma/client';
  import nodemailer from 'nodemailer';
  const prisma = new PrismaClient();
  const transporter = nodemailer.createTransport({});
`;

ruleTester.run('no-unbounded-job-work', rule, {
  valid: [
    // Paged with `take`.
    code`
      import { Worker } from 'bullmq';
      ${setup}
      new Worker('digest', async () => {
        const users = await prisma.user.findMany({ where: { digest: true }, take: 500 });
        for (const user of users) await transporter.sendMail({ to: user.email });
      });
    `,
    // Fan-out: one job per row is the recommended shape.
    code`
      import { Worker, Queue } from 'bullmq';
      ${setup}
      const digests = new Queue('digest-one');
      new Worker('digest-all', async () => {
        const users = await prisma.user.findMany({ where: { digest: true } });
        for (const user of users) await digests.add('digest-one', { userId: user.id }, { jobId: \`digest:\${user.id}\` });
      });
    `,
    // Reads only in the loop; the loop is over the job payload, not a query.
    code`
      import { Worker } from 'bullmq';
      ${setup}
      new Worker('report', async (job) => {
        const users = await prisma.user.findMany();
        let total = 0;
        for (const user of users) total += user.balance;
        for (const email of job.data.emails as string[]) await transporter.sendMail({ to: email });
        return total;
      });
    `,
    // Drizzle and Knex queries with a limit.
    code`
      import PgBoss from 'pg-boss';
      import { drizzle } from 'drizzle-orm/node-postgres';
      import knex from 'knex';
      const db = drizzle(process.env.DATABASE_URL!);
      const sql = knex({ client: 'pg' });
      const users = {} as any;
      const boss = new PgBoss('postgres://localhost/app');
      await boss.work('cleanup', async () => {
        for (const row of await db.select().from(users).limit(100)) {
          await db.delete(users).where(row.id);
        }
        const stale = await sql('sessions').select('id').limit(1000);
        for (const s of stale) await sql('sessions').where({ id: s.id }).del();
      });
    `,
    // Options the analysis cannot read may carry a limit; code outside a handler is not checked.
    code`
      import { Worker } from 'bullmq';
      ${setup}
      const page = { take: 100 };
      new Worker('paged', async () => {
        const users = await prisma.user.findMany({ ...page });
        for (const user of users) await transporter.sendMail({ to: user.email });
      });
      export async function script() {
        for (const user of await prisma.user.findMany()) await transporter.sendMail({ to: user.email });
      }
    `,
  ],
  invalid: [
    {
      // Prisma findMany without take, one email per row.
      code: code`
        import { Worker } from 'bullmq';
        ${setup}
        new Worker('digest', async () => {
          const users = await prisma.user.findMany({ where: { digest: true } });
          for (const user of users) {
            await transporter.sendMail({ to: user.email, subject: 'Your digest' });
          }
        });
      `,
      errors: [
        {
          messageId: 'unbounded',
          line: 8,
          column: 3,
          data: {
            job: "BullMQ job 'digest'",
            query: 'prisma.user.findMany',
            effect: 'email via nodemailer `sendMail`',
            bound: '`take` and a cursor',
          },
        },
      ],
    },
    {
      // Inline query, a write per row with forEach/map.
      code: code`
        import { task } from '@trigger.dev/sdk';
        ${setup}
        export const expire = task({
          id: 'expire',
          run: async () => {
            (await prisma.subscription.findMany()).forEach(async (s) => {
              await prisma.subscription.update({ where: { id: s.id }, data: { active: false } });
            });
            await Promise.all((await prisma.invite.findMany()).map((i) => prisma.invite.delete({ where: { id: i.id } })));
          },
        });
      `,
      errors: [
        { messageId: 'unbounded', line: 9, column: 5, data: { job: "Trigger.dev job 'expire'", query: 'prisma.subscription.findMany', effect: 'a Prisma write `prisma.subscription.update`', bound: '`take` and a cursor' } },
        { messageId: 'unbounded', line: 12, column: 23 },
      ],
    },
    {
      // Drizzle select without limit, and Knex select without limit, in a same-file helper.
      code: code`
        import PgBoss from 'pg-boss';
        import { drizzle } from 'drizzle-orm/node-postgres';
        import knex from 'knex';
        import axios from 'axios';
        const db = drizzle(process.env.DATABASE_URL!);
        const sql = knex({ client: 'pg' });
        const users = {} as any;
        const boss = new PgBoss('postgres://localhost/app');
        async function pushAll() {
          const rows = await sql('contacts').select('*');
          for (const row of rows) await axios.post('https://crm.example.com/contacts', row);
        }
        await boss.work('sync', async () => {
          for (const user of await db.select().from(users)) {
            await db.update(users).set({ synced: true }).where(user.id);
          }
          await pushAll();
        });
      `,
      errors: [
        { messageId: 'unbounded', line: 11, column: 3, data: { job: "pg-boss job 'sync'", query: "sql('contacts').select", effect: 'HTTP POST via axios `axios.post`', bound: '`.limit(n)` and a cursor' } },
        { messageId: 'unbounded', line: 14, column: 3, data: { job: "pg-boss job 'sync'", query: 'db.select', effect: 'a Drizzle write `db.update`', bound: '`.limit(n)` and a cursor' } },
      ],
    },
  ],
});
