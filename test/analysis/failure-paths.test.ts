import typescript from 'typescript';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import { canFail, catchSites, failCallPredicate } from '../../src/analysis/failure-paths.js';
import { getFileModel } from '../../src/analysis/model.js';

const ts = typescript as unknown as typeof TS;

function model(text: string) {
  const sourceFile = ts.createSourceFile('worker.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return getFileModel(ts, sourceFile);
}

function calls(node: TS.Node): (TS.CallExpression | TS.NewExpression)[] {
  const found: (TS.CallExpression | TS.NewExpression)[] = [];
  const visit = (current: TS.Node): void => {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) found.push(current);
    current.forEachChild(visit);
  };
  visit(node);
  return found;
}

describe('catchSites', () => {
  it('finds catch clauses and .catch() calls in the handler and the same-file helpers it calls', () => {
    const m = model(`
      import { Worker } from 'bullmq';
      async function helper() { try { await 1; } catch {} }
      function unused() { try { await 2; } catch {} }
      new Worker('q', async () => {
        try { await helper(); } catch (e) {}
        await fetch('x').catch(() => undefined);
        await Promise.resolve().then(() => 1);
      });
    `);
    const sites = catchSites(m, m.handlers[0]!);
    expect(sites.map((site) => site.kind)).toEqual(['clause', 'method', 'clause']);
    const method = sites.find((site) => site.kind === 'method');
    expect(method?.kind === 'method' && method.handler !== undefined).toBe(true);
  });
});

describe('canFail', () => {
  it('needs an await, a catalogue call or a same-file helper that has one', () => {
    const m = model(`
      import nodemailer from 'nodemailer';
      const t = nodemailer.createTransport({});
      function pure(x: string) { return JSON.parse(x); }
      async function io() { await fetch('x'); }
      function a() { try { pure('1'); } catch {} }
      function b() { try { t.sendMail({}); } catch {} }
      function c() { try { io(); } catch {} }
    `);
    const blocks: TS.Block[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isTryStatement(node)) blocks.push(node.tryBlock);
      node.forEachChild(visit);
    };
    visit(m.context.sourceFile);
    expect(blocks.map((block) => canFail(m, block))).toEqual([false, true, true]);
  });
});

describe('failCallPredicate', () => {
  it("accepts the framework's fail API and non-retryable errors, not look-alikes", () => {
    const m = model(`
      import { Worker, UnrecoverableError } from 'bullmq';
      new Worker('q', async (job, token) => {
        await job.moveToFailed(new Error('x'), token!);
        new UnrecoverableError('stop');
        new Error('plain');
        const other = { moveToFailed: () => 1 };
        other.moveToFailed();
      });
    `);
    const handler = m.handlers[0]!;
    const isFail = failCallPredicate(m, handler.framework);
    const texts = calls(handler.fn.body!).filter(isFail).map((call) => call.getText());
    expect(texts).toEqual(["job.moveToFailed(new Error('x'), token!)", "new UnrecoverableError('stop')"]);
  });
});
