import rule from '../../rules/no-side-effect-in-transaction.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-side-effect-in-transaction', rule, {
  valid: [
    // The effect after the transaction commits
    code`
      import { PrismaClient } from '@prisma/client';
      import nodemailer from 'nodemailer';
      const prisma = new PrismaClient();
      const transporter = nodemailer.createTransport({});
      export async function placeOrder(email: string, total: number) {
        await prisma.$transaction(async (tx) => {
          await tx.order.create({ data: { email, total } });
        });
        await transporter.sendMail({ to: email, subject: 'Thanks for your order' });
      }
    `,
    // pg-boss send bound to the transaction with { db }
    code`
      import { PgBoss } from 'pg-boss';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      const boss = new PgBoss('postgres://localhost/app');
      export async function refund(orderId: string, db: any) {
        await prisma.$transaction(async (tx) => {
          await tx.refund.create({ data: { orderId } });
          await boss.send('refund-notify', { orderId }, { db, singletonKey: orderId });
        });
      }
    `,
    // graphile-worker enqueue through the same client, and SQL add_job
    code`
      import { makeWorkerUtils } from 'graphile-worker';
      import knexFactory from 'knex';
      const knex = knexFactory({ client: 'pg' });
      const utils = await makeWorkerUtils({ connectionString: process.env.DATABASE_URL });
      export async function signUp(email: string) {
        await knex.transaction(async (trx) => {
          await trx('users').insert({ email });
          await trx.raw('SELECT graphile_worker.add_job(?, ?)', ['welcome', JSON.stringify({ email })]);
          await utils.addJob('audit', { email }, { jobKey: email });
        });
      }
    `,
    // An outbox insert inside the transaction
    code`
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { users, outbox } from './schema';
      const db = drizzle(process.env.DATABASE_URL!);
      export async function signUp(email: string) {
        await db.transaction(async (tx) => {
          await tx.insert(users).values({ email });
          await tx.insert(outbox).values({ topic: 'welcome-email', payload: { email } });
        });
      }
    `,
    // A GET request is not an external effect
    code`
      import { PrismaClient } from '@prisma/client';
      import axios from 'axios';
      const prisma = new PrismaClient();
      export async function sync(id: string) {
        await prisma.$transaction(async (tx) => {
          const { data } = await axios.get(\`https://api.example.com/users/\${id}\`);
          await tx.user.update({ where: { id }, data: { name: data.name } });
        });
      }
    `,
    // node-postgres: the effect after COMMIT
    code`
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function transfer(from: string, amount: number) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        await fetch('https://audit.example.com/transfers', { method: 'POST', body: JSON.stringify({ from, amount }) });
      }
    `,
    // A function defined inside the transaction but not called there
    code`
      import { PrismaClient } from '@prisma/client';
      import nodemailer from 'nodemailer';
      const prisma = new PrismaClient();
      const transporter = nodemailer.createTransport({});
      export async function placeOrder(email: string) {
        const after = await prisma.$transaction(async (tx) => {
          await tx.order.create({ data: { email } });
          const send = () => transporter.sendMail({ to: email, subject: 'Thanks' });
          return send;
        });
        await after();
      }
    `,
    // A transaction helper the rule cannot see is not guessed at
    code`
      import nodemailer from 'nodemailer';
      import { withTransaction } from './db';
      const transporter = nodemailer.createTransport({});
      export async function placeOrder(email: string) {
        await withTransaction(async () => {
          await transporter.sendMail({ to: email, subject: 'Thanks' });
        });
      }
    `,
    // Kysely: the enqueue after the transaction
    code`
      import { Kysely } from 'kysely';
      import { Queue } from 'bullmq';
      const db = new Kysely<any>({ dialect: undefined as never });
      const queue = new Queue('welcome');
      export async function signUp(email: string) {
        const user = await db.transaction().execute(async (trx) => {
          return trx.insertInto('users').values({ email }).returningAll().executeTakeFirstOrThrow();
        });
        await queue.add('welcome', { userId: user.id }, { jobId: \`welcome:\${user.id}\` });
      }
    `,
    // Mongoose: the effect after the session's transaction ends
    code`
      import mongoose from 'mongoose';
      import nodemailer from 'nodemailer';
      const transporter = nodemailer.createTransport({});
      export async function close(id: string, email: string) {
        await mongoose.connection.transaction(async (session) => {
          await mongoose.model('Account').updateOne({ _id: id }, { $set: { closed: true } }, { session });
        });
        await transporter.sendMail({ to: email, subject: 'Account closed' });
      }
    `,
    // Redis: an effect after a chained MULTI … EXEC
    code`
      import Redis from 'ioredis';
      import nodemailer from 'nodemailer';
      const redis = new Redis();
      const transporter = nodemailer.createTransport({});
      export async function score(id: string, email: string) {
        await redis.multi().hset(\`user:\${id}\`, 'score', 1).zadd('board', 1, id).exec();
        await transporter.sendMail({ to: email, subject: 'New score' });
      }
    `,
    // An axios GET inside a transaction reads; it is not an external effect.
    code`
      import { PrismaClient } from '@prisma/client';
      import axios from 'axios';
      const prisma = new PrismaClient();
      export async function refreshRate(currency: string) {
        await prisma.$transaction(async (tx) => {
          const { data } = await axios.get(\`https://rates.example.com/\${currency}\`, { timeout: 1_000 });
          await tx.rate.update({ where: { currency }, data: { value: data.value } });
        });
      }
    `,
    // Deleting received SQS messages is not a publish.
    code`
      import { PrismaClient } from '@prisma/client';
      import { SQSClient, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
      const prisma = new PrismaClient();
      const sqs = new SQSClient({});
      export async function settle(id: string) {
        await prisma.$transaction(async (tx) => {
          await tx.order.update({ where: { id }, data: { status: 'SETTLED' } });
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: 'q', Entries: [{ Id: '1', ReceiptHandle: id }] }));
        });
      }
    `,
  ],
  invalid: [
    {
      // Email inside a Prisma interactive transaction, outside any handler; suggestion moves it after
      code: code`
        import { PrismaClient } from '@prisma/client';
        import nodemailer from 'nodemailer';
        const prisma = new PrismaClient();
        const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
        export async function placeOrder(email: string, total: number) {
          await prisma.$transaction(async (tx) => {
            await tx.order.create({ data: { email, total } });
            await transporter.sendMail({ to: email, subject: 'Thanks for your order' });
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'effectInTransaction', line: 8, column: 11, data: {
          effect: 'Email via nodemailer `sendMail`',
          via: '',
          scope: 'the `prisma.$transaction` callback',
          what: 'email',
        }, suggestions: [
          { messageId: 'moveAfterTransaction', output: code`
            import { PrismaClient } from '@prisma/client';
            import nodemailer from 'nodemailer';
            const prisma = new PrismaClient();
            const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
            export async function placeOrder(email: string, total: number) {
              await prisma.$transaction(async (tx) => {
                await tx.order.create({ data: { email, total } });
              });
              await transporter.sendMail({ to: email, subject: 'Thanks for your order' });
            }
          ` },
        ] },
      ],
    },
    {
      // Payment inside a Knex transaction in a handler; uses a value from the transaction, so no suggestion
      code: code`
        import { Worker } from 'bullmq';
        import knexFactory from 'knex';
        import Stripe from 'stripe';
        const knex = knexFactory({ client: 'pg' });
        const stripe = new Stripe(process.env.STRIPE_KEY!);
        new Worker('charge', async (job) => {
          await knex.transaction(async (trx) => {
            const [order] = await trx('orders').where({ id: job.data.id }).update({ status: 'CHARGED' }).returning('*');
            await stripe.paymentIntents.create({ amount: order.total, currency: 'usd' }, { idempotencyKey: \`charge:\${order.id}\` });
          });
        });
      `,
      output: null,
      errors: [
        { messageId: 'effectInTransaction', line: 9, column: 11 },
      ],
    },
    {
      // BullMQ enqueue (Redis) inside a Drizzle transaction
      code: code`
        import { Queue } from 'bullmq';
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { users } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        const emails = new Queue('emails');
        export async function signUp(email: string) {
          await db.transaction(async (tx) => {
            await tx.insert(users).values({ email });
            await emails.add('welcome', { email }, { jobId: \`welcome:\${email}\` });
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'enqueueInTransaction', line: 9, column: 11, suggestions: [
          { messageId: 'moveAfterTransaction', output: code`
            import { Queue } from 'bullmq';
            import { drizzle } from 'drizzle-orm/node-postgres';
            import { users } from './schema';
            const db = drizzle(process.env.DATABASE_URL!);
            const emails = new Queue('emails');
            export async function signUp(email: string) {
              await db.transaction(async (tx) => {
                await tx.insert(users).values({ email });
              });
              await emails.add('welcome', { email }, { jobId: \`welcome:\${email}\` });
            }
          ` },
        ] },
      ],
    },
    {
      // pg-boss send without { db } uses its own connection
      code: code`
        import { PgBoss } from 'pg-boss';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        const boss = new PgBoss('postgres://localhost/app');
        export async function refund(orderId: string) {
          await prisma.$transaction(async (tx) => {
            await tx.refund.create({ data: { orderId } });
            await boss.send('refund-notify', { orderId }, { singletonKey: orderId });
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'enqueueInTransaction', line: 8, column: 11, data: {
          callee: 'boss.send',
          via: '',
          scope: 'the `prisma.$transaction` callback',
          store: "pg-boss's own connection",
          rerun: '',
          transactional: 'pass the transaction as `{ db }` to `send`',
        }, suggestions: [
          { messageId: 'moveAfterTransaction', output: code`
            import { PgBoss } from 'pg-boss';
            import { PrismaClient } from '@prisma/client';
            const prisma = new PrismaClient();
            const boss = new PgBoss('postgres://localhost/app');
            export async function refund(orderId: string) {
              await prisma.$transaction(async (tx) => {
                await tx.refund.create({ data: { orderId } });
              });
              await boss.send('refund-notify', { orderId }, { singletonKey: orderId });
            }
          ` },
        ] },
      ],
    },
    {
      // Mongo withTransaction re-runs its callback
      code: code`
        import { MongoClient } from 'mongodb';
        import axios from 'axios';
        const client = new MongoClient('mongodb://localhost');
        export async function ship(orderId: string) {
          const session = client.startSession();
          await session.withTransaction(async () => {
            await client.db().collection('orders').updateOne({ _id: orderId }, { $set: { shipped: true } }, { session });
            await axios.post('https://carrier.example.com/shipments', { orderId });
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'effectInRetriedTransaction', line: 8, column: 11, suggestions: [
          { messageId: 'moveAfterTransaction', output: code`
            import { MongoClient } from 'mongodb';
            import axios from 'axios';
            const client = new MongoClient('mongodb://localhost');
            export async function ship(orderId: string) {
              const session = client.startSession();
              await session.withTransaction(async () => {
                await client.db().collection('orders').updateOne({ _id: orderId }, { $set: { shipped: true } }, { session });
              });
              await axios.post('https://carrier.example.com/shipments', { orderId });
            }
          ` },
        ] },
      ],
    },
    {
      // An effect in a helper called inside the transaction
      code: code`
        import { PrismaClient } from '@prisma/client';
        import nodemailer from 'nodemailer';
        const prisma = new PrismaClient();
        const transporter = nodemailer.createTransport({});
        async function notify(to: string) {
          await transporter.sendMail({ to, subject: 'Updated' });
        }
        export async function update(id: string, to: string) {
          await prisma.$transaction(async (tx) => {
            await tx.user.update({ where: { id }, data: { updatedAt: new Date() } });
            await notify(to);
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'effectInTransaction', line: 6, column: 9, data: {
          effect: 'Email via nodemailer `sendMail`',
          via: ' (reached through `notify()`)',
          scope: 'the `prisma.$transaction` callback',
          what: 'email',
        } },
      ],
    },
    {
      // node-postgres BEGIN ... COMMIT on one client
      code: code`
        import { Pool } from 'pg';
        const pool = new Pool();
        export async function transfer(from: string, to: string, amount: number) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
            await fetch('https://audit.example.com/transfers', { method: 'POST', body: JSON.stringify({ from, to, amount }) });
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      `,
      output: null,
      errors: [
        { messageId: 'effectInTransaction', line: 8, column: 11, data: {
          effect: 'HTTP POST via `fetch`',
          via: '',
          scope: "the transaction opened by `client.query('BEGIN')`",
          what: 'request',
        } },
      ],
    },
    {
      // TypeORM transaction, and an unmanaged Sequelize transaction
      code: code`
        import { DataSource } from 'typeorm';
        import { Sequelize } from 'sequelize';
        import nodemailer from 'nodemailer';
        const dataSource = new DataSource({ type: 'postgres' });
        const sequelize = new Sequelize('postgres://localhost/app');
        const transporter = nodemailer.createTransport({});
        export async function a(to: string) {
          await dataSource.transaction(async (manager) => {
            await manager.query('UPDATE users SET notified = true');
            await transporter.sendMail({ to, subject: 'Hello' });
          });
        }
        export async function b(to: string) {
          const t = await sequelize.transaction();
          await sequelize.query('UPDATE users SET notified = true', { transaction: t });
          await transporter.sendMail({ to, subject: 'Hello' });
          await t.commit();
        }
      `,
      output: null,
      errors: [
        { messageId: 'effectInTransaction', line: 10, column: 11, suggestions: [
          { messageId: 'moveAfterTransaction', output: code`
            import { DataSource } from 'typeorm';
            import { Sequelize } from 'sequelize';
            import nodemailer from 'nodemailer';
            const dataSource = new DataSource({ type: 'postgres' });
            const sequelize = new Sequelize('postgres://localhost/app');
            const transporter = nodemailer.createTransport({});
            export async function a(to: string) {
              await dataSource.transaction(async (manager) => {
                await manager.query('UPDATE users SET notified = true');
              });
              await transporter.sendMail({ to, subject: 'Hello' });
            }
            export async function b(to: string) {
              const t = await sequelize.transaction();
              await sequelize.query('UPDATE users SET notified = true', { transaction: t });
              await transporter.sendMail({ to, subject: 'Hello' });
              await t.commit();
            }
          ` },
        ] },
        { messageId: 'effectInTransaction', line: 16, column: 9 },
      ],
    },
    {
      // Redis MULTI: the effect between multi() and exec() is still outside the MULTI
      code: code`
        import Redis from 'ioredis';
        import { Queue } from 'bullmq';
        const redis = new Redis();
        const queue = new Queue('q');
        export async function a(id: string) {
          const multi = redis.multi();
          multi.set(\`k:\${id}\`, '1');
          await queue.add('x', { id }, { jobId: id });
          await multi.exec();
        }
      `,
      output: null,
      errors: [
        { messageId: 'enqueueInTransaction', line: 8, column: 9 },
      ],
    },
    {
      // SQS batch sends and Stripe update/del are external effects too (uses a transaction value: no suggestion).
      code: code`
        import { PrismaClient } from '@prisma/client';
        import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
        import Stripe from 'stripe';
        const prisma = new PrismaClient();
        const sqs = new SQSClient({});
        const stripe = new Stripe(process.env.STRIPE_KEY!);
        export async function close(id: string) {
          await prisma.$transaction(async (tx) => {
            const account = await tx.account.update({ where: { id }, data: { status: 'CLOSED' } });
            await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: [{ Id: '1', MessageBody: account.id }] }));
            await stripe.subscriptions.update(account.subscriptionId, { cancel_at_period_end: true });
            await stripe.customers.del(account.stripeCustomerId);
          });
        }
      `,
      errors: [
        { messageId: 'effectInTransaction', line: 10, column: 11, data: { effect: 'SQS message batch via `sqs.send(new SendMessageBatchCommand(…))`', via: '', scope: 'the `prisma.$transaction` callback', what: 'message' } },
        { messageId: 'effectInTransaction', line: 11, column: 11, data: { effect: 'Payment call `stripe.subscriptions.update` (Stripe)', via: '', scope: 'the `prisma.$transaction` callback', what: 'payment' } },
        { messageId: 'effectInTransaction', line: 12, column: 11, data: { effect: 'Payment API delete `stripe.customers.del` (Stripe)', via: '', scope: 'the `prisma.$transaction` callback', what: 'payment' } },
      ],
    },
  ],
});
