/** The data-layer catalogue entries, matched through the model: which calls are reads, writes, relative updates. */
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { getFileModel } from '../../src/analysis/model.js';
import { code } from '../rule-tester.js';

/** `op name` for every data operation of the file's only handler (`r` marks a relative update). */
function ops(source: string): string[] {
  const file = ts.createSourceFile('job.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const model = getFileModel(ts, file);
  expect(model.handlers).toHaveLength(1);
  return model
    .operations(model.handlers[0]!)
    .filter((op) => op.role.role === 'data' || op.role.role === 'transaction')
    .map((op) => {
      if (op.role.role === 'transaction') return `tx ${op.role.entry.id}`;
      if (op.role.role !== 'data') return '';
      const name = op.callee.path[op.callee.path.length - 1];
      return `${op.kind} ${op.role.entry.id}.${name}${op.role.spec.relative ? ' r' : ''}${op.transaction ? ' in-tx' : ''}`;
    });
}

const worker = (body: string, imports: string): string => code`
  import { Worker } from 'bullmq';
  ${imports}
  new Worker('q', async (job) => {
    ${body}
  });
`;

describe('data layers', () => {
  it('TypeORM: repositories, managers, active record, query builders, callback and manual transactions', () => {
    expect(
      ops(
        worker(
          code`
            const repo = dataSource.getRepository(Account);
            const account = await repo.findOneBy({ id: job.data.id });
            await repo.increment({ id: job.data.id }, 'credits', 5);
            await dataSource.manager.save(Account, { id: 1 });
            await Account.findOneBy({ id: 1 });
            await this.users.update({ id: 1 }, { n: 2 });
            await repo.createQueryBuilder().update(Account).set({ n: () => 'n + 1' }).execute();
            await dataSource.transaction(async (manager) => { await manager.insert(Account, { id: 2 }); });
            const qr = dataSource.createQueryRunner();
            await qr.manager.delete(Account, { id: 3 });
          `,
          code`
            import { DataSource, BaseEntity } from 'typeorm';
            const dataSource = new DataSource({ type: 'postgres' });
            class Account extends BaseEntity {}
          `,
        ),
      ),
    ).toEqual([
      'read typeorm.findOneBy',
      'write typeorm.increment r',
      'write typeorm.save',
      'read typeorm.findOneBy',
      'write typeorm.update r',
      'tx typeorm',
      'write typeorm.insert in-tx',
      'write typeorm.delete',
    ]);
  });

  it('Sequelize: models by define and by class, instances, managed transactions', () => {
    expect(
      ops(
        worker(
          code`
            const user = await User.findByPk(job.data.id);
            await user.increment('visits');
            await Post.increment({ views: 1 }, { where: { id: 1 } });
            await sequelize.transaction(async (t) => { await Post.create({ id: 1 }, { transaction: t }); });
            await sequelize.query('UPDATE posts SET views = views + 1');
          `,
          code`
            import { Sequelize, Model, DataTypes } from 'sequelize';
            const sequelize = new Sequelize('postgres://');
            class User extends Model {}
            const Post = sequelize.define('Post', { views: DataTypes.INTEGER });
          `,
        ),
      ),
    ).toEqual([
      'read sequelize.findByPk',
      'write sequelize.increment r',
      'write sequelize.increment r',
      'tx sequelize',
      'write sequelize.create in-tx',
      'write sequelize.query',
    ]);
  });

  it('Kysely: builders, transaction().execute(cb), startTransaction', () => {
    expect(
      ops(
        worker(
          code`
            await db.selectFrom('person').selectAll().executeTakeFirst();
            await db.updateTable('person').set((eb) => ({ n: eb('n', '+', 1) })).execute();
            await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
              await trx.insertInto('pet').values({ name: 'x' }).execute();
            });
            const trx = await db.startTransaction().execute();
            await trx.deleteFrom('pet').execute();
            await trx.commit().execute();
          `,
          code`
            import { Kysely } from 'kysely';
            const db = new Kysely<any>({ dialect: {} as any });
          `,
        ),
      ),
    ).toEqual([
      'read kysely.selectFrom',
      'write kysely.updateTable r',
      'tx kysely',
      'write kysely.insertInto in-tx',
      'write kysely.deleteFrom',
    ]);
  });

  it('Mongoose and the MongoDB driver: models, collections, sessions', () => {
    expect(
      ops(
        worker(
          code`
            await User.updateOne({ _id: 1 }, { $inc: { n: 1 } });
            const doc = await User.findById(1);
            await doc.save();
            await mongoose.connection.transaction(async (session) => {
              await User.create([{ name: 'a' }], { session });
            });
            const users = client.db('app').collection('users');
            await users.findOneAndUpdate({ _id: 1 }, { $set: { a: 1 } }, { upsert: true });
            const session = client.startSession();
            await session.withTransaction(async () => { await users.insertOne({ a: 1 }, { session }); });
          `,
          code`
            import mongoose, { model, Schema } from 'mongoose';
            import { MongoClient } from 'mongodb';
            const User = model('User', new Schema({}));
            const client = new MongoClient('mongodb://');
          `,
        ),
      ),
    ).toEqual([
      'write mongoose.updateOne r',
      'read mongoose.findById',
      'write mongoose.save',
      'tx mongoose',
      'write mongoose.create in-tx',
      'write mongodb.findOneAndUpdate r',
      'tx mongodb',
      'write mongodb.insertOne in-tx',
    ]);
  });

  it('node-postgres: SQL text decides the kind; BEGIN/COMMIT are not data operations', () => {
    expect(
      ops(
        worker(
          code`
            const { rows } = await pool.query('SELECT * FROM t WHERE id = $1', [1]);
            const client = await pool.connect();
            await client.query('BEGIN');
            await client.query(\`UPDATE t SET n = n + 1 WHERE id = \${job.data.id}\`);
            await client.query({ text: 'INSERT INTO t (id) VALUES ($1) ON CONFLICT DO NOTHING', values: [1] });
            await client.query('COMMIT');
            client.release();
          `,
          code`
            import pg from 'pg';
            const pool = new pg.Pool();
          `,
        ),
      ),
    ).toEqual(['read pg.query', 'write pg.query', 'write pg.query']);
  });

  it('Redis: ioredis and node-redis commands, MULTI', () => {
    expect(
      ops(
        worker(
          code`
            await redis.incr('count');
            await redis.sadd('seen', job.id);
            await redis.multi().hincrby('h', 'f', 1).set('k', 'v').exec();
            await client.hIncrBy('h', 'f', 1);
            await client.SET('k', 'v', { NX: true });
            await client.get('k');
          `,
          code`
            import Redis from 'ioredis';
            import { createClient } from 'redis';
            const redis = new Redis();
            const client = await createClient().connect();
          `,
        ),
      ),
    ).toEqual([
      'write redis.incr r',
      'write redis.sadd',
      'write redis.hincrby r',
      'write redis.set',
      'write redis.hIncrBy r',
      'write redis.SET',
      'read redis.get',
    ]);
  });
});
