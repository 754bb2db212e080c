/** Guard recognition (src/analysis/guards.ts), shared by the handler rules: which code before an effect makes a rerun skip it. */
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findGuard } from '../../src/analysis/guards.js';
import { getFileModel } from '../../src/analysis/model.js';
import { code } from '../rule-tester.js';

/** The guard kind protecting the handler's `sendMail` call, or 'none'. */
function guardOf(body: string, imports = ''): string {
  const source = code`
    import { Worker } from 'bullmq';
    import nodemailer from 'nodemailer';
    import { PrismaClient } from '@prisma/client';
    import Redis from 'ioredis';
    import { createClient } from 'redis';
    import { Pool } from 'pg';
    import knex from 'knex';
    import { drizzle } from 'drizzle-orm/node-postgres';
    import { MongoClient } from 'mongodb';
    ${imports}
    const transporter = nodemailer.createTransport({});
    const prisma = new PrismaClient();
    const redis = new Redis();
    const client = createClient();
    const pool = new Pool();
    const db = knex({ client: 'pg' });
    const orm = drizzle(process.env.DATABASE_URL!);
    const logs = new MongoClient('mongodb://localhost').db('app').collection('logs');
    new Worker('q', async (job) => {
      ${body}
    });
  `;
  const sourceFile = ts.createSourceFile('job.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const model = getFileModel(ts, sourceFile);
  const handler = model.handlers[0]!;
  const effect = model.operations(handler).find((op) => op.kind === 'effect');
  if (!effect) throw new Error('no effect');
  return findGuard(model, handler, effect)?.kind ?? 'none';
}

const send = "await transporter.sendMail({ to: job.data.email, subject: 'Hi' });";

describe('guards', () => {
  it('early exit on a field of a record the handler read', () => {
    expect(guardOf(code`
      const user = await prisma.user.findUniqueOrThrow({ where: { id: job.data.id } });
      if (user.welcomeSentAt) return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      const order = await prisma.order.findUniqueOrThrow({ where: { id: job.data.id } });
      if (order.status === 'RECEIPT_SENT') throw new Error('done');
      ${send}
    `)).toBe('state-check');
  });

  it('an enclosing branch on a state read', () => {
    expect(guardOf(code`
      const order = await prisma.order.findUnique({ where: { id: job.data.id } });
      if (order && !order.receiptSentAt) {
        ${send}
      }
    `)).toBe('state-check');
  });

  it('existence of a row in a table the handler writes, with the right polarity', () => {
    expect(guardOf(code`
      const sent = await prisma.emailLog.findUnique({ where: { key: job.id! } });
      if (sent) return;
      ${send}
      await prisma.emailLog.create({ data: { key: job.id! } });
    `)).toBe('state-check');
    expect(guardOf(code`
      const sent = await prisma.emailLog.findUnique({ where: { key: job.id! } });
      if (!sent) {
        ${send}
        await prisma.emailLog.create({ data: { key: job.id! } });
      }
    `)).toBe('state-check');
    expect(guardOf(code`
      const sent = await prisma.emailLog.count({ where: { key: job.id! } });
      if (sent === 0) {
        ${send}
        await prisma.emailLog.create({ data: { key: job.id! } });
      }
    `)).toBe('state-check');
    // `if (!user) return` exits when the row is missing: an entity lookup, even if the handler updates the table.
    expect(guardOf(code`
      const user = await prisma.user.findUnique({ where: { id: job.data.id } });
      if (!user) return;
      ${send}
      await prisma.user.update({ where: { id: job.data.id }, data: { lastMailAt: new Date() } });
    `)).toBe('none');
    expect(guardOf(code`
      const user = await prisma.user.findUnique({ where: { id: job.data.id } });
      if (user === null) return;
      ${send}
      await prisma.user.update({ where: { id: job.data.id }, data: { lastMailAt: new Date() } });
    `)).toBe('none');
  });

  it('checked atomic claims: updateMany count, SET NX, ON CONFLICT DO NOTHING RETURNING, unique insert caught', () => {
    expect(guardOf(code`
      const { count } = await prisma.invoice.updateMany({ where: { id: job.data.id, sentAt: null }, data: { sentAt: new Date() } });
      if (count === 0) return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      const claimed = await redis.set(\`mail:\${job.id}\`, '1', 'EX', 3600, 'NX');
      if (claimed !== 'OK') return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      if (!(await client.set(\`mail:\${job.id}\`, '1', { condition: 'NX' }))) return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      const res = await pool.query('INSERT INTO sent (job_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING job_id', [job.id]);
      if (res.rowCount === 0) return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      const [row] = await orm.insert(sentTable).values({ jobId: job.id! }).onConflictDoNothing().returning();
      if (!row) return;
      ${send}
    `, "import { sentTable } from './schema';")).toBe('state-check');
    expect(guardOf(code`
      const inserted = await db('sent').insert({ job_id: job.id }).onConflict('job_id').ignore().returning('job_id');
      if (inserted.length === 0) return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      const result = await logs.updateOne({ _id: job.id, sent: { $ne: true } }, { $set: { sent: true } }, { upsert: true });
      if (result.modifiedCount === 0 && result.upsertedCount === 0) return;
      ${send}
    `)).toBe('state-check');
    expect(guardOf(code`
      try {
        await prisma.emailLog.create({ data: { key: job.id! } });
      } catch {
        return;
      }
      ${send}
    `)).toBe('claim');
  });

  it('not guards: a payload branch, a findUniqueOrThrow existence test, a try/catch around the effect, a logged read', () => {
    expect(guardOf(code`
      if (job.data.marketing) {
        ${send}
      }
    `)).toBe('none');
    expect(guardOf(code`
      const user = await prisma.user.findUniqueOrThrow({ where: { id: job.data.id } });
      if (!user) return;
      ${send}
      await prisma.user.update({ where: { id: user.id }, data: { mailedAt: new Date() } });
    `)).toBe('none');
    expect(guardOf(code`
      try {
        ${send}
      } catch (error) {
        console.error(error);
      }
    `)).toBe('none');
    expect(guardOf(code`
      const user = await prisma.user.findUnique({ where: { id: job.data.id } });
      console.log(user);
      ${send}
    `)).toBe('none');
  });
});
