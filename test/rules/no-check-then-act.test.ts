import rule from '../../rules/no-check-then-act.js';
import { code, createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

const prismaWorker = (body: string): string => code`
  import { Worker } from 'bullmq';
  import { PrismaClient } from '@prisma/client';
  const prisma = new PrismaClient();
  new Worker('signup', async (job) => {
    ${body}
  });
`;

ruleTester.run('no-check-then-act', rule, {
  valid: [
    // An atomic upsert instead of the pair.
    prismaWorker(code`
      await prisma.user.upsert({ where: { email: job.data.email }, create: { email: job.data.email }, update: {} });
    `),
    // createMany with skipDuplicates.
    prismaWorker(code`
      const existing = await prisma.tag.findMany({ where: { name: { in: job.data.tags } } });
      if (existing.length < job.data.tags.length) {
        await prisma.tag.createMany({ data: job.data.tags.map((name: string) => ({ name })), skipDuplicates: true });
      }
    `),
    // Catching the unique violation.
    prismaWorker(code`
      const existing = await prisma.user.findUnique({ where: { email: job.data.email } });
      if (!existing) {
        try {
          await prisma.user.create({ data: { email: job.data.email } });
        } catch (error) {
          if ((error as { code?: string }).code !== 'P2002') throw error;
        }
      }
    `),
    // A status check that guards an effect, then marks the row (guard-then-mark): accepted by default.
    code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import nodemailer from 'nodemailer';
      const prisma = new PrismaClient();
      const transporter = nodemailer.createTransport({});
      new Worker('digest', async (job) => {
        const sent = await prisma.emailLog.findUnique({ where: { key: job.id! } });
        if (sent) return;
        await transporter.sendMail({ to: job.data.email, subject: 'Digest' });
        await prisma.emailLog.create({ data: { key: job.id! } });
      });
    `,
    // A status check followed by a status update (a state transition, not a read-modify-write).
    prismaWorker(code`
      const order = await prisma.order.findUniqueOrThrow({ where: { id: job.data.orderId } });
      if (order.status !== 'PAID') return;
      await prisma.order.update({ where: { id: order.id }, data: { status: 'SHIPPED' } });
    `),
    // A `findUnique` whose result is only logged.
    prismaWorker(code`
      const before = await prisma.user.findUnique({ where: { email: job.data.email } });
      console.log('before', before);
      await prisma.auditLog.create({ data: { email: job.data.email } });
    `),
    // An entity lookup decides an insert into another table.
    prismaWorker(code`
      const user = await prisma.user.findUnique({ where: { id: job.data.userId } });
      if (!user) return;
      await prisma.order.create({ data: { userId: user.id, total: job.data.total } });
    `),
    // Arithmetic done by the database, not from the read.
    prismaWorker(code`
      const account = await prisma.account.findUniqueOrThrow({ where: { id: job.data.id } });
      if (account.balance < job.data.amount) return;
      await prisma.account.updateMany({ where: { id: account.id, balance: { gte: job.data.amount } }, data: { balance: { decrement: job.data.amount } } });
    `),
    // A lookup of one row that must exist, then an insert of another row of the same table.
    prismaWorker(code`
      const referrer = await prisma.user.findUnique({ where: { id: job.data.referrerId } });
      if (!referrer) return;
      await prisma.user.create({ data: { email: job.data.email, referredById: referrer.id } });
    `),
    // A computed value from another table's row is not a lost update of that row.
    prismaWorker(code`
      const product = await prisma.product.findUniqueOrThrow({ where: { id: job.data.productId } });
      await prisma.order.update({ where: { id: job.data.orderId }, data: { total: product.price * job.data.qty } });
    `),
    // SELECT … FOR UPDATE inside a transaction.
    code`
      import { Worker } from 'bullmq';
      import knex from 'knex';
      const db = knex({ client: 'pg' });
      new Worker('withdraw', async (job) => {
        await db.transaction(async (trx) => {
          const account = await trx('accounts').where({ id: job.data.id }).forUpdate().first();
          await trx('accounts').where({ id: job.data.id }).update({ balance: account.balance - job.data.amount });
        });
      });
    `,
    // node-postgres: SELECT … FOR UPDATE on a client checked out for a BEGIN … COMMIT transaction.
    code`
      import { Worker } from 'bullmq';
      import { Pool } from 'pg';
      const pool = new Pool();
      new Worker('withdraw', async (job) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [job.data.id]);
          await client.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - job.data.amount, job.data.id]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      });
    `,
    // node-postgres: a read of one table deciding an insert into another is an entity lookup.
    code`
      import { Worker } from 'bullmq';
      import { Pool } from 'pg';
      const pool = new Pool();
      new Worker('orders', async (job) => {
        const { rows } = await pool.query('SELECT id FROM users WHERE id = $1', [job.data.userId]);
        if (rows.length === 0) return;
        await pool.query('INSERT INTO orders (user_id) VALUES ($1)', [job.data.userId]);
      });
    `,
    // Drizzle onConflictDoNothing and Knex onConflict().ignore().
    code`
      import { Worker } from 'bullmq';
      import { drizzle } from 'drizzle-orm/node-postgres';
      import { eq } from 'drizzle-orm';
      import knex from 'knex';
      import { users } from './schema';
      const db = drizzle(process.env.DATABASE_URL!);
      const kx = knex({ client: 'pg' });
      new Worker('import', async (job) => {
        const [found] = await db.select().from(users).where(eq(users.email, job.data.email));
        if (!found) await db.insert(users).values({ email: job.data.email }).onConflictDoNothing();
        const row = await kx('users').where({ email: job.data.email }).first();
        if (!row) await kx('users').insert({ email: job.data.email }).onConflict('email').ignore();
      });
    `,
    // Mongo upsert option and SQL ON CONFLICT DO NOTHING.
    code`
      import { Worker } from 'bullmq';
      import { MongoClient } from 'mongodb';
      import { Pool } from 'pg';
      const users = new MongoClient('mongodb://localhost').db('app').collection('users');
      const pool = new Pool();
      new Worker('import', async (job) => {
        const user = await users.findOne({ email: job.data.email });
        if (!user) await users.updateOne({ email: job.data.email }, { $setOnInsert: { email: job.data.email } }, { upsert: true });
        const { rows } = await pool.query('SELECT id FROM users WHERE email = $1', [job.data.email]);
        if (rows.length === 0) await pool.query('INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING', [job.data.email]);
      });
    `,
    // Sequelize findOrCreate inside a transaction: one call, no pair.
    code`
      import { Worker } from 'bullmq';
      import { Sequelize, Model } from 'sequelize';
      const sequelize = new Sequelize('postgres://localhost/app');
      class User extends Model {}
      new Worker('import', async (job) => {
        await sequelize.transaction(async (t) => {
          await User.findOrCreate({ where: { email: job.data.email }, transaction: t });
        });
      });
    `,
    // A status check, then saving the same row (Sequelize, TypeORM, Mongoose): a state transition.
    code`
      import { Worker } from 'bullmq';
      import { Sequelize, Model } from 'sequelize';
      import { DataSource } from 'typeorm';
      import { model, Schema } from 'mongoose';
      import { Ticket } from './entities';
      const sequelize = new Sequelize('postgres://localhost/app');
      class Order extends Model {}
      const tickets = new DataSource({ type: 'postgres' }).getRepository(Ticket);
      const Shipment = model('Shipment', new Schema({ status: String }));
      new Worker('ship', async (job) => {
        const order = await Order.findByPk(job.data.orderId);
        if (!order || order.get('status') !== 'PAID') return;
        order.set('status', 'SHIPPED');
        await order.save();
        const ticket = await tickets.findOneByOrFail({ id: job.data.ticketId });
        if (ticket.closed) return;
        ticket.closed = true;
        await tickets.save(ticket);
        const shipment = await Shipment.findById(job.data.shipmentId);
        if (shipment?.status === 'SENT') return;
        shipment!.status = 'SENT';
        await shipment!.save();
      });
    `,
    // Redis: SET NX instead of GET then SET.
    code`
      import { Worker } from 'bullmq';
      import Redis from 'ioredis';
      const redis = new Redis();
      new Worker('lock', async (job) => {
        const owner = await redis.get(\`owner:\${job.data.id}\`);
        console.log('previous owner', owner);
        await redis.set(\`owner:\${job.data.id}\`, String(job.id), 'NX');
      });
    `,
    // Not a job.
    code`
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      export async function signup(email: string) {
        const existing = await prisma.user.findUnique({ where: { email } });
        if (!existing) await prisma.user.create({ data: { email } });
      }
    `,
  ],
  invalid: [
    {
      // Prisma findUnique + create, exact shape: autofix to upsert.
      code: prismaWorker(code`
        const existing = await prisma.user.findUnique({ where: { email: job.data.email } });
        if (!existing) {
          await prisma.user.create({ data: { email: job.data.email, name: job.data.name } });
        }
        await prisma.auditLog.create({ data: { action: 'signup' } });
      `),
      output: prismaWorker(code`
        await prisma.user.upsert({ where: { email: job.data.email }, create: { email: job.data.email, name: job.data.name }, update: {} });
        await prisma.auditLog.create({ data: { action: 'signup' } });
      `),
      errors: [
        {
          messageId: 'checkThenInsert',
          line: 7,
          column: 11,
          data: {
            write: '`prisma.user.create`',
            read: '`prisma.user.findUnique`',
            line: '5',
            job: "BullMQ job 'signup'",
            via: '',
            hint: 'Use `upsert` on the unique key (`prisma.user.upsert({ where, create, update: {} })`) or catch the unique violation (`P2002`)',
          },
        },
      ],
    },
    {
      // `if (x) return; create(...)` with the variable used later: a suggestion, no autofix.
      code: prismaWorker(code`
        const existing = await prisma.user.findUnique({ where: { email: job.data.email } });
        if (existing) return existing.id;
        await prisma.user.create({ data: { email: job.data.email } });
      `),
      errors: [
        {
          messageId: 'checkThenInsert',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useUpsert',
              data: { replacement: 'prisma.user.upsert({ where, create, update: {} })' },
              output: prismaWorker(code`
                const existing = await prisma.user.findUnique({ where: { email: job.data.email } });
                if (existing) return existing.id;
                await prisma.user.upsert({ where: { email: job.data.email }, create: { email: job.data.email }, update: {} });
              `),
            },
          ],
        },
      ],
    },
    {
      // count === 0 → insert; findFirst (not unique): suggestion only.
      code: prismaWorker(code`
        const count = await prisma.subscription.count({ where: { userId: job.data.userId } });
        if (count === 0) {
          await prisma.subscription.create({ data: { userId: job.data.userId, plan: 'FREE' } });
        }
        const trial = await prisma.trial.findFirst({ where: { userId: job.data.userId } });
        if (!trial) await prisma.trial.create({ data: { userId: job.data.userId } });
      `),
      errors: [
        { messageId: 'checkThenInsert', line: 7, column: 11, suggestions: [] },
        {
          messageId: 'checkThenInsert',
          line: 10,
          column: 21,
          suggestions: [
            {
              messageId: 'useUpsert',
              output: prismaWorker(code`
                const count = await prisma.subscription.count({ where: { userId: job.data.userId } });
                if (count === 0) {
                  await prisma.subscription.create({ data: { userId: job.data.userId, plan: 'FREE' } });
                }
                const trial = await prisma.trial.findFirst({ where: { userId: job.data.userId } });
                if (!trial) await prisma.trial.upsert({ where: { userId: job.data.userId }, create: { userId: job.data.userId }, update: {} });
              `),
            },
          ],
        },
      ],
    },
    {
      // Read a balance, write balance − n: a lost update.
      code: prismaWorker(code`
        const account = await prisma.account.findUniqueOrThrow({ where: { id: job.data.accountId } });
        await prisma.account.update({ where: { id: account.id }, data: { balance: account.balance - job.data.amount } });
      `),
      errors: [
        {
          messageId: 'readModifyWrite',
          line: 6,
          column: 9,
          data: {
            write: '`prisma.account.update`',
            read: '`prisma.account.findUniqueOrThrow`',
            line: '5',
            job: "BullMQ job 'signup'",
            via: '',
            hint: 'Let the database do the arithmetic in one statement (`prisma.account.updateMany({ where: { id, balance: { gte: n } }, data: { balance: { decrement: n } } })`, checking `count`), or read with `SELECT … FOR UPDATE` inside `$transaction`',
          },
        },
      ],
    },
    {
      // The hint names the user's column and the direction of the change.
      code: prismaWorker(code`
        const wallet = await prisma.wallet.findUniqueOrThrow({ where: { id: job.data.walletId } });
        await prisma.wallet.update({ where: { id: wallet.id }, data: { credits: wallet.credits + 10 } });
      `),
      errors: [
        {
          messageId: 'readModifyWrite',
          line: 6,
          column: 9,
          data: {
            write: '`prisma.wallet.update`',
            read: '`prisma.wallet.findUniqueOrThrow`',
            line: '5',
            job: "BullMQ job 'signup'",
            via: '',
            hint: 'Let the database do the arithmetic in one statement (`prisma.wallet.updateMany({ where: { id }, data: { credits: { increment: n } } })`, checking `count`), or read with `SELECT … FOR UPDATE` inside `$transaction`',
          },
        },
      ],
    },
    {
      // A transaction without a lock does not make the pair atomic.
      code: prismaWorker(code`
        await prisma.$transaction(async (tx) => {
          const stock = await tx.stock.findUniqueOrThrow({ where: { sku: job.data.sku } });
          await tx.stock.update({ where: { sku: job.data.sku }, data: { quantity: stock.quantity - job.data.qty } });
        });
      `),
      errors: [{ messageId: 'readModifyWrite', line: 7, column: 11 }],
    },
    {
      // Drizzle: suggestion onConflictDoNothing.
      code: code`
        import { Worker } from 'bullmq';
        import { drizzle } from 'drizzle-orm/node-postgres';
        import { eq } from 'drizzle-orm';
        import { users } from './schema';
        const db = drizzle(process.env.DATABASE_URL!);
        new Worker('import', async (job) => {
          const [found] = await db.select().from(users).where(eq(users.email, job.data.email));
          if (!found) await db.insert(users).values({ email: job.data.email });
        });
      `,
      errors: [
        {
          messageId: 'checkThenInsert',
          line: 8,
          column: 21,
          suggestions: [
            {
              messageId: 'useOnConflict',
              data: { clause: '.onConflictDoNothing()' },
              output: code`
                import { Worker } from 'bullmq';
                import { drizzle } from 'drizzle-orm/node-postgres';
                import { eq } from 'drizzle-orm';
                import { users } from './schema';
                const db = drizzle(process.env.DATABASE_URL!);
                new Worker('import', async (job) => {
                  const [found] = await db.select().from(users).where(eq(users.email, job.data.email));
                  if (!found) await db.insert(users).values({ email: job.data.email }).onConflictDoNothing();
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // Knex: suggestion onConflict([...]).ignore() with the checked columns.
      code: code`
        import PgBoss from 'pg-boss';
        import knex from 'knex';
        const db = knex({ client: 'pg' });
        const boss = new PgBoss('postgres://localhost/app');
        await boss.work('import', async ([job]) => {
          const row = await db('users').where({ email: job.data.email }).first();
          if (!row) {
            await db('users').insert({ email: job.data.email });
          }
        });
      `,
      errors: [
        {
          messageId: 'checkThenInsert',
          line: 8,
          column: 11,
          data: {
            write: "`db('users').insert`",
            read: "`db('users').where({email:job.data.email}).first`",
            line: '6',
            job: "pg-boss job 'import'",
            via: '',
            hint: 'Insert with `.onConflict([<unique columns>]).ignore()` against a unique index',
          },
          suggestions: [
            {
              messageId: 'useOnConflict',
              data: { clause: ".onConflict(['email']).ignore()" },
              output: code`
                import PgBoss from 'pg-boss';
                import knex from 'knex';
                const db = knex({ client: 'pg' });
                const boss = new PgBoss('postgres://localhost/app');
                await boss.work('import', async ([job]) => {
                  const row = await db('users').where({ email: job.data.email }).first();
                  if (!row) {
                    await db('users').insert({ email: job.data.email }).onConflict(['email']).ignore();
                  }
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // MongoDB: suggestion updateOne with $setOnInsert.
      code: code`
        import { Worker } from 'bullmq';
        import { MongoClient } from 'mongodb';
        const users = new MongoClient('mongodb://localhost').db('app').collection('users');
        new Worker('import', async (job) => {
          const user = await users.findOne({ email: job.data.email });
          if (user === null) await users.insertOne({ email: job.data.email, source: 'import' });
        });
      `,
      errors: [
        {
          messageId: 'checkThenInsert',
          line: 6,
          column: 28,
          suggestions: [
            {
              messageId: 'useSetOnInsert',
              output: code`
                import { Worker } from 'bullmq';
                import { MongoClient } from 'mongodb';
                const users = new MongoClient('mongodb://localhost').db('app').collection('users');
                new Worker('import', async (job) => {
                  const user = await users.findOne({ email: job.data.email });
                  if (user === null) await users.updateOne({ email: job.data.email }, { $setOnInsert: { email: job.data.email, source: 'import' } }, { upsert: true });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // Kysely: suggestion onConflict doNothing.
      code: code`
        import { Worker } from 'bullmq';
        import { Kysely } from 'kysely';
        const db = new Kysely<any>({ dialect: {} as any });
        new Worker('import', async (job) => {
          const found = await db.selectFrom('users').select('id').where('email', '=', job.data.email).executeTakeFirst();
          if (!found) await db.insertInto('users').values({ email: job.data.email }).execute();
        });
      `,
      errors: [
        {
          messageId: 'checkThenInsert',
          line: 6,
          column: 21,
          suggestions: [
            {
              messageId: 'useOnConflict',
              data: { clause: '.onConflict((oc) => oc.doNothing())' },
              output: code`
                import { Worker } from 'bullmq';
                import { Kysely } from 'kysely';
                const db = new Kysely<any>({ dialect: {} as any });
                new Worker('import', async (job) => {
                  const found = await db.selectFrom('users').select('id').where('email', '=', job.data.email).executeTakeFirst();
                  if (!found) await db.insertInto('users').values({ email: job.data.email }).onConflict((oc) => oc.doNothing()).execute();
                });
              `,
            },
          ],
        },
      ],
    },
    {
      // TypeORM: mutate then save (read-modify-write), and a repository check-then-insert.
      code: code`
        import { Worker } from 'bullmq';
        import { DataSource } from 'typeorm';
        import { Wallet, Member } from './entities';
        const dataSource = new DataSource({ type: 'postgres' });
        const wallets = dataSource.getRepository(Wallet);
        const members = dataSource.getRepository(Member);
        new Worker('wallet', async (job) => {
          const wallet = await wallets.findOneByOrFail({ id: job.data.walletId });
          wallet.balance -= job.data.amount;
          await wallets.save(wallet);
          const member = await members.findOneBy({ email: job.data.email });
          if (!member) await members.insert({ email: job.data.email });
        });
      `,
      errors: [
        { messageId: 'readModifyWrite', line: 10, column: 9 },
        { messageId: 'checkThenInsert', line: 12, column: 22 },
      ],
    },
    {
      // Sequelize and node-postgres, in a same-file helper.
      code: code`
        import { Worker } from 'bullmq';
        import { Sequelize, Model } from 'sequelize';
        import { Pool } from 'pg';
        const sequelize = new Sequelize('postgres://localhost/app');
        const pool = new Pool();
        class Invite extends Model {}
        async function ensureInvite(email: string) {
          const invite = await Invite.findOne({ where: { email } });
          if (!invite) await Invite.create({ email });
          const { rowCount } = await pool.query('SELECT 1 FROM seats WHERE email = $1', [email]);
          if (rowCount === 0) await pool.query('INSERT INTO seats (email) VALUES ($1)', [email]);
        }
        new Worker('invites', async (job) => {
          await ensureInvite(job.data.email);
        });
      `,
      errors: [
        { messageId: 'checkThenInsert', line: 9, column: 22, data: { write: '`Invite.create`', read: '`Invite.findOne`', line: '8', job: "BullMQ job 'invites'", via: ' (reached through `ensureInvite()`)', hint: 'Add a unique index and catch `UniqueConstraintError`, or use `findOrCreate` inside a transaction' } },
        { messageId: 'checkThenInsert', line: 11, column: 29 },
      ],
    },
    {
      // node-postgres: the same lock through the pool is not a transaction (each query may use another connection).
      code: code`
        import { Worker } from 'bullmq';
        import { Pool } from 'pg';
        const pool = new Pool();
        new Worker('withdraw', async (job) => {
          const { rows } = await pool.query('SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [job.data.id]);
          await pool.query('UPDATE accounts SET balance = $1 WHERE id = $2', [rows[0].balance - job.data.amount, job.data.id]);
        });
      `,
      errors: [
        {
          messageId: 'readModifyWrite',
          line: 6,
          column: 9,
          data: {
            write: '`pool.query`',
            read: '`pool.query`',
            line: '5',
            job: "BullMQ job 'withdraw'",
            via: '',
            hint: 'Let the database do the arithmetic in one statement (`UPDATE … SET balance = balance - $1 WHERE id = $2 AND balance >= $1`), or read the row with a lock (`FOR UPDATE`) in the same transaction',
          },
        },
      ],
    },
    {
      // Redis read-modify-write.
      code: code`
        import { Worker } from 'bullmq';
        import Redis from 'ioredis';
        const redis = new Redis();
        new Worker('quota', async (job) => {
          const used = await redis.get(\`quota:\${job.data.userId}\`);
          await redis.set(\`quota:\${job.data.userId}\`, String(Number(used) + job.data.cost));
        });
      `,
      errors: [{ messageId: 'readModifyWrite', line: 6, column: 9 }],
    },
    {
      // checkGuards: the guard-then-mark sequence is reported with an atomic-claim hint.
      code: code`
        import { Worker } from 'bullmq';
        import { PrismaClient } from '@prisma/client';
        import nodemailer from 'nodemailer';
        const prisma = new PrismaClient();
        const transporter = nodemailer.createTransport({});
        new Worker('digest', async (job) => {
          const sent = await prisma.emailLog.findUnique({ where: { key: job.id! } });
          if (sent) return;
          await transporter.sendMail({ to: job.data.email, subject: 'Digest' });
          await prisma.emailLog.create({ data: { key: job.id! } });
        });
      `,
      options: [{ checkGuards: true }],
      errors: [
        {
          messageId: 'nonAtomicGuard',
          line: 10,
          column: 9,
          data: {
            write: '`prisma.emailLog.create`',
            read: '`prisma.emailLog.findUnique`',
            line: '7',
            job: "BullMQ job 'digest'",
            via: '',
            hint: 'An `updateMany`/`UPDATE … WHERE <not yet done>` whose count you check, an insert of a unique key whose duplicate you catch, or `SET key NX`',
          },
        },
      ],
    },
  ],
});
