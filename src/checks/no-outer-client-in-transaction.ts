/**
 * no-outer-client-in-transaction: inside a transaction callback, a query of the same data layer that
 * does not go through the transaction: the outer client (`prisma.user.update` inside
 * `prisma.$transaction(async (tx) => …)`), or, for layers that join by an option (Sequelize
 * `{ transaction: t }`, Mongo `{ session }`), a query without that option.
 * Fix: when the query starts from the very client the transaction was opened on, replace that
 * client with the callback's transaction parameter (same API, so the edit is mechanical).
 *
 * Layers that join by an option: a query without it is reported unless implicit joining (Sequelize
 * CLS, Mongoose `transactionAsyncLocalStorage`) is on: seen by the shared analysis (implicit-join.ts:
 * the file in ESLint, the project in the analyzer) or declared by the rule's options.
 */
import type * as TS from 'typescript';
import type { FileModel, Operation } from '../analysis/model.js';
import { propertyValue } from '../analysis/model.js';
import { implicitJoinFor } from '../analysis/implicit-join.js';
import type { DataOpSpec, TransactionSpec } from '../catalogue/types.js';
import { readOption } from './options.js';
import { findDeclaration } from '../analysis/scope.js';
import { fileTransactions, originChain, rootExpression, rootKey, routeThrough, type Scope } from '../analysis/transactions.js';
import { calleeText, chainSuffix } from './describe.js';
import type { Check, Finding, TextEdit } from './types.js';

export const messages = {
  outerClient:
    '`{{query}}`{{via}} inside the `{{open}}` callback goes through `{{outer}}`, not the transaction client `{{client}}`: ' +
    'it runs on another connection, outside the transaction, is not rolled back with it (a retry then repeats it) and can ' +
    'deadlock against it. Use `{{use}}`.',
  noClientParam:
    '`{{query}}`{{via}} inside the `{{open}}` callback goes through `{{outer}}`, and the callback does not take the ' +
    'transaction client: the query runs outside the transaction and is not rolled back with it. Take the client as the ' +
    "callback's parameter and run the query through it.",
  missingJoinOption:
    '`{{query}}`{{via}} inside the `{{open}}` callback does not pass `{ {{option}}: {{client}} }` while other queries of the ' +
    'callback do: it runs outside the transaction and is not rolled back with it. Pass `{{option}}: {{client}}` in its options.',
  noJoinOption:
    '`{{query}}`{{via}} inside the `{{open}}` callback does not pass `{{option}}`{{implicit}}: it runs outside the transaction, ' +
    'is not rolled back with it, and a retry of the job repeats it. {{next}}.',
} as const;

export type MessageIds = keyof typeof messages;

export interface RuleOptions {
  /** Sequelize CLS (`Sequelize.useCLS`) is enabled somewhere the analysis cannot see. */
  readonly sequelizeCls?: boolean;
  /** Mongoose `transactionAsyncLocalStorage` is enabled somewhere the analysis cannot see. */
  readonly mongooseTransactionAsyncLocalStorage?: boolean;
}

export type Options = [RuleOptions?];

/** The rule option that declares implicit joining for a data layer (by catalogue id). */
const implicitOption: Readonly<Record<string, keyof RuleOptions>> = {
  sequelize: 'sequelizeCls',
  mongoose: 'mongooseTransactionAsyncLocalStorage',
};

export const check: Check<Options> = {
  id: 'no-outer-client-in-transaction',
  messages,
  check(model, options) {
    const txs = fileTransactions(model);
    const findings: Finding[] = [];
    const reported = new Set<TS.Node>();
    for (const scope of txs.scopes) {
      if (scope.form !== 'callback' || !scope.callback) continue;
      const ops = txs.operationsIn(scope).filter(
        (op) => op.role.role === 'data' && op.role.entry === scope.layer && op.transaction === undefined && op.kind !== 'transaction',
      );
      for (const op of ops) {
        if (reported.has(op.call)) continue;
        const finding = scope.joinOption ? joinFinding(model, scope, op, ops, options[0] ?? {}) : clientFinding(model, scope, op);
        if (!finding) continue;
        reported.add(op.call);
        findings.push(finding);
      }
    }
    return findings;
  },
};

function clientFinding(model: FileModel, scope: Scope, op: Operation): Finding | undefined {
  const { ts, sourceFile } = model.context;
  const callback = scope.callback!;
  const chain = originChain(ts, op.call.expression);
  // Through any parameter of the callback (the client, or something derived from it): inside.
  if (chain.some((node) => callback.parameters.includes(node as TS.ParameterDeclaration))) return undefined;
  const last = chain[chain.length - 1];
  const root = rootExpression(ts, op.call.expression);
  if (!last || !root) return undefined;
  // Something declared inside the callback that the analysis cannot follow (a destructured local, a parameter of a nested function).
  const isThisMember = (ts.isPropertyAccessExpression(last) || ts.isElementAccessExpression(last)) && last.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (!isThisMember && last.pos >= callback.pos && last.end <= callback.end) return undefined;
  // A parameter of the helper the query sits in: the caller may pass the transaction.
  if (op.chain.length > 0 && ts.isParameter(last)) return undefined;
  const data = {
    query: queryText(ts, sourceFile, op),
    via: chainSuffix(model, op),
    open: calleeText(ts, sourceFile, scope.open),
    outer: root.getText(sourceFile),
  };
  const client = scope.client;
  if (!client) {
    return { messageId: 'noClientParam', data, node: op.expression, chain: op.chain };
  }
  const clientName = ts.isIdentifier(client.name) ? client.name.text : client.name.getText(sourceFile);
  let fix: TextEdit[] | undefined;
  let use = clientName;
  const outerRoot = scope.outer ? rootExpression(ts, scope.outer) : undefined;
  const route = ts.isIdentifier(client.name) && 'callbackArg' in scope.spec ? routeThrough(model, scope.spec, root, clientName) : undefined;
  if (
    route &&
    outerRoot &&
    rootKey(ts, outerRoot) !== undefined &&
    rootKey(ts, outerRoot) === rootKey(ts, route.client)
  ) {
    use = route.text;
    // Only where the edit lands in the callback itself and the parameter name is not shadowed there.
    if (op.chain.length === 0 && findDeclaration(ts, clientName, root) === client) fix = [{ range: route.range, text: route.text }];
  }
  return {
    messageId: 'outerClient',
    data: { ...data, client: clientName, use },
    node: op.expression,
    chain: op.chain,
    ...(fix ? { fix } : {}),
  };
}

function joinFinding(model: FileModel, scope: Scope, op: Operation, ops: readonly Operation[], options: RuleOptions): Finding | undefined {
  const { ts, sourceFile } = model.context;
  const option = scope.joinOption!;
  const spec = scope.spec as TransactionSpec;
  // CLS / AsyncLocalStorage: every query of the callback joins without the option.
  const declared = implicitOption[scope.layer.id];
  if ((declared && options[declared] === true) || implicitJoinFor(model, spec)) return undefined;
  const state = (candidate: Operation) => joinState(model, candidate, option, spec.joinMethod);
  if (state(op) !== 'absent') return undefined;
  const client = scope.client;
  const passes = (candidate: Operation) => state(candidate) === 'joins';
  const joinValue = client && ts.isIdentifier(client.name) ? client.name.text : (sessionItself(model, scope) ?? joinValueOf(ts, ops, option, passes));
  // A query in a helper: the helper would need the transaction as a parameter; no fix.
  const fix = joinValue !== undefined && op.chain.length === 0 && op.role.role === 'data' ? addOption(model, op, op.role.spec.optionsArg, option, joinValue) : undefined;
  const data = {
    query: queryText(ts, sourceFile, op),
    via: chainSuffix(model, op),
    open: calleeText(ts, sourceFile, scope.open),
    option,
  };
  if (ops.some((other) => other !== op && passes(other))) {
    return {
      ...(fix ? { fix } : {}),
      messageId: 'missingJoinOption',
      data: { ...data, client: joinValue ?? option },
      node: op.expression,
      chain: op.chain,
    };
  }
  const label = spec.implicitJoin?.[0]?.label;
  return {
    ...(fix ? { fix } : {}),
    messageId: 'noJoinOption',
    data: {
      ...data,
      implicit: label
        ? ` and the analysis sees no \`${label}\` that would join it implicitly${declared ? ` (if that is set where the analysis cannot see it, set the rule's \`${declared}\` option)` : ''}`
        : '',
      next:
        joinValue !== undefined
          ? `Pass \`${joinValue === option ? option : `${option}: ${joinValue}`}\` in its options`
          : `Take the transaction as the callback's parameter and pass it as \`${option}\` in its options`,
    },
    node: op.expression,
    chain: op.chain,
  };
}

/**
 * Whether a query passes the join option: `joins` (the option is there, or the join method is
 * chained: `.session(s)`), `absent` (every options object on the way is written out without it),
 * `unknown` (a spread, a variable or a parameter hides the options; a receiver that keeps its own
 * transaction).
 */
function joinState(model: FileModel, op: Operation, option: string, joinMethod: string | undefined): 'joins' | 'absent' | 'unknown' {
  const ts = model.context.ts;
  if (op.role.role !== 'data') return 'unknown';
  const spec: DataOpSpec = op.role.spec;
  const args = op.call.arguments ?? [];
  if (args.some((argument) => propertyValue(ts, argument, option) !== undefined)) return 'joins';
  if (joinMethod && chainedCall(ts, op.call, joinMethod)) return 'joins';
  if (spec.receiverCarriesJoin) return 'unknown';
  if (args.some((argument) => ts.isSpreadElement(argument))) return 'unknown';
  if (spec.optionsArg === undefined) return 'unknown';
  const index = spec.optionsArg === 'last' ? args.length - 1 : spec.optionsArg;
  const argument = index >= 0 ? args[index] : undefined;
  if (!argument) return 'absent';
  const read = readOption(ts, argument, option);
  return read.state === 'set' ? 'joins' : read.state;
}

/** `Model.find(…).sort(…).session(s)`: a call of `method` further along the query's chain. */
function chainedCall(ts: typeof TS, call: TS.CallExpression | TS.NewExpression, method: string): boolean {
  let node: TS.Node = call;
  for (let guard = 0; guard < 32; guard++) {
    const parent = node.parent;
    if (!parent || !ts.isPropertyAccessExpression(parent) || parent.expression !== node) return false;
    const next = parent.parent;
    if (!next || !ts.isCallExpression(next) || next.expression !== parent) return false;
    if (parent.name.text === method && next.arguments.length > 0) return true;
    node = next;
  }
  return false;
}

/** `session` in `session.withTransaction(async () => …)`: the transaction is opened on the value queries pass. */
function sessionItself(model: FileModel, scope: Scope): string | undefined {
  const ts = model.context.ts;
  const outer = scope.outer;
  const type = (scope.spec as TransactionSpec).client?.type;
  if (!outer || !type || !ts.isIdentifier(outer)) return undefined;
  const resolved = model.resolver.resolve(outer);
  return resolved && resolved.kind === 'instance' && resolved.path.length === 0 && resolved.base === type ? outer.text : undefined;
}

function queryText(ts: typeof TS, sourceFile: TS.SourceFile, op: Operation): string {
  const callee = ts.isCallExpression(op.call) ? op.call.expression.getText(sourceFile) : calleeText(ts, sourceFile, op.call);
  return callee.replace(/\s+/g, '').replace(/\(([^()]*)\)/g, (whole, inner: string) => (inner.length > 24 ? '(…)' : whole));
}

/** The value other queries of the callback pass for the option, when they all pass the same identifier. */
function joinValueOf(ts: typeof TS, ops: readonly Operation[], option: string, passes: (op: Operation) => boolean): string | undefined {
  const values = new Set<string>();
  for (const op of ops) {
    if (!passes(op)) continue;
    for (const argument of op.call.arguments ?? []) {
      const value = propertyValue(ts, argument, option);
      if (value) values.add(ts.isIdentifier(value) ? value.text : '');
    }
  }
  const [only] = values;
  return values.size === 1 && only ? only : undefined;
}

/** Add `option: value` to the query's options argument, or pass a new options object where the call takes one. */
function addOption(model: FileModel, op: Operation, optionsArg: number | 'last' | undefined, option: string, value: string): TextEdit[] | undefined {
  const { ts, sourceFile } = model.context;
  if (optionsArg === undefined || !ts.isCallExpression(op.call)) return undefined;
  const args = op.call.arguments;
  const property = option === value ? option : `${option}: ${value}`;
  let index: number;
  if (optionsArg === 'last') {
    const last = args[args.length - 1];
    index = last && ts.isObjectLiteralExpression(last) ? args.length - 1 : args.length;
  } else {
    index = optionsArg;
  }
  const existing = args[index];
  if (existing) {
    if (!ts.isObjectLiteralExpression(existing) || existing.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
    const last = existing.properties[existing.properties.length - 1];
    if (!last) return [{ range: [existing.getStart(sourceFile), existing.getEnd()], text: `{ ${property} }` }];
    return [{ range: [last.getEnd(), last.getEnd()], text: `, ${property}` }];
  }
  // Only when every argument before the options is written out.
  if (index !== args.length) return undefined;
  // Mongoose `create(doc, x)` reads `x` as a second document; options go with the array form only.
  if (op.role.role === 'data' && op.role.entry.id === 'mongoose' && ts.isPropertyAccessExpression(op.call.expression) && op.call.expression.name.text === 'create') {
    const first = args[0];
    if (!first || !ts.isArrayLiteralExpression(first)) return undefined;
  }
  if (args.length === 0) {
    const open = op.call.arguments.pos;
    return [{ range: [open, open], text: `{ ${property} }` }];
  }
  const end = args[args.length - 1]!.getEnd();
  return [{ range: [end, end], text: `, { ${property} }` }];
}
