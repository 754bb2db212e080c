import typescript from 'typescript';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import { mayThrow, reachableFunctions, unmarkedExits, type ExitOptions } from '../../src/analysis/control-flow.js';
import { resolverFor } from '../../src/analysis/resolve.js';
import { builtinCatalogue } from '../../src/analysis/catalogue.js';
import type { FunctionLike } from '../../src/analysis/syntax.js';

// The analysis takes the namespace type; the default import is the same object at run time.
const ts = typescript as unknown as typeof TS;

function parse(text: string): TS.SourceFile {
  return ts.createSourceFile('test.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The first function in the source (declaration, arrow or function expression). */
function firstFunction(sourceFile: TS.SourceFile): FunctionLike {
  let found: FunctionLike | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if ((ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.body) {
      found = node;
      return;
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  if (!found) throw new Error('no function');
  return found;
}

const ackOptions: ExitOptions = {
  isMark: (call) => ts.isCallExpression(call) && ts.isIdentifier(call.expression) && (call.expression.text === 'ack' || call.expression.text === 'nack'),
  isExempt: (condition, outcome) =>
    (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken && outcome) ||
    (ts.isIdentifier(condition) && condition.text === 'msg' && !outcome),
};

/** Lines (1-based) of the unmarked exits, 'end' for falling off the body. */
function exits(text: string): (number | 'end')[] {
  const sourceFile = parse(text);
  const fn = firstFunction(sourceFile);
  return unmarkedExits(ts, fn, ackOptions).map((node) =>
    node === fn.body ? 'end' : sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
  );
}

describe('unmarkedExits', () => {
  it('accepts a body that marks on its only path', () => {
    expect(exits('function f(msg) { work(); ack(msg); }')).toEqual([]);
  });

  it('reports falling off the end without a mark', () => {
    expect(exits('function f(msg) { work(msg); }')).toEqual(['end']);
  });

  it('needs a mark in both branches of an if', () => {
    expect(exits('function f(msg) {\n if (msg.ok) { ack(msg); }\n}')).toEqual(['end']);
    expect(exits('function f(msg) {\n if (msg.ok) { ack(msg); } else { nack(msg); }\n}')).toEqual([]);
  });

  it('reports an early return before the mark', () => {
    expect(exits('function f(msg) {\n if (msg.skip) return;\n ack(msg);\n}')).toEqual([2]);
  });

  it('treats paths that throw as settled', () => {
    expect(exits('function f(msg) {\n if (!msg.valid) throw new Error("bad");\n ack(msg);\n}')).toEqual([]);
  });

  it('honours exempt branches (the consumer-cancelled path)', () => {
    expect(exits('function f(msg) {\n if (!msg) return;\n ack(msg);\n}')).toEqual([]);
    expect(exits('function f(msg) {\n if (msg) { ack(msg); }\n}')).toEqual([]);
  });

  it('starts a catch unmarked and lets a finally mark every path', () => {
    expect(exits('async function f(msg) {\n try { await work(); ack(msg); } catch (e) { log(e); }\n}')).toEqual(['end']);
    expect(exits('async function f(msg) {\n try { await work(); ack(msg); } catch (e) { nack(msg); }\n}')).toEqual([]);
    expect(exits('async function f(msg) {\n try { await work(); } finally { ack(msg); }\n}')).toEqual([]);
    expect(exits('async function f(msg) {\n try { if (msg.x) return; } finally { ack(msg); }\n}')).toEqual([]);
  });

  it('does not count a mark that may not run', () => {
    expect(exits('function f(msg) { msg.ok && ack(msg); }')).toEqual(['end']);
    expect(exits('function f(msg) { msg.ok ? ack(msg) : nack(msg); }')).toEqual([]);
    expect(exits('function f(msg) { setTimeout(() => ack(msg)); }')).toEqual(['end']);
    expect(exits('function f(msg, ch) { ch?.x(ack(msg)); }')).toEqual(['end']);
    expect(exits('function f(msg, ch) { ch.x(ack(msg)); }')).toEqual([]);
  });

  it('handles loops: a body may run zero times, break leaves, endless loops fall only through break', () => {
    expect(exits('function f(msg) { for (const x of msg.items) { ack(msg); } }')).toEqual(['end']);
    expect(exits('function f(msg) { do { ack(msg); } while (msg.more); }')).toEqual([]);
    expect(exits('function f(msg) { while (true) { if (msg.done) { ack(msg); break; } } }')).toEqual([]);
    expect(exits('function f(msg) { while (true) { if (msg.done) break; ack(msg); } }')).toEqual(['end']);
    expect(exits('function f(msg) { outer: for (;;) { for (;;) { break outer; } } }')).toEqual(['end']);
  });

  it('handles switch with and without default', () => {
    expect(exits('function f(msg) { switch (msg.kind) { case 1: ack(msg); break; default: nack(msg); } }')).toEqual([]);
    expect(exits('function f(msg) { switch (msg.kind) { case 1: ack(msg); break; } }')).toEqual(['end']);
    expect(exits('function f(msg) { switch (msg.kind) { case 1: case 2: ack(msg); break; default: return; } }')).toEqual([1]);
  });

  it('accepts a returned mark and an arrow expression body', () => {
    expect(exits('const f = (msg) => ack(msg);')).toEqual([]);
    expect(exits('const f = (msg) => work(msg);')).toEqual(['end']);
    expect(exits('function f(msg) { return ack(msg); }')).toEqual([]);
  });
});

describe('mayThrow', () => {
  const block = (text: string): TS.Node => {
    const sourceFile = parse(text);
    let found: TS.Node | undefined;
    const visit = (node: TS.Node): void => {
      if (!found && ts.isCatchClause(node)) found = node.block;
      node.forEachChild(visit);
    };
    visit(sourceFile);
    return found!;
  };

  it('finds a rethrow on some path', () => {
    expect(mayThrow(ts, block('try { a(); } catch (e) { if (e.code === 1) return; throw e; }'))).toBeDefined();
    expect(mayThrow(ts, block('try { a(); } catch (e) { return Promise.reject(e); }'))).toBeDefined();
  });

  it('ignores throws in nested functions and throws caught by a nested try', () => {
    expect(mayThrow(ts, block('try { a(); } catch (e) { log(e); }'))).toBeUndefined();
    expect(mayThrow(ts, block('try { a(); } catch (e) { setTimeout(() => { throw e; }); }'))).toBeUndefined();
    expect(mayThrow(ts, block('try { a(); } catch (e) { try { throw e; } catch {} }'))).toBeUndefined();
    expect(mayThrow(ts, block('try { a(); } catch (e) { try { b(); } catch (f) { throw f; } }'))).toBeDefined();
  });

  it('accepts calls that fail the job explicitly', () => {
    const isFail = (call: TS.CallExpression | TS.NewExpression) =>
      ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'moveToFailed';
    expect(mayThrow(ts, block('try { a(); } catch (e) { job.moveToFailed(e); }'), { isFail })).toBeDefined();
  });
});

describe('reachableFunctions', () => {
  it('follows same-file calls transitively, once each', () => {
    const sourceFile = parse(`
      function handler() { helper(); inline(() => other()); }
      function helper() { deeper(); helper(); }
      const deeper = () => 1;
      function other() {}
      function unused() {}
    `);
    const resolver = resolverFor({ ts, sourceFile, catalogue: builtinCatalogue() });
    const names = reachableFunctions(resolver, firstFunction(sourceFile)).map((fn) =>
      fn.name && ts.isIdentifier(fn.name) ? fn.name.text : ts.isVariableDeclaration(fn.parent) ? fn.parent.name.getText() : '?',
    );
    expect(names).toEqual(['handler', 'helper', 'other', 'deeper']);
  });
});
