/**
 * no-unbounded-job-work (strict): a handler loops over the rows of a query that has no limit
 * (`findMany` without `take`, a select without `.limit()`) and performs an effect or write per row.
 * One job then does unbounded work, and a retry redoes all of it. Enqueues per row are the fix
 * (fan-out), so they do not count as per-row work.
 */
import type * as TS from 'typescript';
import type { DataOpSpec } from '../catalogue/types.js';
import { reachableFunctions } from '../analysis/control-flow.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import { calleeText, jobLabel, operationLabel } from './describe.js';
import type { Check, Finding } from './types.js';

export const messages = {
  unbounded:
    '{{job}} loops over every row of `{{query}}` (no limit) and performs {{effect}} for each: one job does unbounded work, ' +
    'may outlive its lock or timeout, and a retry redoes all of it. Fan out one job per row, or page through the rows with {{bound}}.',
} as const;

export type MessageIds = keyof typeof messages;

interface Loop {
  /** The reported node: the `for…of` statement or the `forEach`/`map` call. */
  readonly node: TS.Node;
  readonly iterable: TS.Expression;
  readonly body: TS.Node;
}

export const check: Check = {
  id: 'no-unbounded-job-work',
  messages,
  check(model) {
    const findings: Finding[] = [];
    const seen = new Set<TS.Node>();
    for (const handler of model.handlers) {
      const ops = model.operations(handler).filter((op) => op.kind === 'effect' || op.kind === 'write');
      if (ops.length === 0) continue;
      for (const loop of loopsOf(model, handler)) {
        if (seen.has(loop.node)) continue;
        const query = unboundedQuery(model, loop.iterable);
        if (!query) continue;
        const work = ops.find((op) => [op.call, ...op.chain].some((node) => within(node, loop.body)));
        if (!work) continue;
        seen.add(loop.node);
        const job = jobLabel(model, handler);
        findings.push({
          messageId: 'unbounded',
          data: {
            job,
            query: calleeText(model.context.ts, query.call.getSourceFile(), query.call),
            effect: describeWork(model, work),
            bound: query.bound,
          },
          node: loop.node,
          job,
        });
      }
    }
    return findings;
  },
};

function describeWork(model: FileModel, op: Operation): string {
  const label = operationLabel(model, op);
  return op.role.role === 'effect' ? label : `a ${label}`;
}

function within(node: TS.Node, container: TS.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}

/** `for (… of rows)`, `rows.forEach(cb)`, `rows.map(cb)` in the handler and its same-file helpers. */
function loopsOf(model: FileModel, handler: Handler): Loop[] {
  const ts = model.context.ts;
  const loops: Loop[] = [];
  for (const fn of reachableFunctions(model.resolver, handler.fn)) {
    const visit = (node: TS.Node): void => {
      if (ts.isForOfStatement(node)) loops.push({ node, iterable: node.expression, body: node.statement });
      else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ['forEach', 'map', 'flatMap'].includes(node.expression.name.text) &&
        node.arguments[0] &&
        (ts.isArrowFunction(node.arguments[0]) || ts.isFunctionExpression(node.arguments[0]))
      ) {
        loops.push({ node, iterable: node.expression.expression, body: node.arguments[0] });
      }
      node.forEachChild(visit);
    };
    if (fn.body) visit(fn.body);
  }
  return loops;
}

/** The read call behind an iterable when it returns every matching row, and how to bound it. */
function unboundedQuery(model: FileModel, iterable: TS.Expression): { call: TS.CallExpression; bound: string } | undefined {
  const ts = model.context.ts;
  let expression = unwrap(ts, iterable);
  if (ts.isIdentifier(expression)) {
    const declaration = findDeclaration(ts, expression.text, expression);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !ts.isIdentifier(declaration.name)) return undefined;
    // `const rows = await …` that is never reassigned in a way the analysis could miss: `let` is skipped.
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    expression = unwrap(ts, declaration.initializer);
  }
  // Walk down the fluent chain from its top, remembering the method names above each call.
  const names: string[] = [];
  let node: TS.Expression = expression;
  while (ts.isCallExpression(node)) {
    for (const { role } of model.resolver.matchCall(node)) {
      if (role.role === 'data' && role.spec.op === 'read' && role.spec.many) {
        return isBounded(ts, role.spec.many, node, names) ? undefined : { call: node, bound: boundHint(role.spec.many) };
      }
    }
    const callee = unwrap(ts, node.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    names.push(callee.name.text);
    node = unwrap(ts, callee.expression);
  }
  return undefined;
}

function isBounded(ts: typeof TS, many: NonNullable<DataOpSpec['many']>, call: TS.CallExpression, chainNames: readonly string[]): boolean {
  if (many.limitCalls?.some((name) => chainNames.includes(name))) return true;
  if (many.limitOption) {
    const argument = call.arguments[many.limitOption.arg];
    if (!argument) return false;
    const object = unwrap(ts, argument);
    // Options the analysis cannot read may carry a limit: stay silent.
    if (!ts.isObjectLiteralExpression(object)) return true;
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) return true;
      const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
      if (name && many.limitOption.names.includes(name)) return true;
    }
    return false;
  }
  return !many.limitCalls;
}

function boundHint(many: NonNullable<DataOpSpec['many']>): string {
  if (many.limitOption) return many.limitOption.names.map((name) => `\`${name}\``).join(' / ') + ' and a cursor';
  return (many.limitCalls ?? []).slice(0, 1).map((name) => `\`.${name}(n)\``).join('') + ' and a cursor';
}
