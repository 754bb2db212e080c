/** Transaction scopes of a file: callback, batch and manual forms, broken BEGIN, membership, opaque helpers. */
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { getFileModel, type FileModel } from '../../src/analysis/model.js';
import { onOnePath } from '../../src/analysis/paths.js';
import { fileTransactions, opaqueCallback } from '../../src/analysis/transactions.js';
import { code } from '../rule-tester.js';

function modelOf(source: string): FileModel {
  const file = ts.createSourceFile('job.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return getFileModel(ts, file);
}

/** `form layer open-text` for every scope of the file. */
function scopes(source: string): string[] {
  const model = modelOf(source);
  const sourceFile = model.context.sourceFile;
  return fileTransactions(model).scopes.map(
    (scope) => `${scope.form} ${scope.layer.id} ${scope.open.expression.getText(sourceFile)}${scope.end ? ` → ${scope.end.getText(sourceFile)}` : ''}`,
  );
}

/** For each write of the only handler: its text and the open call of its scope (or `-`). */
function writes(source: string): string[] {
  const model = modelOf(source);
  const txs = fileTransactions(model);
  const sourceFile = model.context.sourceFile;
  expect(model.handlers).toHaveLength(1);
  return model
    .operations(model.handlers[0]!)
    .filter((op) => op.kind === 'write')
    .map((op) => `${op.call.expression.getText(sourceFile)} @ ${txs.scopeOf(op)?.open.expression.getText(sourceFile) ?? '-'}`);
}

describe('transaction scopes', () => {
  it('finds callback, batch and manual scopes of every form', () => {
    expect(
      scopes(code`
        import { PrismaClient } from '@prisma/client';
        import knexFactory from 'knex';
        import { Pool } from 'pg';
        import Redis from 'ioredis';
        import { DataSource } from 'typeorm';
        const prisma = new PrismaClient();
        const knex = knexFactory({ client: 'pg' });
        const pool = new Pool();
        const redis = new Redis();
        const dataSource = new DataSource({ type: 'postgres' });
        export async function run() {
          await prisma.$transaction(async (tx) => tx.a.create({ data: {} }));
          await prisma.$transaction([prisma.a.create({ data: {} })]);
          const trx = await knex.transaction();
          await trx.commit();
          const client = await pool.connect();
          await client.query('BEGIN');
          await client.query('COMMIT');
          const runner = dataSource.createQueryRunner();
          await runner.startTransaction();
          await runner.commitTransaction();
          await redis.multi().set('a', '1').exec();
        }
      `),
    ).toEqual([
      'callback prisma prisma.$transaction',
      'batch prisma prisma.$transaction',
      'manual knex knex.transaction → trx.commit()',
      "manual pg client.query → client.query('COMMIT')",
      'manual typeorm runner.startTransaction → runner.commitTransaction()',
      "manual redis redis.multi → redis.multi().set('a', '1').exec()",
    ]);
  });

  it('lists BEGIN through a pool as broken, not as a scope', () => {
    const model = modelOf(code`
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function run() {
        await pool.query('BEGIN');
        await pool.query('COMMIT');
      }
    `);
    const txs = fileTransactions(model);
    expect(txs.scopes).toEqual([]);
    expect(txs.broken.map((broken) => `${broken.layer.id} ${broken.receiver.getText()}`)).toEqual(['pg pool']);
  });

  it('puts a write in the scope it runs in', () => {
    expect(
      writes(code`
        import { Worker } from 'bullmq';
        import { Pool } from 'pg';
        import { PrismaClient } from '@prisma/client';
        const pool = new Pool();
        const prisma = new PrismaClient();
        new Worker('q', async (job) => {
          const client = await pool.connect();
          await client.query('UPDATE a SET x = 1');
          await client.query('BEGIN');
          await client.query('UPDATE b SET x = 1');
          await pool.query('UPDATE c SET x = 1');
          await client.query('COMMIT');
          const steps = [prisma.d.create({ data: {} })];
          await prisma.$transaction(steps);
          await prisma.$transaction(async (tx) => {
            await tx.e.create({ data: {} });
            await tx.$transaction(async (inner) => inner.f.create({ data: {} }));
          });
        });
      `),
    ).toEqual([
      'client.query @ -',
      'client.query @ client.query',
      'pool.query @ -',
      'prisma.d.create @ prisma.$transaction',
      'tx.e.create @ prisma.$transaction',
      'inner.f.create @ prisma.$transaction',
    ]);
  });

  it('tells a callback handed to an unknown function from iteration callbacks', () => {
    const model = modelOf(code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import { inTransaction } from './db';
      const prisma = new PrismaClient();
      new Worker('q', async (job) => {
        await Promise.all(job.data.ids.map((id: string) => prisma.a.create({ data: { id } })));
        await inTransaction(async () => prisma.b.create({ data: {} }));
      });
    `);
    const ops = model.operations(model.handlers[0]!).filter((op) => op.kind === 'write');
    expect(ops.map((op) => opaqueCallback(model, op)?.expression.getText() ?? '-')).toEqual(['-', 'inTransaction']);
  });
});

describe('paths', () => {
  it('separates if/else branches, early exits and catch clauses, not loops', () => {
    const model = modelOf(code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      const prisma = new PrismaClient();
      new Worker('q', async (job) => {
        if (job.data.a) await prisma.a.create({ data: {} });
        else await prisma.b.create({ data: {} });
        if (job.data.c) {
          await prisma.c.create({ data: {} });
          return;
        }
        try {
          for (const x of job.data.xs) await prisma.d.create({ data: x });
        } catch {
          await prisma.e.create({ data: {} });
        }
      });
    `);
    const [a, b, c, d, e] = model.operations(model.handlers[0]!).filter((op) => op.kind === 'write');
    expect(onOnePath(ts, a!, b!)).toBe(false);
    expect(onOnePath(ts, a!, c!)).toBe(true);
    expect(onOnePath(ts, c!, d!)).toBe(false);
    expect(onOnePath(ts, b!, d!)).toBe(true);
    expect(onOnePath(ts, d!, e!)).toBe(false);
  });
});
