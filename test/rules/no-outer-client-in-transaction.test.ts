import rule from '../../rules/no-outer-client-in-transaction.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('no-outer-client-in-transaction', rule, {
  valid: [
    // Every query through the transaction client
    code`
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      export async function pay(orderId: string) {
        await prisma.$transaction(async (tx) => {
          await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
          await tx.payment.create({ data: { orderId } });
        });
      }
    `,
    // The outer client after the transaction
    code`
      import knexFactory from 'knex';
      const knex = knexFactory({ client: 'pg' });
      export async function deactivate(id: number) {
        await knex.transaction(async (trx) => {
          await trx('users').where({ id }).update({ active: false });
        });
        await knex('audit_log').insert({ userId: id });
      }
    `,
    // A Prisma batch transaction is built from the outer client by design
    code`
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      export async function pay(orderId: string) {
        await prisma.$transaction([
          prisma.order.update({ where: { id: orderId }, data: { status: 'PAID' } }),
          prisma.payment.create({ data: { orderId } }),
        ]);
      }
    `,
    // Values derived from the transaction client (TypeORM repositories from the manager)
    code`
      import { DataSource } from 'typeorm';
      import { Account } from './entities';
      const dataSource = new DataSource({ type: 'postgres' });
      export async function close(id: number) {
        await dataSource.transaction(async (manager) => {
          const accounts = manager.getRepository(Account);
          await accounts.update({ id }, { closed: true });
          await manager.withRepository(dataSource.getRepository(Account)).delete({ id: 0 });
        });
      }
    `,
    // A helper that takes the client as a parameter
    code`
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      async function audit(db: PrismaClient, id: string) {
        await db.auditLog.create({ data: { entityId: id } });
      }
      export async function pay(orderId: string) {
        await prisma.$transaction(async (tx) => {
          await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
          await audit(tx as PrismaClient, orderId);
        });
      }
    `,
    // Sequelize with CLS enabled in the same file: every query of the callback joins without the option
    code`
      import { Sequelize, Model } from 'sequelize';
      import { createNamespace } from 'cls-hooked';
      Sequelize.useCLS(createNamespace('app'));
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      class Shipment extends Model {}
      export async function ship(id: number) {
        await sequelize.transaction(async () => {
          await Order.update({ status: 'SHIPPED' }, { where: { id } });
          await Shipment.create({ orderId: id });
        });
      }
    `,
    // CLS through sequelize-typescript's Sequelize class
    code`
      import { Sequelize, Model } from 'sequelize-typescript';
      import { createNamespace } from 'cls-hooked';
      Sequelize.useCLS(createNamespace('app'));
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      export async function ship(id: number) {
        await sequelize.transaction(async () => {
          await Order.update({ status: 'SHIPPED' }, { where: { id } });
        });
      }
    `,
    // CLS through the default import, called before the instance exists
    code`
      import Sequelize, { Model } from 'sequelize';
      import { createNamespace } from 'cls-hooked';
      Sequelize.useCLS(createNamespace('app'));
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      export async function ship(id: number) {
        await sequelize.transaction(async () => {
          await Order.destroy({ where: { id } });
        });
      }
    `,
    {
      // CLS enabled where the analysis cannot see it (another file): declared by the option
      code: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Order extends Model {}
        export async function ship(id: number) {
          await sequelize.transaction(async (t) => {
            await Order.findOne({ where: { id } });
            await Order.update({ status: 'SHIPPED' }, { where: { id } });
          });
        }
      `,
      options: [{ sequelizeCls: true }],
    },
    // Sequelize queries outside the transaction callback, and inside it with the option (also from a const object)
    code`
      import { Sequelize, Model } from 'sequelize';
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      export async function ship(id: number) {
        const order = await Order.findOne({ where: { id } });
        await sequelize.transaction(async (t) => {
          const options = { where: { id }, transaction: t };
          await Order.update({ status: 'SHIPPED' }, options);
          await Order.findByPk(id, { transaction: t, lock: true });
          await sequelize.query('UPDATE stock SET n = 0', { transaction: t });
        });
        await Order.update({ notified: true }, { where: { id: order?.get('id') } });
      }
    `,
    // Options the rule cannot read: a spread, a parameter; a helper that takes the transaction
    code`
      import { Sequelize, Model, type Transaction, type UpdateOptions } from 'sequelize';
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      async function mark(id: number, transaction: Transaction) {
        await Order.update({ marked: true }, { where: { id }, transaction });
      }
      export async function ship(id: number, options: UpdateOptions) {
        await sequelize.transaction(async (t) => {
          await Order.update({ status: 'SHIPPED' }, { ...options, where: { id } });
          await Order.update({ status: 'SHIPPED' }, options);
          await mark(id, t);
        });
      }
    `,
    // Mongoose with transactionAsyncLocalStorage: connection.transaction passes its session to every operation
    code`
      import mongoose from 'mongoose';
      mongoose.set('transactionAsyncLocalStorage', true);
      const Account = mongoose.model('Account', new mongoose.Schema({}));
      export async function close(id: string) {
        await mongoose.connection.transaction(async () => {
          await Account.updateOne({ _id: id }, { $set: { closed: true } });
          await Account.deleteMany({ parent: id });
        });
      }
    `,
    // The same setting in its object form, through a named import
    code`
      import { set, model, Schema, connection } from 'mongoose';
      set({ transactionAsyncLocalStorage: true });
      const Account = model('Account', new Schema({}));
      export async function close(id: string) {
        await connection.transaction(async () => {
          await Account.updateOne({ _id: id }, { $set: { closed: true } });
        });
      }
    `,
    {
      // transactionAsyncLocalStorage enabled in another file: declared by the option
      code: code`
        import mongoose from 'mongoose';
        const Account = mongoose.model('Account', new mongoose.Schema({}));
        export async function close(id: string) {
          await mongoose.connection.transaction(async () => {
            await Account.updateOne({ _id: id }, { $set: { closed: true } });
          });
        }
      `,
      options: [{ mongooseTransactionAsyncLocalStorage: true }],
    },
    // Mongoose: the session chained on the query, and a document loaded with the session saves in it
    code`
      import mongoose from 'mongoose';
      const Account = mongoose.model('Account', new mongoose.Schema({}));
      export async function close(id: string) {
        await mongoose.connection.transaction(async (session) => {
          const account = await Account.findOne({ _id: id }).session(session);
          await Account.updateMany({ parent: id }, { $set: { closed: true } }).session(session).exec();
          if (account) await account.save();
        });
      }
    `,
    // MongoDB driver: session.withTransaction without a parameter, queries pass the session it runs on
    code`
      import { MongoClient } from 'mongodb';
      const client = new MongoClient('mongodb://localhost');
      export async function move(id: string) {
        const session = client.startSession();
        await session.withTransaction(async () => {
          await client.db().collection('a').deleteOne({ _id: id }, { session });
          await client.db().collection('b').insertOne({ _id: id }, { session });
        });
        await client.db().collection('log').insertOne({ moved: id });
      }
    `,
    // mongoose.startSession + withTransaction, every operation passes the session
    code`
      import mongoose from 'mongoose';
      const Account = mongoose.model('Account', new mongoose.Schema({}));
      export async function close(id: string) {
        const session = await mongoose.startSession();
        await session.withTransaction(async () => {
          await Account.create([{ replacedBy: id }], { session });
          await Account.findById(id, null, { session });
        });
      }
    `,
    // Mongo queries that pass the session, also through a spread the rule cannot see
    code`
      import mongoose from 'mongoose';
      const Account = mongoose.model('Account', new mongoose.Schema({}));
      export async function close(id: string, options: object) {
        await mongoose.connection.transaction(async (session) => {
          await Account.updateOne({ _id: id }, { $set: { closed: true } }, { session });
          await Account.deleteMany({ parent: id }, { ...options });
        });
      }
    `,
    // A different data layer inside the transaction is not this rule's business
    code`
      import { PrismaClient } from '@prisma/client';
      import Redis from 'ioredis';
      const prisma = new PrismaClient();
      const redis = new Redis();
      export async function pay(orderId: string) {
        await prisma.$transaction(async (tx) => {
          await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
          await redis.get(\`order:\${orderId}\`);
        });
      }
    `,
    // A nested transaction through the transaction client
    code`
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { users, audit } from './schema';
      const db = drizzle(process.env.DATABASE_URL!);
      export async function rename(name: string) {
        await db.transaction(async (tx) => {
          await tx.update(users).set({ name });
          await tx.transaction(async (inner) => {
            await inner.insert(audit).values({ name });
          });
        });
      }
    `,
  ],
  invalid: [
    {
      // Prisma: the outer client inside $transaction; fixed to tx
      code: code`
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        export async function pay(orderId: string) {
          await prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
            await prisma.payment.create({ data: { orderId } });
          });
        }
      `,
      output: code`
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        export async function pay(orderId: string) {
          await prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
            await tx.payment.create({ data: { orderId } });
          });
        }
      `,
      errors: [
        { messageId: 'outerClient', line: 6, column: 11, data: {
          query: 'prisma.payment.create',
          via: '',
          open: 'prisma.$transaction',
          outer: 'prisma',
          client: 'tx',
          use: 'tx',
        } },
      ],
    },
    {
      // Knex: knex(...) inside knex.transaction, in a handler
      code: code`
        import { Worker } from 'bullmq';
        import knexFactory from 'knex';
        const knex = knexFactory({ client: 'pg' });
        new Worker('deactivate', async (job) => {
          await knex.transaction(async (trx) => {
            await trx('users').where({ id: job.data.id }).update({ active: false });
            await knex('audit_log').insert({ userId: job.data.id });
          });
        });
      `,
      output: code`
        import { Worker } from 'bullmq';
        import knexFactory from 'knex';
        const knex = knexFactory({ client: 'pg' });
        new Worker('deactivate', async (job) => {
          await knex.transaction(async (trx) => {
            await trx('users').where({ id: job.data.id }).update({ active: false });
            await trx('audit_log').insert({ userId: job.data.id });
          });
        });
      `,
      errors: [
        { messageId: 'outerClient', line: 7, column: 11 },
      ],
    },
    {
      // Drizzle: db.insert inside db.transaction, and a read
      code: code`
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { users, audit } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        export async function rename(id: number, name: string) {
          await db.transaction(async (tx) => {
            const rows = await db.select().from(users);
            await tx.update(users).set({ name });
            await db.insert(audit).values({ userId: id, count: rows.length });
          });
        }
      `,
      output: code`
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { users, audit } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        export async function rename(id: number, name: string) {
          await db.transaction(async (tx) => {
            const rows = await tx.select().from(users);
            await tx.update(users).set({ name });
            await tx.insert(audit).values({ userId: id, count: rows.length });
          });
        }
      `,
      errors: [
        { messageId: 'outerClient', line: 6, column: 24 },
        { messageId: 'outerClient', line: 8, column: 11 },
      ],
    },
    {
      // TypeORM: a global repository inside dataSource.transaction
      code: code`
        import { DataSource } from 'typeorm';
        import { Account } from './entities';
        const dataSource = new DataSource({ type: 'postgres' });
        const accounts = dataSource.getRepository(Account);
        export async function close(id: number) {
          await dataSource.transaction(async (manager) => {
            await manager.query('DELETE FROM sessions WHERE account_id = $1', [id]);
            await accounts.update({ id }, { closed: true });
          });
        }
      `,
      output: code`
        import { DataSource } from 'typeorm';
        import { Account } from './entities';
        const dataSource = new DataSource({ type: 'postgres' });
        const accounts = dataSource.getRepository(Account);
        export async function close(id: number) {
          await dataSource.transaction(async (manager) => {
            await manager.query('DELETE FROM sessions WHERE account_id = $1', [id]);
            await manager.withRepository(accounts).update({ id }, { closed: true });
          });
        }
      `,
      errors: [
        { messageId: 'outerClient', line: 8, column: 11, data: {
          query: 'accounts.update',
          via: '',
          open: 'dataSource.transaction',
          outer: 'accounts',
          client: 'manager',
          use: 'manager.withRepository(accounts)',
        } },
      ],
    },
    {
      // Kysely, in a class with the client in a field
      code: code`
        import { Kysely } from 'kysely';
        export class Users {
          private readonly db = new Kysely<any>({ dialect: undefined as never });
          async create(id: string) {
            await this.db.transaction().execute(async (trx) => {
              await trx.insertInto('users').values({ id }).execute();
              await this.db.insertInto('profiles').values({ userId: id }).execute();
            });
          }
        }
      `,
      output: code`
        import { Kysely } from 'kysely';
        export class Users {
          private readonly db = new Kysely<any>({ dialect: undefined as never });
          async create(id: string) {
            await this.db.transaction().execute(async (trx) => {
              await trx.insertInto('users').values({ id }).execute();
              await trx.insertInto('profiles').values({ userId: id }).execute();
            });
          }
        }
      `,
      errors: [
        { messageId: 'outerClient', line: 7, column: 13 },
      ],
    },
    {
      // A same-file helper that uses the outer client: reported in the helper, no fix
      code: code`
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        async function audit(id: string) {
          await prisma.auditLog.create({ data: { entityId: id } });
        }
        export async function pay(orderId: string) {
          await prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
            await audit(orderId);
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'outerClient', line: 4, column: 9, data: {
          query: 'prisma.auditLog.create',
          via: ' (reached through `audit()`)',
          open: 'prisma.$transaction',
          outer: 'prisma',
          client: 'tx',
          use: 'tx',
        } },
      ],
    },
    {
      // The callback does not take the transaction client
      code: code`
        import { PrismaClient } from '@prisma/client';
        const prisma = new PrismaClient();
        export async function pay(orderId: string) {
          await prisma.$transaction(async () => {
            await prisma.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'noClientParam', line: 5, column: 11 },
      ],
    },
    {
      // Sequelize without any { transaction } option and no CLS in sight: outside the transaction. The callback
      // does not take the transaction, so there is no fix. (Until the contract change this was a valid case: "the
      // rule does not guess"; rules.md reports a Sequelize query without { transaction: t } when CLS is not enabled.)
      code: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Order extends Model {}
        class Shipment extends Model {}
        export async function ship(id: number) {
          await sequelize.transaction(async () => {
            await Order.update({ status: 'SHIPPED' }, { where: { id } });
            await Shipment.create({ orderId: id });
          });
        }
      `,
      output: null,
      errors: [
        { messageId: 'noJoinOption', line: 7, column: 11, data: {
          query: 'Order.update',
          via: '',
          open: 'sequelize.transaction',
          option: 'transaction',
          implicit:
            " and the analysis sees no `Sequelize.useCLS(namespace)` that would join it implicitly (if that is set where the analysis cannot see it, set the rule's `sequelizeCls` option)",
          next: "Take the transaction as the callback's parameter and pass it as `transaction` in its options",
        } },
        { messageId: 'noJoinOption', line: 8, column: 11 },
      ],
    },
    {
      // A lone Sequelize write, a read and raw SQL without { transaction: t }: fixed to pass it
      code: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Item extends Model {}
        export async function route() {
          await sequelize.transaction(async (t) => {
            const item = await Item.findOne({ where: { id: 1 } });
            await Item.update({ a: 1 }, { where: { id: 1 } });
            await sequelize.query('UPDATE stock SET n = 0');
            return item;
          });
        }
      `,
      output: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Item extends Model {}
        export async function route() {
          await sequelize.transaction(async (t) => {
            const item = await Item.findOne({ where: { id: 1 }, transaction: t });
            await Item.update({ a: 1 }, { where: { id: 1 }, transaction: t });
            await sequelize.query('UPDATE stock SET n = 0', { transaction: t });
            return item;
          });
        }
      `,
      errors: [
        { messageId: 'noJoinOption', line: 6, column: 24 },
        { messageId: 'noJoinOption', line: 7, column: 11, data: {
          query: 'Item.update',
          via: '',
          open: 'sequelize.transaction',
          option: 'transaction',
          implicit:
            " and the analysis sees no `Sequelize.useCLS(namespace)` that would join it implicitly (if that is set where the analysis cannot see it, set the rule's `sequelizeCls` option)",
          next: 'Pass `transaction: t` in its options',
        } },
        { messageId: 'noJoinOption', line: 8, column: 11 },
      ],
    },
    {
      // useCLS on something that is not Sequelize's class does not enable CLS
      code: code`
        import { Sequelize, Model } from 'sequelize';
        const Cls = { useCLS(_: unknown) {} };
        Cls.useCLS({});
        const sequelize = new Sequelize('postgres://localhost/app');
        class Item extends Model {}
        export async function route() {
          await sequelize.transaction(async (t) => {
            await Item.destroy({ where: { id: 1 } });
          });
        }
      `,
      output: code`
        import { Sequelize, Model } from 'sequelize';
        const Cls = { useCLS(_: unknown) {} };
        Cls.useCLS({});
        const sequelize = new Sequelize('postgres://localhost/app');
        class Item extends Model {}
        export async function route() {
          await sequelize.transaction(async (t) => {
            await Item.destroy({ where: { id: 1 }, transaction: t });
          });
        }
      `,
      errors: [{ messageId: 'noJoinOption', line: 8, column: 11 }],
    },
    {
      // A same-file helper with a lone query, called from the callback: reported in the helper, no fix
      code: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Audit extends Model {}
        async function audit(id: number) {
          await Audit.create({ entityId: id });
        }
        export async function route(id: number) {
          await sequelize.transaction(async (t) => {
            await audit(id);
          });
        }
      `,
      output: null,
      errors: [{ messageId: 'noJoinOption', line: 5, column: 9, data: {
        query: 'Audit.create',
        via: ' (reached through `audit()`)',
        open: 'sequelize.transaction',
        option: 'transaction',
        implicit:
          " and the analysis sees no `Sequelize.useCLS(namespace)` that would join it implicitly (if that is set where the analysis cannot see it, set the rule's `sequelizeCls` option)",
        next: 'Pass `transaction: t` in its options',
      } }],
    },
    {
      // A lone Mongoose operation without { session } inside connection.transaction: fixed to pass it
      code: code`
        import mongoose from 'mongoose';
        const Doc = mongoose.model('Doc', new mongoose.Schema({}));
        export async function route() {
          await mongoose.connection.transaction(async (session) => {
            await Doc.updateOne({ _id: 1 }, { $set: { a: 1 } });
            await Doc.findById(1);
          });
        }
      `,
      output: code`
        import mongoose from 'mongoose';
        const Doc = mongoose.model('Doc', new mongoose.Schema({}));
        export async function route() {
          await mongoose.connection.transaction(async (session) => {
            await Doc.updateOne({ _id: 1 }, { $set: { a: 1 } }, { session });
            await Doc.findById(1);
          });
        }
      `,
      errors: [
        { messageId: 'noJoinOption', line: 5, column: 11, data: {
          query: 'Doc.updateOne',
          via: '',
          open: 'mongoose.connection.transaction',
          option: 'session',
          implicit:
            " and the analysis sees no `mongoose.set('transactionAsyncLocalStorage', true)` that would join it implicitly (if that is set where the analysis cannot see it, set the rule's `mongooseTransactionAsyncLocalStorage` option)",
          next: 'Pass `session` in its options',
        } },
        // findById(id, projection, options): the options go third, after a projection the fix would have to invent
        { messageId: 'noJoinOption', line: 6, column: 11 },
      ],
    },
    {
      // transactionAsyncLocalStorage turned off, and the setting does not reach session.withTransaction
      code: code`
        import mongoose from 'mongoose';
        mongoose.set('transactionAsyncLocalStorage', false);
        const Doc = mongoose.model('Doc', new mongoose.Schema({}));
        export async function route() {
          await mongoose.connection.transaction(async (session) => {
            await Doc.deleteOne({ _id: 1 });
          });
        }
      `,
      output: code`
        import mongoose from 'mongoose';
        mongoose.set('transactionAsyncLocalStorage', false);
        const Doc = mongoose.model('Doc', new mongoose.Schema({}));
        export async function route() {
          await mongoose.connection.transaction(async (session) => {
            await Doc.deleteOne({ _id: 1 }, { session });
          });
        }
      `,
      errors: [{ messageId: 'noJoinOption', line: 6, column: 11 }],
    },
    {
      // mongoose.startSession + withTransaction: transactionAsyncLocalStorage applies to connection.transaction only
      code: code`
        import mongoose from 'mongoose';
        mongoose.set('transactionAsyncLocalStorage', true);
        const Doc = mongoose.model('Doc', new mongoose.Schema({}));
        export async function route() {
          const session = await mongoose.startSession();
          await session.withTransaction(async () => {
            await Doc.insertMany([{ a: 1 }]);
          });
        }
      `,
      output: code`
        import mongoose from 'mongoose';
        mongoose.set('transactionAsyncLocalStorage', true);
        const Doc = mongoose.model('Doc', new mongoose.Schema({}));
        export async function route() {
          const session = await mongoose.startSession();
          await session.withTransaction(async () => {
            await Doc.insertMany([{ a: 1 }], { session });
          });
        }
      `,
      errors: [{ messageId: 'noJoinOption', line: 7, column: 11, data: {
        query: 'Doc.insertMany',
        via: '',
        open: 'session.withTransaction',
        option: 'session',
        implicit: '',
        next: 'Pass `session` in its options',
      } }],
    },
    {
      // MongoDB driver: a lone collection operation without { session } inside session.withTransaction
      code: code`
        import { MongoClient } from 'mongodb';
        const client = new MongoClient('mongodb://localhost');
        export async function move(id: string) {
          const session = client.startSession();
          await session.withTransaction(async () => {
            await client.db().collection('b').insertOne({ _id: id });
            await client.db().collection('a').updateOne({ _id: id }, { $set: { moved: true } }, { upsert: true });
          });
        }
      `,
      output: code`
        import { MongoClient } from 'mongodb';
        const client = new MongoClient('mongodb://localhost');
        export async function move(id: string) {
          const session = client.startSession();
          await session.withTransaction(async () => {
            await client.db().collection('b').insertOne({ _id: id }, { session });
            await client.db().collection('a').updateOne({ _id: id }, { $set: { moved: true } }, { upsert: true, session });
          });
        }
      `,
      errors: [
        { messageId: 'noJoinOption', line: 6, column: 11 },
        { messageId: 'noJoinOption', line: 7, column: 11 },
      ],
    },
    {
      // Sequelize: a query without { transaction: t } while others pass it
      code: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Order extends Model {}
        class Shipment extends Model {}
        export async function ship(id: number) {
          await sequelize.transaction(async (t) => {
            await Order.update({ status: 'SHIPPED' }, { where: { id }, transaction: t });
            await Shipment.create({ orderId: id });
            await Shipment.destroy({ where: { orderId: 0 } });
          });
        }
      `,
      output: code`
        import { Sequelize, Model } from 'sequelize';
        const sequelize = new Sequelize('postgres://localhost/app');
        class Order extends Model {}
        class Shipment extends Model {}
        export async function ship(id: number) {
          await sequelize.transaction(async (t) => {
            await Order.update({ status: 'SHIPPED' }, { where: { id }, transaction: t });
            await Shipment.create({ orderId: id }, { transaction: t });
            await Shipment.destroy({ where: { orderId: 0 }, transaction: t });
          });
        }
      `,
      errors: [
        { messageId: 'missingJoinOption', line: 8, column: 11, data: {
          query: 'Shipment.create',
          via: '',
          open: 'sequelize.transaction',
          option: 'transaction',
          client: 't',
        } },
        { messageId: 'missingJoinOption', line: 9, column: 11 },
      ],
    },
    {
      // Mongoose and MongoDB: queries without { session }
      code: code`
        import mongoose from 'mongoose';
        import { MongoClient } from 'mongodb';
        const Account = mongoose.model('Account', new mongoose.Schema({}));
        const client = new MongoClient('mongodb://localhost');
        export async function close(id: string) {
          await mongoose.connection.transaction(async (session) => {
            await Account.updateOne({ _id: id }, { $set: { closed: true } }, { session });
            await Account.create([{ replacedBy: id }]);
            await Account.create({ replacedBy: id });
          });
        }
        export async function move(id: string) {
          const session = client.startSession();
          await session.withTransaction(async (s) => {
            await client.db().collection('a').deleteOne({ _id: id }, { session: s });
            await client.db().collection('b').insertOne({ _id: id });
          });
        }
      `,
      output: code`
        import mongoose from 'mongoose';
        import { MongoClient } from 'mongodb';
        const Account = mongoose.model('Account', new mongoose.Schema({}));
        const client = new MongoClient('mongodb://localhost');
        export async function close(id: string) {
          await mongoose.connection.transaction(async (session) => {
            await Account.updateOne({ _id: id }, { $set: { closed: true } }, { session });
            await Account.create([{ replacedBy: id }], { session });
            await Account.create({ replacedBy: id });
          });
        }
        export async function move(id: string) {
          const session = client.startSession();
          await session.withTransaction(async (s) => {
            await client.db().collection('a').deleteOne({ _id: id }, { session: s });
            await client.db().collection('b').insertOne({ _id: id }, { session: s });
          });
        }
      `,
      errors: [
        { messageId: 'missingJoinOption', line: 8, column: 11 },
        { messageId: 'missingJoinOption', line: 9, column: 11 },
        { messageId: 'missingJoinOption', line: 16, column: 11 },
      ],
    },
  ],
});
