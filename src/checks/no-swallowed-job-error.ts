/**
 * no-swallowed-job-error: inside a handler, a `catch` clause or `.catch(…)` handler that neither
 * rethrows (on some path) nor fails the job explicitly, nor records a terminal failure state. The
 * runtime then records success and never retries. Message consumers are left to require-message-ack
 * (one defect, one report), and catches around code that cannot fail transiently (no `await`, no
 * catalogue call) are left alone: parsing fallbacks are deliberate.
 */
import type * as TS from 'typescript';
import { mayThrow } from '../analysis/control-flow.js';
import { canFail, catchSites, failCallPredicate, recordsState, type CatchSite } from '../analysis/failure-paths.js';
import type { FileModel, Handler } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
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
      for (const site of catchSites(model, handler)) {
        if (!swallows(model, site, isFail)) continue;
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
