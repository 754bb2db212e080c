/**
 * Facts about how a handler fails, shared by no-swallowed-job-error and require-message-ack: the
 * catch clauses and `.catch(…)` handlers inside a handler (helpers included), and which calls fail
 * the job explicitly (a framework's fail API, a non-retryable error, a same-file helper that throws).
 */
import type * as TS from 'typescript';
import type { JobFramework, Target } from '../catalogue/types.js';
import { parseTarget, matchPath } from './catalogue.js';
import { mayThrow, reachableFunctions } from './control-flow.js';
import type { FileModel, Handler } from './model.js';
import { localFunction } from './model.js';
import type { Resolver } from './resolve.js';
import { functionOf, unwrap, type FunctionLike } from './syntax.js';

/** Does the call's callee resolve to `target` (through imports, instances and types)? */
export function callMatches(resolver: Resolver, call: TS.CallExpression | TS.NewExpression, target: Target): boolean {
  const callee = resolver.resolve(call.expression);
  if (!callee) return false;
  const pattern = parseTarget(target);
  return resolver.candidates(callee).some(
    (candidate) => candidate.kind === pattern.kind && candidate.base === pattern.base && matchPath(pattern.path, candidate.path),
  );
}

/** Does the expression name one of the exports (`UnrecoverableError` imported from 'bullmq')? */
export function isExport(resolver: Resolver, expression: TS.Expression, refs: readonly string[]): boolean {
  const resolved = resolver.resolve(expression);
  if (!resolved || resolved.kind !== 'export') return false;
  return resolver.candidates(resolved).some((candidate) => candidate.path.length === 0 && refs.includes(candidate.base));
}

export type CatchSite =
  | { readonly kind: 'clause'; readonly clause: TS.CatchClause; readonly statement: TS.TryStatement }
  /** `promise.catch(handler)`: `handler` is the function when it is one this file defines. */
  | { readonly kind: 'method'; readonly call: TS.CallExpression; readonly name: TS.MemberName; readonly handler: FunctionLike | undefined };

/** Catch clauses and `.catch(…)` calls in the handler and the same-file functions it calls. */
export function catchSites(model: FileModel, handler: Handler): CatchSite[] {
  const ts = model.context.ts;
  const sites: CatchSite[] = [];
  for (const fn of reachableFunctions(model.resolver, handler.fn)) {
    const visit = (node: TS.Node): void => {
      if (node !== fn && isNamedFunction(ts, node)) return;
      if (ts.isCatchClause(node) && ts.isTryStatement(node.parent)) {
        sites.push({ kind: 'clause', clause: node, statement: node.parent });
      } else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'catch' &&
        node.arguments.length === 1 &&
        ts.isCallExpression(unwrap(ts, node.expression.expression))
      ) {
        const argument = node.arguments[0]!;
        const handlerFn = functionOf(ts, unwrap(ts, argument)) ?? localFunction(model.resolver, argument);
        sites.push({ kind: 'method', call: node, name: node.expression.name, handler: handlerFn });
      }
      node.forEachChild(visit);
    };
    if (fn.body) visit(fn.body);
  }
  return sites;
}

/** Can the guarded code fail for a reason a retry could fix: does it await or call a catalogue API? */
export function canFail(model: FileModel, node: TS.Node, visited: Set<FunctionLike> = new Set()): boolean {
  const ts = model.context.ts;
  let found = false;
  const visit = (current: TS.Node): void => {
    if (found || ts.isFunctionLike(current)) return;
    if (ts.isAwaitExpression(current) || (ts.isForOfStatement(current) && current.awaitModifier)) found = true;
    else if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && model.resolver.matchCall(current).length > 0) found = true;
    else if (ts.isCallExpression(current)) {
      const helper = localFunction(model.resolver, current.expression);
      if (helper?.body && !visited.has(helper)) {
        visited.add(helper);
        if (canFail(model, helper.body, visited)) found = true;
      }
    }
    current.forEachChild(visit);
  };
  visit(node);
  return found;
}

/**
 * A predicate for calls that fail the job explicitly: the framework's fail API, constructing one of
 * its non-retryable errors (`reject(new UnrecoverableError())`), or a same-file helper that throws.
 */
export function failCallPredicate(model: FileModel, framework: JobFramework): (call: TS.CallExpression | TS.NewExpression) => boolean {
  const ts = model.context.ts;
  const resolver = model.resolver;
  const active = new Set<FunctionLike>();
  const isFail = (call: TS.CallExpression | TS.NewExpression): boolean => {
    if (ts.isNewExpression(call)) return isExport(resolver, call.expression, framework.nonRetryableErrors ?? []);
    if ((framework.failCalls ?? []).some((target) => callMatches(resolver, call, target))) return true;
    // `reject(err)` of an enclosing `new Promise((resolve, reject) => …)`.
    if (ts.isIdentifier(call.expression) && isPromiseRejectParameter(resolver, call.expression)) return true;
    const helper = localFunction(resolver, call.expression);
    if (helper?.body && !active.has(helper)) {
      active.add(helper);
      try {
        return mayThrow(ts, helper.body, { isFail }) !== undefined;
      } finally {
        active.delete(helper);
      }
    }
    return false;
  };
  return isFail;
}

function isPromiseRejectParameter(resolver: Resolver, identifier: TS.Identifier): boolean {
  const ts = resolver.ts;
  for (let node: TS.Node | undefined = identifier.parent; node; node = node.parent) {
    if (!ts.isFunctionLike(node)) continue;
    const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === identifier.text);
    if (index < 0) continue;
    const owner = node.parent;
    return (
      index === 1 &&
      owner !== undefined &&
      ts.isNewExpression(owner) &&
      ts.isIdentifier(owner.expression) &&
      owner.expression.text === 'Promise'
    );
  }
  return false;
}

/** Does the block record a state through a catalogue write (a terminal failure status)? */
export function recordsState(model: FileModel, node: TS.Node): boolean {
  const ts = model.context.ts;
  let found = false;
  const visit = (current: TS.Node): void => {
    if (found || ts.isFunctionLike(current)) return;
    if (ts.isCallExpression(current)) {
      for (const { role } of model.resolver.matchCall(current)) {
        if (role.role === 'data' && role.spec.op !== 'read') found = true;
      }
    }
    current.forEachChild(visit);
  };
  visit(node);
  return found;
}

function isNamedFunction(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node)) return true;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
    return ts.isVariableDeclaration(node.parent) || ts.isPropertyDeclaration(node.parent);
  }
  return false;
}
