import rule from '../../rules/require-transaction.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('require-transaction', rule, {
  valid: [
    // Real-world (inngest-js examples): writes in different durable steps; a retry skips finished steps.
    code`
      import { Inngest } from 'inngest';
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { contacts, segments } from './schema';
      const db = drizzle(process.env.DATABASE_URL!);
      const inngest = new Inngest({ id: 'crm' });
      export const importContacts = inngest.createFunction({ id: 'contact-import', triggers: [{ event: 'contacts/import' }] }, async ({ event, step }) => {
        const inserted = await step.run('insert-contacts', async () => db.insert(contacts).values(event.data.contacts).returning());
        await step.run('save-segments', async () => {
          await db.insert(segments).values({ name: 'new', size: inserted.length });
        });
      });
    `,
    // A single write
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('touch', async (job) => {
        const user = await prisma.user.findUniqueOrThrow({ where: { id: job.data.id } });
        await prisma.user.update({ where: { id: user.id }, data: { seenAt: new Date() } });
      });
    `,
    // Writes in one Prisma interactive transaction
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('payments', async (job) => {
        await prisma.$transaction(async (tx) => {
          const order = await tx.order.update({ where: { id: job.data.orderId }, data: { status: 'PAID' } });
          await tx.payment.create({ data: { orderId: order.id, amount: order.total } });
        });
      });
    `,
    // Prisma batch transaction, inline and from a variable (Prisma queries are lazy)
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('batch', async (job) => {
        await prisma.$transaction([
          prisma.order.update({ where: { id: job.data.id }, data: { status: 'PAID' } }),
          prisma.payment.create({ data: { orderId: job.data.id } }),
        ]);
      });
      new Worker('batch-var', async (job) => {
        const steps = [
          prisma.order.update({ where: { id: job.data.id }, data: { status: 'PAID' } }),
          prisma.payment.create({ data: { orderId: job.data.id } }),
        ];
        await prisma.$transaction(steps);
      });
    `,
    // An atomic batch API is one write
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('import', async (job) => {
        await prisma.item.createMany({ data: job.data.items, skipDuplicates: true });
      });
    `,
    // One write in a loop counts once
    code`
      import { Worker } from 'bullmq';
      import knexFactory from 'knex';
      const knex = knexFactory({ client: 'pg' });
      new Worker('import', async (job) => {
        for (const row of job.data.rows) {
          await knex('items').insert(row).onConflict('id').merge();
        }
      });
    `,
    // Knex callback transaction and Drizzle nested transaction (a savepoint of the outer one)
    code`
      import { Worker } from 'bullmq';
      import knexFactory from 'knex';
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { orders, audit } from './schema';
      const knex = knexFactory({ client: 'pg' });
      const db = drizzle(process.env.DATABASE_URL!);
      new Worker('knex', async (job) => {
        await knex.transaction(async (trx) => {
          await trx('users').where({ id: job.data.id }).update({ active: false });
          await trx('audit_log').insert({ userId: job.data.id });
        });
      });
      new Worker('drizzle', async (job) => {
        await db.transaction(async (tx) => {
          await tx.update(orders).set({ status: 'done' });
          await tx.transaction(async (inner) => {
            await inner.insert(audit).values({ orderId: job.data.id });
          });
        });
      });
    `,
    // Writes on mutually exclusive paths
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('route', async (job) => {
        if (job.data.kind === 'refund') {
          await prisma.refund.create({ data: { orderId: job.data.id } });
          return;
        }
        if (job.data.kind === 'cancel') {
          await prisma.order.update({ where: { id: job.data.id }, data: { status: 'CANCELLED' } });
        } else {
          await prisma.order.update({ where: { id: job.data.id }, data: { status: 'OPEN' } });
        }
      });
    `,
    // node-postgres: BEGIN/COMMIT on one client from the pool
    code`
      import { Worker } from 'bullmq';
      import { Pool } from 'pg';
      const pool = new Pool();
      new Worker('ledger', async (job) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('UPDATE accounts SET balance = $1 WHERE id = $2', [job.data.balance, job.data.id]);
          await client.query('INSERT INTO ledger (account_id, amount) VALUES ($1, $2)', [job.data.id, job.data.amount]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
      });
    `,
    // Manual transactions: Knex, Kysely controlled, TypeORM query runner
    code`
      import { Worker } from 'bullmq';
      import knexFactory from 'knex';
      import { Kysely } from 'kysely';
      import { DataSource } from 'typeorm';
      import { Account, Transfer } from './entities';
      const knex = knexFactory({ client: 'pg' });
      const db = new Kysely<any>({ dialect: undefined as never });
      const dataSource = new DataSource({ type: 'postgres' });
      new Worker('knex-manual', async (job) => {
        const trx = await knex.transaction();
        await trx('orders').where({ id: job.data.id }).update({ archived: true });
        await trx('archive_log').insert({ orderId: job.data.id });
        await trx.commit();
      });
      new Worker('kysely-manual', async (job) => {
        const trx = await db.startTransaction().execute();
        await trx.insertInto('users').values({ id: job.data.id }).execute();
        await trx.insertInto('profiles').values({ userId: job.data.id }).execute();
        await trx.commit().execute();
      });
      new Worker('typeorm-runner', async (job) => {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        await runner.startTransaction();
        try {
          await runner.manager.update(Account, { id: job.data.from }, { balance: job.data.balance });
          await runner.manager.insert(Transfer, { from: job.data.from });
          await runner.commitTransaction();
        } finally {
          await runner.release();
        }
      });
    `,
    // Redis: MULTI/EXEC is one transaction; SET NX claims and cache deletes are not writes here
    code`
      import { Worker } from 'bullmq';
      import Redis from 'ioredis';
      import { PrismaClient } from '@prisma/client';
      const redis = new Redis();
      const prisma = new PrismaClient();
      new Worker('score', async (job) => {
        const claimed = await redis.set(\`claim:\${job.id}\`, '1', 'EX', 3600, 'NX');
        if (!claimed) return;
        await redis.multi().hset(\`user:\${job.data.id}\`, 'score', job.data.score).zadd('leaderboard', job.data.score, job.data.id).exec();
        await redis.del(\`cache:user:\${job.data.id}\`);
      });
    `,
    // Writes to different databases cannot share a transaction
    code`
      import { Worker } from 'bullmq';
      import Redis from 'ioredis';
      import { PrismaClient } from '@prisma/client';
      const redis = new Redis();
      const prisma = new PrismaClient();
      new Worker('mixed', async (job) => {
        await prisma.order.update({ where: { id: job.data.id }, data: { status: 'PAID' } });
        await redis.hset(\`order:\${job.data.id}\`, 'status', 'PAID');
      });
    `,
    // Sequelize and Mongo: queries that join the transaction by option
    code`
      import { Worker } from 'bullmq';
      import { Sequelize, Model } from 'sequelize';
      import { MongoClient } from 'mongodb';
      const sequelize = new Sequelize('postgres://localhost/app');
      const mongo = new MongoClient('mongodb://localhost');
      class Order extends Model {}
      class Shipment extends Model {}
      new Worker('ship', async (job) => {
        await sequelize.transaction(async (t) => {
          await Order.update({ status: 'SHIPPED' }, { where: { id: job.data.id }, transaction: t });
          await Shipment.create({ orderId: job.data.id }, { transaction: t });
        });
      });
      new Worker('mongo', async (job) => {
        const session = mongo.startSession();
        await session.withTransaction(async () => {
          await mongo.db().collection('orders').updateOne({ _id: job.data.id }, { $set: { status: 'SHIPPED' } }, { session });
          await mongo.db().collection('shipments').insertOne({ orderId: job.data.id }, { session });
        });
      });
    `,
    // A query that escapes its transaction callback is no-outer-client-in-transaction's finding
    code`
      import { Worker } from 'bullmq';
      import { Sequelize, Model } from 'sequelize';
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      class Shipment extends Model {}
      new Worker('ship', async (job) => {
        await sequelize.transaction(async (t) => {
          await Order.update({ status: 'SHIPPED' }, { where: { id: job.data.id }, transaction: t });
          await Shipment.create({ orderId: job.data.id });
        });
      });
    `,
    // A transaction opened by a helper the rule cannot see is not guessed at
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import { inTransaction } from './db';
      const prisma = new PrismaClient();
      new Worker('opaque', async (job) => {
        await inTransaction(async () => {
          await prisma.order.update({ where: { id: job.data.id }, data: { status: 'PAID' } });
          await prisma.payment.create({ data: { orderId: job.data.id } });
        });
      });
    `,
    // Code outside any handler (an Express route) is not reported
    code`
      import express from 'express';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      const app = express();
      app.post('/orders/:id/pay', async (req, res) => {
        await prisma.order.update({ where: { id: req.params.id }, data: { status: 'PAID' } });
        await prisma.payment.create({ data: { orderId: req.params.id } });
        res.sendStatus(204);
      });
    `,
    // Reads do not count
    code`
      import { Worker } from 'bullmq';
      import { Pool } from 'pg';
      const pool = new Pool();
      new Worker('report', async (job) => {
        const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [job.data.id]);
        await pool.query('UPDATE orders SET reported = true WHERE id = $1', [rows[0].id]);
      });
    `,
    // BEGIN on one connection (a TypeORM query runner) opens a transaction until COMMIT
    code`
      import { Worker } from 'bullmq';
      import { DataSource } from 'typeorm';
      import { Account, Transfer } from './entities';
      const dataSource = new DataSource({ type: 'postgres' });
      new Worker('transfer', async (job) => {
        const runner = dataSource.createQueryRunner();
        await runner.query('BEGIN');
        await runner.manager.update(Account, { id: job.data.from }, { balance: job.data.balance });
        await runner.manager.insert(Transfer, { from: job.data.from });
        await runner.query('COMMIT');
      });
    `,
    // A write in catch records the failure of the try part: not a pair
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('import', async (job) => {
        try {
          await prisma.import.update({ where: { id: job.data.id }, data: { rows: job.data.rows } });
        } catch (error) {
          await prisma.import.update({ where: { id: job.data.id }, data: { status: 'FAILED' } });
          throw error;
        }
      });
    `,
    // Writes around an effect (mark RUNNING, call out, mark DONE) are a guard question, not a transaction one
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import axios from 'axios';
      const prisma = new PrismaClient();
      new Worker('sync', async (job) => {
        await prisma.sync.update({ where: { id: job.data.id }, data: { status: 'RUNNING' } });
        await axios.post('https://partner.example.com/sync', { id: job.data.id });
        await prisma.sync.update({ where: { id: job.data.id }, data: { status: 'DONE' } });
      });
    `,
    // Functions in a returned object run when called later, not when the object is built
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      function tools(jobId: string) {
        return {
          start: async () => prisma.task.create({ data: { jobId } }),
          finish: async () => prisma.task.update({ where: { jobId }, data: { done: true } }),
        };
      }
      new Worker('work', async (job) => {
        const io = tools(job.id!);
        await prisma.run.create({ data: { jobId: job.id! } });
        return io;
      });
    `,
    // Two updates of one record are a state transition, not a pair
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import knexFactory from 'knex';
      import { runImport } from './import';
      const prisma = new PrismaClient();
      const knex = knexFactory({ client: 'pg' });
      new Worker('import', async (job) => {
        await prisma.importRun.update({ where: { id: job.data.runId, status: 'PENDING' }, data: { status: 'RUNNING' } });
        await runImport(job.data.runId);
        await prisma.importRun.update({ where: { id: job.data.runId }, data: { status: 'DONE' } });
      });
      new Worker('import-knex', async (job) => {
        await knex('runs').where({ id: job.data.runId }).update({ status: 'RUNNING' });
        await runImport(job.data.runId);
        await knex('runs').where({ id: job.data.runId }).update({ status: 'DONE' });
      });
    `,
  ],
  invalid: [
    {
      // Two writes inside one durable step: a failure between them re-runs the whole step.
      code: code`
        import { Inngest } from 'inngest';
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { contacts, segments } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        const inngest = new Inngest({ id: 'crm' });
        export const importContacts = inngest.createFunction({ id: 'contact-import', triggers: [{ event: 'contacts/import' }] }, async ({ event, step }) => {
          await step.run('save', async () => {
            await db.insert(contacts).values(event.data.contacts);
            await db.insert(segments).values({ name: 'new' });
          });
        });
      `,
      errors: [{ messageId: 'notAtomic', line: 9, column: 11 }],
    },
    {
      // Prisma: two writes, suggestion wraps them in $transaction
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('payments', async (job) => {
          const order = await prisma.order.update({ where: { id: job.data.orderId }, data: { status: 'PAID' } });
          await prisma.payment.create({ data: { orderId: order.id, amount: order.total } });
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 6, column: 9, data: {
          second: 'prisma.payment.create',
          first: 'prisma.order.update',
          line: '5',
          job: "BullMQ job 'payments'",
          via: '',
          layer: 'Prisma',
          how: ' (`prisma.$transaction(async (tx) => …)`, every write through `tx`)',
        }, suggestions: [
          { messageId: 'wrapInTransaction', output: code`
            import { Worker } from 'bullmq';
            import { PrismaClient } from '@prisma/client';
            const prisma = new PrismaClient();
            new Worker('payments', async (job) => {
              await prisma.$transaction(async (tx) => {
                const order = await tx.order.update({ where: { id: job.data.orderId }, data: { status: 'PAID' } });
                await tx.payment.create({ data: { orderId: order.id, amount: order.total } });
              });
            });
          ` },
        ] },
      ],
    },
    {
      // Knex: second write in a branch; the read between is routed too
      code: code`
        import { Worker } from 'bullmq';
        import knexFactory from 'knex';
        const knex = knexFactory({ client: 'pg' });
        new Worker('deactivate', async (job) => {
          await knex('users').where({ id: job.data.userId }).update({ active: false });
          const user = await knex('users').where({ id: job.data.userId }).first();
          if (user.plan === 'pro') {
            await knex('audit_log').insert({ userId: user.id, action: 'deactivated' });
          }
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 8, column: 11, suggestions: [
          { messageId: 'wrapInTransaction', output: code`
            import { Worker } from 'bullmq';
            import knexFactory from 'knex';
            const knex = knexFactory({ client: 'pg' });
            new Worker('deactivate', async (job) => {
              await knex.transaction(async (trx) => {
                await trx('users').where({ id: job.data.userId }).update({ active: false });
                const user = await trx('users').where({ id: job.data.userId }).first();
                if (user.plan === 'pro') {
                  await trx('audit_log').insert({ userId: user.id, action: 'deactivated' });
                }
              });
            });
          ` },
        ] },
      ],
    },
    {
      // Drizzle: a write in a loop counts once, the write after it is the second
      code: code`
        import { Worker } from 'bullmq';
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { items, orders } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        new Worker('import', async (job) => {
          for (const item of job.data.items) {
            await db.insert(items).values(item);
          }
          await db.update(orders).set({ imported: true });
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 9, column: 9, suggestions: [
          { messageId: 'wrapInTransaction', output: code`
            import { Worker } from 'bullmq';
            import { drizzle } from 'drizzle-orm/node-postgres';
            import { items, orders } from './schema';
            const db = drizzle(process.env.DATABASE_URL!);
            new Worker('import', async (job) => {
              await db.transaction(async (tx) => {
                for (const item of job.data.items) {
                  await tx.insert(items).values(item);
                }
                await tx.update(orders).set({ imported: true });
              });
            });
          ` },
        ] },
      ],
    },
    {
      // TypeORM: repository and data-source manager, routed through the transaction manager
      code: code`
        import { Worker } from 'bullmq';
        import { DataSource } from 'typeorm';
        import { Account, Transfer } from './entities';
        const dataSource = new DataSource({ type: 'postgres' });
        const accounts = dataSource.getRepository(Account);
        new Worker('transfer', async (job) => {
          await accounts.update({ id: job.data.from }, { balance: job.data.newBalance });
          await dataSource.manager.insert(Transfer, { from: job.data.from, to: job.data.to });
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 8, column: 9, suggestions: [
          { messageId: 'wrapInTransaction', output: code`
            import { Worker } from 'bullmq';
            import { DataSource } from 'typeorm';
            import { Account, Transfer } from './entities';
            const dataSource = new DataSource({ type: 'postgres' });
            const accounts = dataSource.getRepository(Account);
            new Worker('transfer', async (job) => {
              await dataSource.transaction(async (manager) => {
                await manager.withRepository(accounts).update({ id: job.data.from }, { balance: job.data.newBalance });
                await manager.insert(Transfer, { from: job.data.from, to: job.data.to });
              });
            });
          ` },
        ] },
      ],
    },
    {
      // Kysely
      code: code`
        import { Worker } from 'bullmq';
        import { Kysely } from 'kysely';
        const db = new Kysely<any>({ dialect: undefined as never });
        new Worker('signup', async (job) => {
          await db.insertInto('users').values({ id: job.data.id }).execute();
          await db.insertInto('profiles').values({ userId: job.data.id }).execute();
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 6, column: 9, suggestions: [
          { messageId: 'wrapInTransaction', output: code`
            import { Worker } from 'bullmq';
            import { Kysely } from 'kysely';
            const db = new Kysely<any>({ dialect: undefined as never });
            new Worker('signup', async (job) => {
              await db.transaction().execute(async (trx) => {
                await trx.insertInto('users').values({ id: job.data.id }).execute();
                await trx.insertInto('profiles').values({ userId: job.data.id }).execute();
              });
            });
          ` },
        ] },
      ],
    },
    {
      // pg-boss handler, writes in a same-file helper: reported at the helper's line, no suggestion
      code: code`
        import { PgBoss } from 'pg-boss';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        const boss = new PgBoss('postgres://localhost/app');
        async function closeAccount(id: string) {
          await prisma.account.update({ where: { id }, data: { closedAt: new Date() } });
          await prisma.subscription.deleteMany({ where: { accountId: id } });
        }
        await boss.work('close-account', async ([job]) => {
          await closeAccount(job.data.id);
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 7, column: 9, data: {
          second: 'prisma.subscription.deleteMany',
          first: 'prisma.account.update',
          line: '6',
          job: "pg-boss job 'close-account'",
          via: ' (reached through `closeAccount()`)',
          layer: 'Prisma',
          how: ' (`prisma.$transaction(async (tx) => …)`, every write through `tx`)',
        } },
      ],
    },
    {
      // two separate transactions are not one
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('settle', async (job) => {
          await prisma.$transaction(async (tx) => {
            await tx.invoice.update({ where: { id: job.data.id }, data: { settled: true } });
          });
          await prisma.$transaction([prisma.ledger.create({ data: { invoiceId: job.data.id } })]);
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 8, column: 30 },
      ],
    },
    {
      // node-postgres: queries on a pool are separate transactions
      code: code`
        import { Worker } from 'bullmq';
        import { Pool } from 'pg';
        const pool = new Pool();
        new Worker('ledger', async (job) => {
          await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [job.data.balance, job.data.id]);
          await pool.query('INSERT INTO ledger (account_id, amount) VALUES ($1, $2)', [job.data.id, job.data.amount]);
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 6, column: 9 },
      ],
    },
    {
      // pool.query('BEGIN'): a broken transaction, reported once at BEGIN
      code: code`
        import { Worker } from 'bullmq';
        import { Pool } from 'pg';
        const pool = new Pool();
        new Worker('ledger', async (job) => {
          await pool.query('BEGIN');
          await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [job.data.balance, job.data.id]);
          await pool.query('INSERT INTO ledger (account_id, amount) VALUES ($1, $2)', [job.data.id, job.data.amount]);
          await pool.query('COMMIT');
        });
      `,
      output: null,
      errors: [
        { messageId: 'brokenTransaction', line: 5, column: 9 },
      ],
    },
    {
      // Redis writes outside MULTI
      code: code`
        import { Worker } from 'bullmq';
        import Redis from 'ioredis';
        const redis = new Redis();
        new Worker('leaderboard', async (job) => {
          await redis.hset(\`user:\${job.data.id}\`, 'score', job.data.score);
          await redis.zadd('leaderboard', job.data.score, job.data.id);
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 6, column: 9 },
      ],
    },
    {
      // A write after a manual transaction commits
      code: code`
        import { Worker } from 'bullmq';
        import knexFactory from 'knex';
        const knex = knexFactory({ client: 'pg' });
        new Worker('archive', async (job) => {
          const trx = await knex.transaction();
          await trx('orders').where({ id: job.data.id }).update({ archived: true });
          await trx.commit();
          await knex('archive_log').insert({ orderId: job.data.id });
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 8, column: 9 },
      ],
    },
    {
      // BEGIN through Prisma's pool is not a transaction either
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('ledger', async (job) => {
          await prisma.$executeRawUnsafe('BEGIN');
          await prisma.account.update({ where: { id: job.data.id }, data: { balance: job.data.balance } });
          await prisma.ledger.create({ data: { accountId: job.data.id } });
          await prisma.$executeRawUnsafe('COMMIT');
        });
      `,
      output: null,
      errors: [
        { messageId: 'brokenTransaction', line: 5, column: 9, data: {
          callee: "prisma.$executeRawUnsafe('BEGIN')",
          job: "BullMQ job 'ledger'",
          via: '',
          pool: 'prisma',
          fix: "Use Prisma's transaction instead: `prisma.$transaction(async (tx) => …)` with every query through `tx`.",
        } },
      ],
    },
    {
      // Updates of two records of one table (a transfer) are a pair
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        new Worker('transfer', async (job) => {
          await prisma.account.update({ where: { id: job.data.from }, data: { balance: job.data.fromBalance } });
          await prisma.account.update({ where: { id: job.data.to }, data: { balance: job.data.toBalance } });
        });
      `,
      output: null,
      errors: [
        { messageId: 'notAtomic', line: 6, column: 9, suggestions: [
          { messageId: 'wrapInTransaction', output: code`
            import { Worker } from 'bullmq';
            import { PrismaClient } from '@prisma/client';
            const prisma = new PrismaClient();
            new Worker('transfer', async (job) => {
              await prisma.$transaction(async (tx) => {
                await tx.account.update({ where: { id: job.data.from }, data: { balance: job.data.fromBalance } });
                await tx.account.update({ where: { id: job.data.to }, data: { balance: job.data.toBalance } });
              });
            });
          ` },
        ] },
      ],
    },
  ],
});
