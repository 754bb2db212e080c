import * as typescript from 'typescript';
import { ts as morphTs } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { getFileModel } from '../../src/analysis/model.js';
import { resolverFor } from '../../src/analysis/resolve.js';
import { builtinCatalogue } from '../../src/analysis/catalogue.js';
import { findGuard } from '../../src/analysis/guards.js';
import { code } from '../rule-tester.js';

type TsModule = typeof typescript;

function parse(text: string, ts: TsModule = typescript, fileName = 'file.ts') {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return { sourceFile, model: getFileModel(ts, sourceFile) };
}

/** Resolves the callee of the first call whose text starts with `prefix`. */
function calleeOf(text: string, prefix: string, ts: TsModule = typescript) {
  const { sourceFile } = parse(text, ts);
  const resolver = resolverFor({ ts, sourceFile, catalogue: builtinCatalogue() });
  let found: typescript.CallExpression | typescript.NewExpression | undefined;
  const visit = (node: typescript.Node): void => {
    if (!found && (ts.isCallExpression(node) || ts.isNewExpression(node)) && node.getText(sourceFile).startsWith(prefix)) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) throw new Error(`no call starting with ${prefix}`);
  return resolver.resolve(found.expression);
}

describe('resolving callees to module#export', () => {
  it('named, default, namespace and require imports', () => {
    expect(calleeOf("import { createTransport } from 'nodemailer'; createTransport({});", 'createTransport')).toEqual({ kind: 'export', base: 'nodemailer#createTransport', path: [] });
    expect(calleeOf("import axios from 'axios'; axios.post('/x');", 'axios.post')).toEqual({ kind: 'export', base: 'axios#default', path: ['post'] });
    expect(calleeOf("import * as mail from 'nodemailer'; mail.createTransport({}).sendMail({});", 'mail.createTransport({}).sendMail')).toEqual({ kind: 'instance', base: 'nodemailer#Transporter', path: ['sendMail'] });
    expect(calleeOf("const { Queue } = require('bullmq'); const q = new Queue('a'); q.add('x', {});", 'q.add')).toEqual({ kind: 'instance', base: 'bullmq#Queue', path: ['add'] });
    expect(calleeOf("import { Queue as BullQueue } from 'bullmq'; new BullQueue('a');", 'new BullQueue')).toEqual({ kind: 'export', base: 'bullmq#Queue', path: [] });
  });

  it('new X() held in a local variable, through aliases and destructuring', () => {
    const text = code`
      import { Queue } from 'bullmq';
      const emails = new Queue('emails');
      const alias = emails;
      const { add } = { add: 1 };
      alias.add('welcome', {});
    `;
    expect(calleeOf(text, 'alias.add')).toEqual({ kind: 'instance', base: 'bullmq#Queue', path: ['add'] });
  });

  it('class fields, constructor assignments and NestJS @InjectQueue parameters', () => {
    const text = code`
      import { Queue } from 'bullmq';
      import { InjectQueue } from '@nestjs/bullmq';
      import Stripe from 'stripe';
      export class Billing {
        private readonly stripe = new Stripe('sk');
        private late: unknown;
        constructor(@InjectQueue('invoices') private readonly invoices: unknown, private readonly typed: Queue) {
          this.late = new Queue('late');
        }
        run() {
          this.invoices.add('a', {});
          this.typed.add('b', {});
          (this.late as Queue).add('c', {});
          this.stripe.charges.create({});
        }
      }
    `;
    expect(calleeOf(text, 'this.invoices.add')).toEqual({ kind: 'instance', base: 'bullmq#Queue', path: ['add'] });
    expect(calleeOf(text, 'this.typed.add')).toEqual({ kind: 'instance', base: 'bullmq#Queue', path: ['add'] });
    expect(calleeOf(text, '(this.late as Queue).add')).toEqual({ kind: 'instance', base: 'bullmq#Queue', path: ['add'] });
    expect(calleeOf(text, 'this.stripe.charges.create')).toEqual({ kind: 'instance', base: 'stripe#Stripe', path: ['charges', 'create'] });
  });

  it('never by name alone: a local `transporter` or a shadowed import is not nodemailer', () => {
    const text = code`
      import nodemailer from 'nodemailer';
      const transporter = { sendMail() {} };
      transporter.sendMail();
      function send(nodemailer: { createTransport(): { sendMail(): void } }) {
        nodemailer.createTransport().sendMail();
      }
    `;
    expect(calleeOf(text, 'transporter.sendMail')).toBeUndefined();
    expect(calleeOf(text, 'nodemailer.createTransport().sendMail')).toBeUndefined();
  });

  it('through lazy initialisation (`app ??= new Inngest()`) and fallbacks', () => {
    const text = code`
      import { Inngest } from 'inngest';
      import { Queue } from 'bullmq';
      let app: unknown;
      export const getApp = () => (app ??= new Inngest({ id: 'shop' }));
      const queue = globalThis.existing ?? new Queue('emails');
      getApp().createFunction({ id: 'x' }, async () => {});
      queue.add('a', {});
    `;
    expect(calleeOf(text, 'getApp().createFunction')).toEqual({ kind: 'instance', base: 'inngest#Inngest', path: ['createFunction'] });
    expect(calleeOf(text, 'queue.add')).toEqual({ kind: 'instance', base: 'bullmq#Queue', path: ['add'] });
  });

  it('globals resolve as global#name unless shadowed', () => {
    expect(calleeOf("fetch('/x', { method: 'POST' });", 'fetch')).toEqual({ kind: 'export', base: 'global#fetch', path: [] });
    expect(calleeOf("const fetch = (u: string) => u; fetch('/x');", 'fetch')).toBeUndefined();
  });

  it('works with the TypeScript that ts-morph bundles (ts is injected, never imported)', () => {
    expect(calleeOf("import axios from 'axios'; axios.post('/x');", 'axios.post', morphTs as unknown as TsModule)).toEqual({ kind: 'export', base: 'axios#default', path: ['post'] });
  });
});

describe('the file model', () => {
  it('finds handlers of each foundation framework with their names', () => {
    const { model } = parse(code`
      import { Worker } from 'bullmq';
      import PgBoss from 'pg-boss';
      import { run } from 'graphile-worker';
      import { Inngest } from 'inngest';
      import { task } from '@trigger.dev/sdk';
      import { Processor, WorkerHost } from '@nestjs/bullmq';
      new Worker('emails', async () => {});
      const boss = new PgBoss('db');
      boss.work('charge', async () => {});
      run({ taskList: { resize_image: async () => {} } });
      new Inngest({ id: 'app' }).createFunction({ id: 'on-signup', triggers: [] }, async () => {});
      export const t = task({ id: 'report', run: async () => {} });
      @Processor('audio') export class AudioProcessor extends WorkerHost { async process() {} }
    `);
    expect(model.handlers.map((h) => `${h.framework.id}:${h.name}`)).toEqual([
      'bullmq:emails',
      'pg-boss:charge',
      'graphile-worker:resize_image',
      'inngest:on-signup',
      'trigger-dev:report',
      'nestjs-bullmq:audio',
    ]);
  });

  it('finds enqueue sites anywhere in the file', () => {
    const { model } = parse(code`
      import { Queue } from 'bullmq';
      const q = new Queue('emails');
      export async function signup() { await q.add('welcome', { id: 1 }, { jobId: 'welcome:1' }); }
    `);
    expect(model.enqueues.map((site) => `${site.framework.id}:${site.name}`)).toEqual(['bullmq:welcome']);
  });

  it('lists operations in execution order, through same-file helpers, with transaction scope', () => {
    const { model, sourceFile } = parse(code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import nodemailer from 'nodemailer';
      const prisma = new PrismaClient();
      const mail = nodemailer.createTransport({});
      async function record(id: string) { await prisma.emailLog.create({ data: { id } }); }
      new Worker('w', async (job) => {
        const user = await prisma.user.findUnique({ where: { id: job.data.id } });
        await mail.sendMail({ to: user!.email });
        await record(job.id!);
        await prisma.$transaction(async (tx) => { await tx.order.update({ where: { id: 1 }, data: {} }); });
        await fetch('https://x', { headers: {} });
      });
    `);
    const ops = model.operations(model.handlers[0]!);
    expect(ops.map((op) => `${op.kind}:${op.call.expression.getText(sourceFile)}${op.transaction ? ' (tx)' : ''}${op.chain.length ? ' via ' + op.chain.length : ''}`)).toEqual([
      'read:prisma.user.findUnique',
      'effect:mail.sendMail',
      'write:prisma.emailLog.create via 1',
      'transaction:prisma.$transaction',
      'write:tx.order.update (tx)',
      'network:fetch',
    ]);
  });

  it('does not run functions that are only stored for later (real-world: a client factory that adds methods)', () => {
    const { model, sourceFile } = parse(code`
      import { Worker } from 'bullmq';
      import Redis from 'ioredis';
      function createClient() {
        const client = new Redis();
        client.on('ready', () => console.log('ready'));
        (client as any).setJson = async (key: string, value: unknown) => {
          await client.setex(key, 60, JSON.stringify(value));
        };
        return client;
      }
      new Worker('w', async () => {
        const client = createClient();
        await client.get('status');
      });
    `);
    const ops = model.operations(model.handlers[0]!);
    expect(ops.map((op) => `${op.kind}:${op.call.expression.getText(sourceFile)}`)).toEqual(['read:client.get']);
  });

  it('recognises guards and keys', () => {
    const { model } = parse(code`
      import { Worker } from 'bullmq';
      import { PrismaClient } from '@prisma/client';
      import nodemailer from 'nodemailer';
      const prisma = new PrismaClient();
      const mail = nodemailer.createTransport({});
      new Worker('w', async (job) => {
        const user = await prisma.user.findUnique({ where: { id: job.data.id } });
        if (!user) return;
        await mail.sendMail({ to: user.email });
        if (user.sentAt) return;
        await mail.sendMail({ to: user.email });
        await fetch('https://x', { method: 'POST', headers: { 'idempotency-key': job.id! } });
      });
    `);
    const handler = model.handlers[0]!;
    const effects = model.operations(handler).filter((op) => op.kind === 'effect');
    expect(effects.map((op) => findGuard(model, handler, op)?.kind)).toEqual([undefined, 'state-check', 'key']);
  });

  it('follows helpers up to the depth limit', () => {
    const text = code`
      import { Worker } from 'bullmq';
      const send = () => fetch('https://x', { method: 'POST' });
      const one = () => send();
      const two = () => one();
      new Worker('deep', async () => { await two(); });
    `;
    const sourceFile = typescript.createSourceFile('depth.ts', text, typescript.ScriptTarget.Latest, true);
    const effects = (maxDepth: number) => {
      const model = getFileModel(typescript, sourceFile, { maxDepth });
      return model.operations(model.handlers[0]!).filter((op) => op.kind === 'effect').length;
    };
    expect(effects(3)).toBe(1);
    expect(effects(2)).toBe(0);
  });

  it('is cached per ts.SourceFile', () => {
    const { sourceFile, model } = parse("import { Worker } from 'bullmq'; new Worker('a', async () => {});");
    expect(getFileModel(typescript, sourceFile)).toBe(model);
    const again = parse("import { Worker } from 'bullmq'; new Worker('a', async () => {});");
    expect(again.model).not.toBe(model);
  });
});
