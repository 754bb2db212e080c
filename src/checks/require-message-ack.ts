/**
 * require-message-ack: message consumers whose acknowledgement is wrong on some path, driven by the
 * framework's `ack` facts in the catalogue:
 * - settle calls (amqplib): every path of the consumer callback acks or nacks; `nack`/`reject`
 *   state `requeue` explicitly (it defaults to true: a poison message loops forever);
 * - ack by return (sqs-consumer v15): every path returns the message, unless `alwaysAcknowledge`;
 * - batch failures (Lambda SQS): a catch that swallows a record's error reports it in
 *   `batchItemFailures`.
 * Paths that end in a throw are fine (the message is redelivered). This rule takes precedence over
 * no-swallowed-job-error in consumers.
 */
import type * as TS from 'typescript';
import type { MessageAckSpec } from '../catalogue/types.js';
import { mayThrow, reachableFunctions, unmarkedExits, type ExitOptions } from '../analysis/control-flow.js';
import { callMatches, canFail, catchSites, failCallPredicate } from '../analysis/failure-paths.js';
import type { FileModel, Handler } from '../analysis/model.js';
import { localFunction, propertyValue } from '../analysis/model.js';
import { parseTarget } from '../analysis/catalogue.js';
import { unwrap, type FunctionLike } from '../analysis/syntax.js';
import { calleeText, jobLabel } from './describe.js';
import type { Check, Finding, Suggestion } from './types.js';

export const messages = {
  missingAck:
    'The consumer passed to `{{call}}` does not settle the message on every path ({{where}}): an unacknowledged message ' +
    'stays in flight until the channel closes and is then delivered again, and with a prefetch limit it stalls the consumer. ' +
    '`ack` it when the work is done and `nack` it (without requeue) when it fails.',
  implicitRequeue:
    '`{{call}}` leaves `requeue` to its default (true): a message that always fails is redelivered at once, forever. ' +
    'Pass `requeue` explicitly, usually `false` with a dead-letter exchange on the queue.',
  requeueFalse: 'Do not requeue (dead-letter or drop it): `{{text}}`',
  requeueTrue: 'Requeue explicitly (the current behaviour): `{{text}}`',
  noReturn:
    '`{{property}}` in {{job}} returns nothing on some path ({{where}}): sqs-consumer deletes a message only when the handler ' +
    'returns it, so the message comes back after the visibility timeout and is processed again. Return the message once it is ' +
    'handled, or set `alwaysAcknowledge: true`.',
  noBatchFailure:
    'This `catch` in {{job}} swallows a record\'s error without reporting it in `{{property}}`: the batch counts as processed ' +
    'and the failed message is deleted. Push `{ itemIdentifier: record.messageId }` to `{{property}}` and return ' +
    '`{ {{property}} }` (with `ReportBatchItemFailures` on the event source mapping), or rethrow.',
} as const;

export type MessageIds = keyof typeof messages;

export const check: Check = {
  id: 'require-message-ack',
  messages,
  check(model) {
    const findings: Finding[] = [];
    const seen = new Set<TS.Node>();
    const push = (finding: Finding): void => {
      if (seen.has(finding.node)) return;
      seen.add(finding.node);
      findings.push(finding);
    };
    for (const handler of model.handlers) {
      const ack = handler.framework.ack;
      if (!ack) continue;
      if (ack.settle) settleFindings(model, handler, ack).forEach(push);
      if (ack.byReturn) returnFindings(model, handler, ack.byReturn).forEach(push);
      if (ack.batchFailures) batchFindings(model, handler, ack.batchFailures).forEach(push);
    }
    return findings;
  },
};

// --- settle calls (amqplib) ---------------------------------------------------------------

function settleFindings(model: FileModel, handler: Handler, ack: MessageAckSpec): Finding[] {
  const ts = model.context.ts;
  const site = handler.site;
  if (!ts.isCallExpression(site) && !ts.isNewExpression(site)) return [];
  const findings: Finding[] = [];
  const settle = ack.settle!;
  if (ack.noAckOption) {
    const options = site.arguments?.[ack.noAckOption.arg];
    if (options) {
      const object = unwrap(ts, options);
      // Options the analysis cannot read may turn acks off: stay silent.
      if (!ts.isObjectLiteralExpression(object) || object.properties.some((p) => ts.isSpreadAssignment(p))) return [];
      const value = propertyValue(ts, object, ack.noAckOption.property);
      if (value && unwrap(ts, value).kind !== ts.SyntaxKind.FalseKeyword) return [];
    }
  }
  // `nack`/`reject` without an explicit `requeue`, anywhere the consumer reaches.
  for (const fn of reachableFunctions(model.resolver, handler.fn)) {
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node)) {
        for (const entry of settle) {
          if (entry.requeueArg === undefined || node.arguments.length > entry.requeueArg) continue;
          if (node.arguments.some((a) => ts.isSpreadElement(a))) continue;
          if (!callMatches(model.resolver, node, entry.call)) continue;
          findings.push({
            messageId: 'implicitRequeue',
            data: { call: calleeText(ts, node.getSourceFile(), node) },
            node,
            suggestions: requeueSuggestions(model, node, entry.requeueArg, entry.fillers ?? []),
            job: jobLabel(model, handler),
          });
        }
      }
      node.forEachChild(visit);
    };
    if (fn.body) visit(fn.body);
  }
  // Every path settles.
  const channelTypes = new Set(settle.map((entry) => parseTarget(entry.call)).filter((p) => p.kind === 'instance').map((p) => p.base));
  const nullParam = ack.nullMessageParam !== undefined ? handler.fn.parameters[ack.nullMessageParam] : undefined;
  const nullName = nullParam && ts.isIdentifier(nullParam.name) ? nullParam.name.text : undefined;
  const containsSettle = (node: TS.Node): boolean => {
    let found = false;
    const visit = (current: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(current) && settle.some((entry) => callMatches(model.resolver, current, entry.call))) found = true;
      else current.forEachChild(visit);
    };
    visit(node);
    return found;
  };
  const active = new Set<FunctionLike>();
  const options: ExitOptions = {
    isMark: (call) => {
      if (settle.some((entry) => callMatches(model.resolver, call, entry.call))) return true;
      if (!ts.isCallExpression(call)) return false;
      // `handle(msg).then(() => channel.ack(msg))`: a callback that settles is assumed to run.
      if (call.arguments.some((argument) => ts.isFunctionLike(unwrap(ts, argument)) && containsSettle(unwrap(ts, argument)))) return true;
      const helper = localFunction(model.resolver, call.expression);
      if (helper) {
        if (!helper.body || active.has(helper)) return false;
        active.add(helper);
        try {
          return unmarkedExits(ts, helper, options).length === 0;
        } finally {
          active.delete(helper);
        }
      }
      // A function the analysis cannot read that receives the channel may settle the message: assume it does.
      if (model.resolver.matchCall(call).length > 0) return false;
      return call.arguments.some((argument) => {
        const resolved = model.resolver.resolve(argument);
        return resolved?.kind === 'instance' && resolved.path.length === 0 && channelTypes.has(resolved.base);
      });
    },
    isExempt: (condition, outcome) => (nullName ? testsNull(ts, condition, nullName) === outcome : false),
  };
  const exits = unmarkedExits(ts, handler.fn, options);
  if (exits.length > 0) {
    findings.push({
      messageId: 'missingAck',
      data: { call: calleeText(ts, site.getSourceFile(), site), where: describeExit(model, handler.fn, exits[0]!) },
      node: site,
      job: jobLabel(model, handler),
    });
  }
  return findings;
}

/**
 * Does `condition` evaluate to true exactly when `name` is null? Returns true/false for the outcome
 * that means "null", or undefined when the condition is something else.
 */
function testsNull(ts: typeof TS, condition: TS.Expression, name: string): boolean | undefined {
  const inner = unwrap(ts, condition);
  const isName = (node: TS.Expression) => {
    const unwrapped = unwrap(ts, node);
    return ts.isIdentifier(unwrapped) && unwrapped.text === name;
  };
  const isNullish = (node: TS.Expression) => {
    const unwrapped = unwrap(ts, node);
    return unwrapped.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(unwrapped) && unwrapped.text === 'undefined');
  };
  if (isName(inner)) return false;
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken && isName(inner.operand)) return true;
  if (ts.isBinaryExpression(inner)) {
    const { left, right, operatorToken } = inner;
    const pair = (isName(left) && isNullish(right)) || (isName(right) && isNullish(left));
    if (!pair) return undefined;
    const kind = operatorToken.kind;
    if (kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken) return true;
    if (kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken) return false;
  }
  return undefined;
}

function requeueSuggestions(model: FileModel, call: TS.CallExpression, requeueArg: number, fillers: readonly string[]): Suggestion[] {
  const sourceFile = call.getSourceFile();
  const args = call.arguments;
  // Arguments between the ones written and `requeue`: the catalogue's defaults (`allUpTo` false).
  const missing: string[] = [];
  for (let index = args.length; index < requeueArg; index++) missing.push(fillers[index - 1] ?? 'undefined');
  const insertAt = args.length > 0 ? args[args.length - 1]!.getEnd() : call.arguments.pos;
  const separator = args.length > 0 ? ', ' : '';
  const make = (messageId: 'requeueFalse' | 'requeueTrue', value: string): Suggestion => {
    const added = `${separator}${[...missing, value].join(', ')}`;
    const text = `${call.getText(sourceFile).slice(0, insertAt - call.getStart(sourceFile))}${added}${call.getText(sourceFile).slice(insertAt - call.getStart(sourceFile))}`;
    return { messageId, data: { text }, edits: [{ range: [insertAt, insertAt], text: added }] };
  };
  return [make('requeueFalse', 'false'), make('requeueTrue', 'true')];
}

function describeExit(model: FileModel, fn: FunctionLike, exit: TS.Node): string {
  const ts = model.context.ts;
  const sourceFile = exit.getSourceFile();
  if (exit === fn.body) {
    return ts.isBlock(exit) ? 'when it reaches its end' : 'its expression body';
  }
  const line = sourceFile.getLineAndCharacterOfPosition(exit.getStart(sourceFile)).line + 1;
  return `the \`return\` on line ${line}`;
}

// --- ack by return (sqs-consumer) ---------------------------------------------------------

function returnFindings(model: FileModel, handler: Handler, byReturn: NonNullable<MessageAckSpec['byReturn']>): Finding[] {
  const ts = model.context.ts;
  const site = handler.site;
  if (!ts.isCallExpression(site) && !ts.isNewExpression(site)) return [];
  const options = site.arguments?.[byReturn.alwaysOption.arg];
  const object = options ? unwrap(ts, options) : undefined;
  if (!object || !ts.isObjectLiteralExpression(object) || object.properties.some((p) => ts.isSpreadAssignment(p))) return [];
  const always = propertyValue(ts, object, byReturn.alwaysOption.property);
  if (always && unwrap(ts, always).kind !== ts.SyntaxKind.FalseKeyword) return [];
  const property = object.properties.find((p) => {
    if (!p.name) return false;
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isMethodDeclaration(p) ? p : undefined;
    if (!value) return false;
    return value === handler.fn || (ts.isExpression(value as TS.Expression) && localFunction(model.resolver, value) === handler.fn);
  });
  if (!property?.name) return [];
  const exits = unmarkedExits(ts, handler.fn, { isMark: () => false }).filter((exit) => returnsNothing(ts, handler.fn, exit));
  if (exits.length === 0) return [];
  return [
    {
      messageId: 'noReturn',
      data: { property: property.name.getText(property.getSourceFile()), job: jobLabel(model, handler), where: describeExit(model, handler.fn, exits[0]!) },
      node: property.name,
      job: jobLabel(model, handler),
    },
  ];
}

/** Does this exit return `undefined` (a bare `return`, `return undefined`, `void …`, the end of the body)? */
function returnsNothing(ts: typeof TS, fn: FunctionLike, exit: TS.Node): boolean {
  let value: TS.Expression | undefined;
  if (ts.isReturnStatement(exit)) value = exit.expression;
  else if (exit === fn.body) {
    if (ts.isBlock(exit)) return true;
    value = exit as TS.Expression;
  } else return false;
  if (!value) return true;
  const inner = unwrap(ts, value);
  return ts.isVoidExpression(inner) || (ts.isIdentifier(inner) && inner.text === 'undefined');
}

// --- batch failures (Lambda SQS) ----------------------------------------------------------

function batchFindings(model: FileModel, handler: Handler, property: string): Finding[] {
  const ts = model.context.ts;
  const functions = reachableFunctions(model.resolver, handler.fn);
  // Arrays that end up in `{ batchItemFailures: x }` (or shorthand).
  const reported = new Set<string>();
  for (const fn of functions) {
    const visit = (node: TS.Node): void => {
      if (ts.isPropertyAssignment(node) && propertyName(ts, node.name) === property) {
        const value = unwrap(ts, node.initializer);
        if (ts.isIdentifier(value)) reported.add(value.text);
      } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === property) {
        reported.add(node.name.text);
      }
      node.forEachChild(visit);
    };
    if (fn.body) visit(fn.body);
  }
  const isFail = failCallPredicate(model, handler.framework);
  const findings: Finding[] = [];
  for (const site of catchSites(model, handler)) {
    if (site.kind !== 'clause') continue;
    if (!canFail(model, site.statement.tryBlock)) continue;
    const block = site.clause.block;
    if (mayThrow(ts, block, { isFail })) continue;
    if (reportsFailure(ts, block, property, reported)) continue;
    findings.push({
      messageId: 'noBatchFailure',
      data: { job: jobLabel(model, handler), property },
      node: site.clause,
      job: jobLabel(model, handler),
    });
  }
  return findings;
}

/** `failures.push(…)` on an array returned as `batchItemFailures`, or `x.batchItemFailures.push(…)`. */
function reportsFailure(ts: typeof TS, block: TS.Node, property: string, reported: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') {
      const target = unwrap(ts, node.expression.expression);
      if (ts.isIdentifier(target) && reported.has(target.text)) found = true;
      if (ts.isPropertyAccessExpression(target) && target.name.text === property) found = true;
    }
    node.forEachChild(visit);
  };
  visit(block);
  return found;
}

function propertyName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

