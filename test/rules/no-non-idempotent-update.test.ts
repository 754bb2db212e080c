import rule from '../../rules/no-non-idempotent-update.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const prismaWorker = (body: string): string => code`
  import { Worker } from 'bullmq';
  import { PrismaClient } from '@prisma/client';
  const prisma = new PrismaClient();
  new Worker('credits', async (job) => {
    ${body}
  });
`;

const hintRedis =
  'claim the job first with `SET applied:${job.id} 1 EX 86400 NX` and return when the reply is null, or do the check and the increment in one Lua script';
const hintMongo =
  'let the update claim itself: add `appliedJobs: { $ne: job.id }` to its filter and `$addToSet: { appliedJobs: job.id }` to the same update, so a retry matches nothing';
const hintById =
  'record the job in a table with a unique key on `job.id` inside the same transaction as the update (a retry then fails on the duplicate and rolls back), or write an absolute value instead';

ruleTester.run('no-non-idempotent-update', rule, {
  valid: [
    // Absolute writes converge: Prisma `set`, a plain value, an upsert to a computed value.
    prismaWorker(code`
      await prisma.account.update({ where: { id: job.data.id }, data: { balance: job.data.newBalance, visits: { set: 3 } } });
      await prisma.counter.upsert({ where: { id: 'x' }, create: { id: 'x', n: 1 }, update: { n: job.data.total } });
    `),
    // Relative update after a guard on a field that records the work (guard-then-mark).
    prismaWorker(code`
      const order = await prisma.order.findUniqueOrThrow({ where: { id: job.data.orderId } });
      if (order.pointsAwardedAt) return;
      await prisma.user.update({ where: { id: order.userId }, data: { points: { increment: order.total } } });
      await prisma.order.update({ where: { id: order.id }, data: { pointsAwardedAt: new Date() } });
    `),
    // Inside the same transaction as the write that records the job as done.
    prismaWorker(code`
      await prisma.$transaction(async (tx) => {
        await tx.processedJob.create({ data: { id: job.id! } });
        await tx.account.update({ where: { id: job.data.id }, data: { balance: { increment: job.data.amount } } });
      });
    `),
    // The batch form of a transaction, same idea.
    prismaWorker(code`
      await prisma.$transaction([
        prisma.account.update({ where: { id: job.data.id }, data: { balance: { decrement: job.data.amount } } }),
        prisma.ledger.create({ data: { jobId: job.id!, amount: job.data.amount } }),
      ]);
    `),
    // An update that claims its own row: the filter requires the flag the same statement sets.
    prismaWorker(code`
      await prisma.account.updateMany({
        where: { id: job.data.id, bonusPaid: false },
        data: { bonusPaid: true, balance: { increment: 100 } },
      });
    `),
    // After an atomic claim whose count is checked.
    prismaWorker(code`
      const { count } = await prisma.payout.updateMany({ where: { id: job.data.id, status: 'PENDING' }, data: { status: 'PAID' } });
      if (count === 0) return;
      await prisma.wallet.update({ where: { id: job.data.walletId }, data: { balance: { increment: job.data.amount } } });
    `),
    // A per-run local counter and a local stats object are not database writes.
    prismaWorker(code`
      let processed = 0;
      const stats = { count: 0, tags: [] as string[] };
      for (const item of job.data.items) {
        processed++;
        stats.count += 1;
        stats.tags.push(item);
      }
      await prisma.run.update({ where: { id: job.data.runId }, data: { processed } });
    `),
    // A `findUnique` whose result is only logged, then an absolute write.
    prismaWorker(code`
      const before = await prisma.account.findUnique({ where: { id: job.data.id } });
      console.log('before', before);
      await prisma.account.update({ where: { id: job.data.id }, data: { plan: 'PRO' } });
    `),
    // Redis: SADD, SET, HSET and EXPIRE are idempotent; INCR after a SET NX claim is guarded.
    code`
      import { Worker } from 'bullmq';
      import Redis from 'ioredis';
      const redis = new Redis();
      new Worker('stats', async (job) => {
        await redis.sadd('seen-users', job.data.userId);
        await redis.set(\`last:\${job.data.userId}\`, String(job.data.at));
        await redis.hset('profile', 'plan', 'pro');
        await redis.expire('seen-users', 3600);
        if (!(await redis.set(\`counted:\${job.id}\`, '1', 'EX', 86400, 'NX'))) return;
        await redis.incr('signups');
      });
    `,
    // Mongo: `$set`, `$addToSet`, `$setOnInsert` are absolute; `$inc` that claims its own document.
    code`
      import { Worker } from 'bullmq';
      import { MongoClient } from 'mongodb';
      const users = new MongoClient('mongodb://localhost').db('app').collection('users');
      new Worker('tags', async (job) => {
        await users.updateOne({ _id: job.data.id }, { $set: { plan: 'pro' }, $addToSet: { tags: 'vip' } });
        await users.updateOne({ _id: job.data.id }, { $setOnInsert: { createdAt: new Date() } }, { upsert: true });
        await users.updateOne({ _id: job.data.id, welcomed: { $ne: true } }, { $inc: { credits: 5 }, $set: { welcomed: true } });
        await users.updateOne({ _id: job.data.id, appliedJobs: { $ne: job.id } }, { $inc: { points: 10 }, $addToSet: { appliedJobs: job.id } });
      });
    `,
    // SQL text: absolute assignments and an upsert that takes the new value.
    code`
      import { Worker } from 'bullmq';
      import { Pool } from 'pg';
      const pool = new Pool();
      new Worker('sync', async (job) => {
        await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [job.data.balance, job.data.id]);
        await pool.query('INSERT INTO totals (k, n) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET n = EXCLUDED.n', ['k', 3]);
        await pool.query('UPDATE accounts SET balance = balance + $1, credited = true WHERE id = $2 AND credited = false', [5, job.data.id]);
      });
    `,
    // Knex and Drizzle absolute updates.
    code`
      import { Worker } from 'bullmq';
      import knex from 'knex';
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { accounts } from './schema';
      const db = knex({ client: 'pg' });
      const orm = drizzle(process.env.DATABASE_URL!);
      new Worker('plans', async (job) => {
        await db('accounts').where({ id: job.data.id }).update({ plan: 'pro' });
        await orm.update(accounts).set({ plan: 'pro' });
      });
    `,
    // Inngest: memoised steps; replaying functions belong to no-side-effect-outside-step.
    code`
      import { Inngest } from 'inngest';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      const inngest = new Inngest({ id: 'shop' });
      inngest.createFunction({ id: 'credit', triggers: [{ event: 'order/paid' }] }, async ({ event, step }) => {
        await step.run('credit', () => prisma.user.update({ where: { id: event.data.id }, data: { points: { increment: 1 } } }));
      });
    `,
    // node-postgres: BEGIN … COMMIT on one client, with the job recorded in the same transaction.
    code`
      import { Worker } from 'bullmq';
      import { Pool } from 'pg';
      const pool = new Pool();
      new Worker('credit', async (job) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO processed_jobs (id) VALUES ($1)', [job.id]);
          await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [job.data.amount, job.data.id]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });
    `,
    // A counter whose own result decides: INCR as a claim, INCR as a rate limit, an attempts counter.
    code`
      import { Worker } from 'bullmq';
      import Redis from 'ioredis';
      import { PrismaClient } from '@prisma/client';
      const redis = new Redis();
      const prisma = new PrismaClient();
      new Worker('claims', async (job) => {
        if ((await redis.incr(\`claim:\${job.data.orderId}\`)) > 1) return;
        const calls = await redis.incr(\`rate:\${job.data.apiKey}\`);
        if (calls > 100) throw new Error('rate limited');
        const { attempts } = await prisma.delivery.update({ where: { id: job.data.id }, data: { attempts: { increment: 1 } } });
        if (attempts > 5) return;
      });
    `,
    // Not a job: a route handler.
    code`
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      export async function like(req: { params: { id: string } }) {
        await prisma.post.update({ where: { id: req.params.id }, data: { likes: { increment: 1 } } });
      }
    `,
    // Not Prisma: a local object whose method is named `update`.
    code`
      import { Worker } from 'bullmq';
      const prisma = { post: { update: async (args: object) => args } };
      new Worker('likes', async (job) => {
        await prisma.post.update({ where: { id: job.data.id }, data: { likes: { increment: 1 } } });
      });
    `,
  ],
  invalid: [
    {
      // Prisma increment, no guard.
      code: prismaWorker(code`
        await prisma.account.update({ where: { id: job.data.id }, data: { balance: { increment: job.data.amount } } });
      `),
      errors: [
        {
          messageId: 'relativeUpdate',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 113,
          data: { update: '`prisma.account.update`', job: "BullMQ job 'credits'", via: '', verb: 'applies `increment` to', field: ' `balance`', hint: hintById },
        },
      ],
    },
    {
      // Prisma decrement, multiply and push; `if (!user) return` is an entity lookup, not a guard.
      code: prismaWorker(code`
        const user = await prisma.user.findUnique({ where: { id: job.data.userId } });
        if (!user) return;
        await prisma.user.update({ where: { id: user.id }, data: { credits: { decrement: 1 } } });
        await prisma.user.updateMany({ where: { teamId: user.teamId }, data: { score: { multiply: 2 } } });
        await prisma.user.update({ where: { id: user.id }, data: { badges: { push: 'early' } } });
      `),
      errors: [
        {
          messageId: 'relativeUpdate',
          line: 7,
          column: 9,
          data: {
            update: '`prisma.user.update`',
            job: "BullMQ job 'credits'",
            via: '',
            verb: 'applies `decrement` to',
            field: ' `credits`',
            hint: "guard it with a field that records this job's work, e.g. `if (user.processedAt) return;` before the update, and set `processedAt` in the same transaction as the update, or write an absolute value instead",
          },
        },
        { messageId: 'relativeUpdate', line: 8, column: 9 },
        { messageId: 'relativeUpdate', line: 9, column: 9 },
      ],
    },
    {
      // A transaction alone is not enough when nothing in it records the job.
      code: prismaWorker(code`
        await prisma.$transaction(async (tx) => {
          await tx.account.update({ where: { id: job.data.id }, data: { balance: { increment: 5 } } });
        });
      `),
      errors: [{ messageId: 'relativeUpdate', line: 6, column: 11 }],
    },
    {
      // TypeORM repository and manager increments, and a query builder `() => 'n + 1'`.
      code: code`
        import { Worker } from 'bullmq';
        import { DataSource } from 'typeorm';
        import { Account } from './entities';
        const dataSource = new DataSource({ type: 'postgres' });
        new Worker('typeorm', async (job) => {
          await dataSource.getRepository(Account).increment({ id: job.data.id }, 'credits', 5);
          await dataSource.manager.decrement(Account, { id: job.data.id }, 'stock', 1);
          await dataSource.createQueryBuilder().update(Account).set({ visits: () => 'visits + 1' }).where('id = :id', { id: 1 }).execute();
        });
      `,
      errors: [
        { messageId: 'relativeUpdate', line: 6, column: 9, data: { update: '`dataSource.getRepository(Account).increment`', job: "BullMQ job 'typeorm'", via: '', verb: 'increments', field: ' `credits`', hint: hintById } },
        { messageId: 'relativeUpdate', line: 7, column: 9, data: { update: '`dataSource.manager.decrement`', job: "BullMQ job 'typeorm'", via: '', verb: 'decrements', field: ' `stock`', hint: hintById } },
        { messageId: 'relativeUpdate', line: 8, column: 9, data: { update: '`dataSource.createQueryBuilder().update`', job: "BullMQ job 'typeorm'", via: '', verb: 'applies `visits` computed from itself to', field: ' `visits`', hint: hintById } },
      ],
    },
    {
      // Sequelize static and instance increments (a model class and a defined model).
      code: code`
        import { Worker } from 'bullmq';
        import { Sequelize, Model, DataTypes } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Product extends Model {}
        const Visit = sequelize.define('Visit', { n: DataTypes.INTEGER });
        new Worker('sequelize', async (job) => {
          await Product.decrement('stock', { by: job.data.qty, where: { id: job.data.productId } });
          const visit = await Visit.findByPk(job.data.visitId);
          await visit!.increment({ n: 1 });
        });
      `,
      errors: [
        { messageId: 'relativeUpdate', line: 7, column: 9, data: { update: '`Product.decrement`', job: "BullMQ job 'sequelize'", via: '', verb: 'decrements', field: ' `stock`', hint: hintById } },
        { messageId: 'relativeUpdate', line: 9, column: 9 },
      ],
    },
    {
      // Knex increment and raw self-reference; pg-boss handler.
      code: code`
        import PgBoss from 'pg-boss';
        import knex from 'knex';
        const db = knex({ client: 'pg' });
        const boss = new PgBoss('postgres://localhost/app');
        await boss.work('count-download', async ([job]) => {
          await db('files').where({ id: job.data.fileId }).increment('downloads', 1);
          await db('users').where({ id: job.data.userId }).update({ quota: db.raw('quota - 1') });
        });
      `,
      errors: [
        { messageId: 'relativeUpdate', line: 6, column: 9, data: { update: "`db('files').where({id:job.data.fileId}).increment`", job: "pg-boss job 'count-download'", via: '', verb: 'increments', field: ' `downloads`', hint: hintById } },
        { messageId: 'relativeUpdate', line: 7, column: 9 },
      ],
    },
    {
      // Drizzle sql`${col} + …` and Kysely eb(col, '+', n).
      code: code`
        import { Worker } from 'bullmq';
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { sql, eq } from 'drizzle-orm';
        import { Kysely } from 'kysely';
        import { accounts } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        const kdb = new Kysely<any>({ dialect: {} as any });
        new Worker('orm', async (job) => {
          await db.update(accounts).set({ balance: sql\`\${accounts.balance} + \${job.data.amount}\` }).where(eq(accounts.id, job.data.id));
          await kdb.updateTable('accounts').set((eb) => ({ visits: eb('visits', '+', 1) })).where('id', '=', job.data.id).execute();
        });
      `,
      errors: [
        { messageId: 'relativeUpdate', line: 9, column: 9, data: { update: '`db.update`', job: "BullMQ job 'orm'", via: '', verb: 'applies `balance` computed from itself to', field: ' `balance`', hint: hintById } },
        { messageId: 'relativeUpdate', line: 10, column: 9 },
      ],
    },
    {
      // Mongoose $inc and MongoDB $push.
      code: code`
        import { Worker } from 'bullmq';
        import { model, Schema } from 'mongoose';
        import { MongoClient } from 'mongodb';
        const User = model('User', new Schema({ credits: Number }));
        const events = new MongoClient('mongodb://localhost').db('app').collection('events');
        new Worker('mongo', async (job) => {
          await User.updateOne({ _id: job.data.userId }, { $inc: { credits: 10 } });
          await events.updateOne({ _id: job.data.streamId }, { $push: { items: job.data.item } });
        });
      `,
      errors: [
        { messageId: 'relativeUpdate', line: 7, column: 9, data: { update: '`User.updateOne`', job: "BullMQ job 'mongo'", via: '', verb: 'applies `$inc` to', field: ' `credits`', hint: hintMongo } },
        { messageId: 'relativeUpdate', line: 8, column: 9, data: { update: '`events.updateOne`', job: "BullMQ job 'mongo'", via: '', verb: 'applies `$push` to', field: ' `items`', hint: hintMongo } },
      ],
    },
    {
      // Redis: ioredis incr/incrby/hincrby/lpush/rpush/zincrby and node-redis hIncrBy.
      code: code`
        import { Worker } from 'bullmq';
        import Redis from 'ioredis';
        import { createClient } from 'redis';
        const redis = new Redis();
        const client = createClient();
        new Worker('metrics', async (job) => {
          await redis.incr('orders:total');
          await redis.incrby('revenue', job.data.amount);
          await redis.hincrby(\`user:\${job.data.userId}\`, 'orders', 1);
          await redis.lpush('recent', job.data.id);
          await redis.rpush('audit', JSON.stringify(job.data));
          await redis.zincrby('leaderboard', job.data.points, job.data.userId);
          await client.hIncrBy('stats', 'orders', 1);
        });
      `,
      errors: [
        { messageId: 'relativeUpdate', line: 7, column: 9, data: { update: '`redis.incr`', job: "BullMQ job 'metrics'", via: '', verb: 'increments', field: ' `orders:total`', hint: hintRedis } },
        { messageId: 'relativeUpdate', line: 8, column: 9 },
        { messageId: 'relativeUpdate', line: 9, column: 9, data: { update: '`redis.hincrby`', job: "BullMQ job 'metrics'", via: '', verb: 'increments a hash field of', field: ' `user:${job.data.userId}`', hint: hintRedis } },
        { messageId: 'relativeUpdate', line: 10, column: 9 },
        { messageId: 'relativeUpdate', line: 11, column: 9 },
        { messageId: 'relativeUpdate', line: 12, column: 9 },
        { messageId: 'relativeUpdate', line: 13, column: 9 },
      ],
    },
    {
      // The counter's result is only logged, not checked: still a double count on retry.
      code: code`
        import { Worker } from 'bullmq';
        import Redis from 'ioredis';
        const redis = new Redis();
        new Worker('views', async (job) => {
          const views = await redis.incr(\`views:\${job.data.postId}\`);
          console.log('views', views);
        });
      `,
      errors: [{ messageId: 'relativeUpdate', line: 5, column: 23, data: { update: '`redis.incr`', job: "BullMQ job 'views'", via: '', verb: 'increments', field: ' `views:${job.data.postId}`', hint: hintRedis } }],
    },
    {
      // node-postgres SQL text, in a same-file helper the handler calls; a Trigger.dev task.
      code: code`
        import { task } from '@trigger.dev/sdk';
        import { Pool } from 'pg';
        const pool = new Pool();
        async function charge(accountId: string, amount: number) {
          await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, accountId]);
        }
        export const chargeTask = task({
          id: 'charge',
          run: async (payload: { accountId: string; amount: number }) => {
            await charge(payload.accountId, payload.amount);
          },
        });
      `,
      errors: [
        {
          messageId: 'relativeUpdate',
          line: 5,
          column: 9,
          data: {
            update: '`pool.query`',
            job: "Trigger.dev job 'charge'",
            via: ' (reached through `charge()`)',
            verb: 'applies `SET balance = balance …` to',
            field: ' `balance`',
            hint: 'record the job in a table with a unique key on `payload.id` inside the same transaction as the update (a retry then fails on the duplicate and rolls back), or write an absolute value instead',
          },
        },
      ],
    },
    {
      // NestJS processor with an injected TypeORM repository.
      code: code`
        import { Processor, WorkerHost } from '@nestjs/bullmq';
        import { InjectRepository } from '@nestjs/typeorm';
        import type { Repository } from 'typeorm';
        import type { Job } from 'bullmq';
        @Processor('views')
        export class ViewsProcessor extends WorkerHost {
          constructor(@InjectRepository(Object) private readonly posts: Repository<object>) {
            super();
          }
          async process(job: Job) {
            await this.posts.increment({ id: job.data.postId }, 'views', 1);
          }
        }
      `,
      errors: [{ messageId: 'relativeUpdate', line: 11, column: 11 }],
    },
    {
      // graphile-worker task list.
      code: code`
        import { run } from 'graphile-worker';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        await run({
          taskList: {
            add_points: async (payload: any) => {
              await prisma.user.update({ where: { id: payload.userId }, data: { points: { increment: payload.points } } });
            },
          },
        });
      `,
      errors: [{ messageId: 'relativeUpdate', line: 7, column: 13 }],
    },
  ],
});
