/**
 * no-swallowed-job-error: inside a handler, a `catch` clause or `.catch(…)` handler that neither
 * rethrows (on some path) nor fails the job explicitly, nor records a terminal failure state. The
 * runtime then records success and never retries. Message consumers are left to require-message-ack
 * (one defect, one report), and catches around code that cannot fail transiently (no `await`, no
 * catalogue call) are left alone: parsing fallbacks are deliberate.
 */
import type * as TS from 'typescript';
import { mayThrow, reachableFunctions } from '../analysis/control-flow.js';
import { canFail, catchSites, failCallPredicate, recordsState, type CatchSite } from '../analysis/failure-paths.js';
import type { FileModel, Handler } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { localFunction } from '../analysis/model.js';
import { isExit, type FunctionLike } from '../analysis/syntax.js';
import { jobLabel } from './describe.js';
import type { Check, Finding, Suggestion, TextEdit } from './types.js';

export const messages = {
  swallowed:
    '{{what}} in {{job}} swallows the error: the job is recorded as successful, it is never retried, and the error is lost. ' +
    'Rethrow it{{nonRetryable}}, or record a terminal failure state before returning.',
  rethrow: 'Rethrow the error (`throw {{name}};`)',
} as const;

export type MessageIds = keyof typeof messages;

export const check: Check = {
  id: 'no-swallowed-job-error',
  messages,
  check(model) {
    const byNode = new Map<TS.Node, { site: CatchSite; handlers: Handler[] }>();
    for (const handler of model.handlers) {
      if (handler.framework.ack) continue; // message consumers: require-message-ack
      const isFail = failCallPredicate(model, handler.framework);
      const swallowed = catchSites(model, handler).filter((site) => swallows(model, site, isFail));
      const swallowing = swallowed.filter((site) => !isDeliberate(model, site));
      // A catch around one step while other steps can still fail the job is a deliberate best-effort
      // step; the defect is a job that cannot fail at all. Cleanup in a `finally` whose errors are
      // swallowed is not a step that could fail it either.
      const cleanup = swallowed.filter((site) => isCleanup(model.context.ts, site));
      if (swallowing.length === 0 || canStillFail(model, handler.fn, [...swallowing, ...cleanup])) continue;
      for (const site of outermost(model, handler.fn, swallowing)) {
        const node = site.kind === 'clause' ? site.clause : site.call;
        const seen = byNode.get(node);
        if (seen) {
          if (!seen.handlers.includes(handler)) seen.handlers.push(handler);
        } else {
          byNode.set(node, { site, handlers: [handler] });
        }
      }
    }
    const findings: Finding[] = [];
    for (const { site, handlers } of byNode.values()) {
      const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
      const errors = [...new Set(handlers.flatMap((handler) => handler.framework.nonRetryableErrors ?? []))];
      const nonRetryable = errors.length
        ? ` (or throw ${errors.map((ref) => `\`${ref.slice(ref.indexOf('#') + 1)}\``).join(' / ')} to fail it without retrying)`
        : '';
      const suggestion = rethrowSuggestion(model, site);
      findings.push({
        messageId: 'swallowed',
        data: { what: site.kind === 'clause' ? 'This `catch`' : 'This `.catch()` handler', job, nonRetryable },
        node: site.kind === 'clause' ? site.clause : site.name,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
        job,
      });
    }
    return findings;
  },
};

function swallows(model: FileModel, site: CatchSite, isFail: (call: TS.CallExpression | TS.NewExpression) => boolean): boolean {
  const ts = model.context.ts;
  if (site.kind === 'clause') {
    if (!canFail(model, site.statement.tryBlock)) return false;
    const block = site.clause.block;
    return !mayThrow(ts, block, { isFail }) && !recordsState(model, block);
  }
  const argument = site.call.arguments[0]!;
  const fn = site.handler;
  if (!fn) {
    // `.catch(console.error)` swallows; any other callback the analysis cannot read may rethrow.
    const resolved = model.resolver.resolve(argument);
    return resolved?.kind === 'export' && resolved.base === 'global#console';
  }
  if (!fn.body) return false;
  return !mayThrow(ts, fn.body, { isFail }) && !recordsState(model, fn.body);
}

/**
 * Catches that are deliberate by their shape: error-path cleanup nested in another catch, per-item
 * isolation inside a loop (rethrowing would redo every item), and `.catch(() => fallback)` whose
 * value the code goes on to use.
 */
function isDeliberate(model: FileModel, site: CatchSite): boolean {
  const ts = model.context.ts;
  const node: TS.Node = site.kind === 'clause' ? site.statement : site.call;
  for (let current = node.parent; current && !isFunctionBoundary(ts, current); current = current.parent) {
    if (ts.isCatchClause(current)) return true;
    if (ts.isIterationStatement(current, false)) return true;
  }
  if (isCleanup(ts, site)) return true;
  if (isIterationCallback(ts, node)) return true;
  if (site.kind === 'method') {
    let use: TS.Node = site.call;
    while (use.parent && (ts.isAwaitExpression(use.parent) || ts.isParenthesizedExpression(use.parent))) use = use.parent;
    const discarded = use.parent !== undefined && (ts.isExpressionStatement(use.parent) || ts.isVoidExpression(use.parent));
    if (!discarded && site.handler?.body && returnsValue(ts, site.handler)) return true;
  }
  return false;
}

/**
 * The swallowing catches a fix starts from: those not inside what another one protects (its `try`
 * block, or the promise a `.catch` is called on), lexically or through a call made there. Once the
 * outer catch rethrows, the job can fail again, and an inner "continue anyway" catch (around a wait
 * in a helper) is a best-effort step: one defect, one report.
 */
function outermost(model: FileModel, handlerFn: FunctionLike, swallowing: readonly CatchSite[]): CatchSite[] {
  const protectedNodes = new Set<TS.Node>();
  const siteNodes = new Set<TS.Node>();
  for (const site of swallowing) {
    if (site.kind === 'clause') {
      protectedNodes.add(site.statement.tryBlock);
      siteNodes.add(site.clause);
    } else {
      protectedNodes.add((site.call.expression as TS.PropertyAccessExpression).expression);
      siteNodes.add(site.call);
    }
  }
  const reached = new Set<TS.Node>();
  reachableFunctions(model.resolver, handlerFn, (node) => {
    if (protectedNodes.has(node)) return false;
    if (siteNodes.has(node)) reached.add(node);
    return true;
  });
  return swallowing.filter((site) => reached.has(site.kind === 'clause' ? site.clause : site.call));
}

/** In a `finally` block: cleanup (closing a page, releasing a lock) that runs whether the work failed or not. */
function isCleanup(ts: typeof TS, site: CatchSite): boolean {
  const node: TS.Node = site.kind === 'clause' ? site.statement : site.call;
  for (let current = node.parent; current && !isFunctionBoundary(ts, current); current = current.parent) {
    if (current.parent && ts.isTryStatement(current.parent) && current.parent.finallyBlock === current) return true;
  }
  return false;
}

function isFunctionBoundary(ts: typeof TS, node: TS.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

/** Inside the callback of `items.forEach(…)` / `map` / `flatMap`: one iteration of a loop. */
function isIterationCallback(ts: typeof TS, node: TS.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionBoundary(ts, current)) {
      const call = current.parent;
      return (
        call !== undefined &&
        ts.isCallExpression(call) &&
        ts.isPropertyAccessExpression(call.expression) &&
        ['forEach', 'map', 'flatMap'].includes(call.expression.name.text)
      );
    }
  }
  return false;
}

function returnsValue(ts: typeof TS, fn: FunctionLike): boolean {
  const body = fn.body!;
  if (!ts.isBlock(body)) return true;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * Can the handler still fail outside the swallowing catches? Work is an effect, write, enqueue or
 * transaction, or an awaited call the analysis cannot classify; reads are preparation, not work.
 * Same-file helpers count by their own bodies.
 */
function canStillFail(model: FileModel, handlerFn: FunctionLike, swallowing: readonly CatchSite[]): boolean {
  const ts = model.context.ts;
  const protectedNodes = new Set<TS.Node>(swallowing.map((site) => (site.kind === 'clause' ? site.statement.tryBlock : site.call)));
  const memo = new Map<FunctionLike, boolean>();
  const fails = (fn: FunctionLike): boolean => {
    const known = memo.get(fn);
    if (known !== undefined) return known;
    memo.set(fn, false); // recursion: assume no work until shown otherwise
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found || protectedNodes.has(node) || ts.isCatchClause(node)) return;
      if (node !== fn && ts.isFunctionLike(node)) {
        // Callbacks handed to a call run as part of it; functions stored for later do not.
        const parent = node.parent;
        if (parent && ts.isCallExpression(parent) && (node as FunctionLike).body) visit((node as FunctionLike).body!);
        return;
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const verdict = callWork(node);
        if (verdict === 'work') {
          found = true;
          return;
        }
      } else if (ts.isAwaitExpression(node) && !ts.isCallExpression(skipParentheses(ts, node.expression))) {
        found = true; // awaiting a promise made elsewhere
        return;
      }
      ts.forEachChild(node, visit);
    };
    const callWork = (call: TS.CallExpression | TS.NewExpression): 'work' | 'none' => {
      const roles = model.resolver.matchCall(call).map((match) => match.role);
      if (roles.some((role) => role.role === 'effect' || role.role === 'enqueue' || role.role === 'transaction' || (role.role === 'data' && role.spec.op !== 'read'))) return 'work';
      if (roles.length > 0) return 'none';
      if (!isAwaitedCall(ts, call)) return 'none';
      const helper = ts.isCallExpression(call) ? localFunction(model.resolver, call.expression) : undefined;
      if (helper) return fails(helper) ? 'work' : 'none';
      // An awaited call that takes callbacks does its work in them (visited as children).
      if ((call.arguments ?? []).some((argument) => ts.isFunctionLike(skipParentheses(ts, argument)))) return 'none';
      return 'work';
    };
    if (fn.body) visit(fn.body);
    memo.set(fn, found);
    return found;
  };
  return fails(handlerFn);
}

function skipParentheses(ts: typeof TS, expression: TS.Expression): TS.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

function isAwaitedCall(ts: typeof TS, call: TS.Node): boolean {
  let node = call;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return node.parent !== undefined && (ts.isAwaitExpression(node.parent) || ts.isReturnStatement(node.parent) || (ts.isArrowFunction(node.parent) && node.parent.body === node));
}

/** `throw error;` at the end of the catch (before a trailing exit), naming the error variable or adding one. */
function rethrowSuggestion(model: FileModel, site: CatchSite): Suggestion | undefined {
  const ts = model.context.ts;
  const sourceFile = (site.kind === 'clause' ? site.clause : site.call).getSourceFile();
  const edits: TextEdit[] = [];
  let name: string;
  let body: TS.Block | TS.ConciseBody;
  if (site.kind === 'clause') {
    const declaration = site.clause.variableDeclaration;
    if (declaration && !ts.isIdentifier(declaration.name)) return undefined;
    if (declaration) name = (declaration.name as TS.Identifier).text;
    else {
      name = freeName(ts, site.clause.block, 'error');
      // `catch {` → `catch (error) {`
      const keywordEnd = site.clause.getStart(sourceFile) + 'catch'.length;
      edits.push({ range: [keywordEnd, keywordEnd], text: ` (${name})` });
    }
    body = site.clause.block;
  } else {
    const fn = site.handler as FunctionLike | undefined;
    if (!fn?.body || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn !== unwrapArgument(ts, site.call.arguments[0]!)) return undefined;
    const first = fn.parameters[0];
    if (first && !ts.isIdentifier(first.name)) return undefined;
    if (first) name = (first.name as TS.Identifier).text;
    else {
      name = freeName(ts, fn.body, 'error');
      const open = fn.parameters.pos;
      const hasParens = sourceFile.text[open - 1] === '(';
      if (!hasParens) return undefined;
      edits.push({ range: [open, open], text: name });
    }
    body = fn.body;
  }
  const statement = `throw ${name};`;
  if (!ts.isBlock(body)) {
    // `(e) => log(e)` → `(e) => { log(e); throw e; }`
    edits.push({ range: [body.getStart(sourceFile), body.getEnd()], text: `{ ${body.getText(sourceFile)}; ${statement} }` });
  } else {
    const statements = body.statements;
    const last = statements[statements.length - 1];
    if (!last) {
      edits.push({ range: [body.getStart(sourceFile), body.getEnd()], text: `{ ${statement} }` });
    } else {
      // A one-line block stays on one line.
      const oneLine = sourceFile.getLineAndCharacterOfPosition(body.getStart(sourceFile)).line === sourceFile.getLineAndCharacterOfPosition(body.getEnd()).line;
      if (isExit(ts, last) && !ts.isBlock(last) && !ts.isIfStatement(last)) {
        const start = last.getStart(sourceFile);
        edits.push({ range: [start, start], text: oneLine ? `${statement} ` : `${statement}\n${indentOf(sourceFile, start)}` });
      } else {
        const end = last.getEnd();
        edits.push({ range: [end, end], text: oneLine ? ` ${statement}` : `\n${indentOf(sourceFile, last.getStart(sourceFile))}${statement}` });
      }
    }
  }
  return { messageId: 'rethrow', data: { name }, edits };
}

function unwrapArgument(ts: typeof TS, argument: TS.Expression): TS.Node {
  let node: TS.Expression = argument;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

function indentOf(sourceFile: TS.SourceFile, position: number): string {
  const lineStart = sourceFile.text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, position))![0];
}

/** `error`, or `error2`… when the name is taken in the block. */
function freeName(ts: typeof TS, scope: TS.Node, base: string): string {
  const probe = (scope as TS.Block).statements?.[0] ?? scope;
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!findDeclaration(ts, name, probe)) return name;
  }
}
