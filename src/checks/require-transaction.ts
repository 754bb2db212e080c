/**
 * require-transaction: two or more writes to one database along one path of a handler that do not
 * share a transaction. Reported once per handler and database, at the second write outside a common
 * transaction. Redis claims (`SET NX`) and cache deletes are not counted; a write in a loop is one
 * write. `pool.query('BEGIN')` on a pool (messageId `brokenTransaction`) is reported here too: it
 * looks like a transaction and is none.
 */
import type * as TS from 'typescript';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { onOnePath } from '../analysis/paths.js';
import { findDeclaration } from '../analysis/scope.js';
import { calleeText, chainSuffix, jobLabel } from './describe.js';
import type { DataLayer, DataOpSpec, TransactionSpec } from '../catalogue/types.js';
import { optionAt, tableOf } from '../analysis/guards.js';
import { propertyValue } from '../analysis/model.js';
import { unwrap } from '../analysis/syntax.js';
import { fileTransactions, opaqueCallback, rootExpression, rootKey, routeThrough, type FileTransactions, type Route } from '../analysis/transactions.js';
import type { Check, Finding, Suggestion, TextEdit } from './types.js';

export const messages = {
  notAtomic:
    '`{{second}}` in {{job}}{{via}} writes to {{layer}} after `{{first}}` (line {{line}}) outside a common transaction: ' +
    'if the job fails between them, the first write stays and the retry runs both again on half-done data. ' +
    'Put both writes in one {{layer}} transaction{{how}}.',
  brokenTransaction:
    '`{{callee}}` in {{job}}{{via}} sends BEGIN through a connection pool, which starts no usable transaction: each ' +
    'statement sent through `{{pool}}` may run on another connection, so the queries after it are neither atomic nor ' +
    'rolled back, and a retry finds half the work done. {{fix}}',
  wrapInTransaction: 'Wrap the writes in `{{call}}(async ({{param}}) => …)` and run them through `{{param}}`',
} as const;

export type MessageIds = keyof typeof messages;

/** A write that counts for this rule. */
function countedWrite(ts: typeof TS, op: Operation): boolean {
  if (op.kind !== 'write' || op.role.role !== 'data') return false;
  const kind = op.role.spec.op;
  if (kind === 'claim' || isClaim(ts, op.role.spec, op.call)) return false;
  // Cache deletes in Redis are not part of the work a transaction would protect.
  if (op.role.entry.id === 'redis' && kind === 'delete') return false;
  return true;
}

export const check: Check = {
  id: 'require-transaction',
  messages,
  check(model) {
    const ts = model.context.ts;
    const txs = fileTransactions(model);
    const findings: Finding[] = [];
    const reported = new Set<TS.Node>();
    for (const handler of model.handlers) {
      const ops = model.operations(handler);
      const seen = new Set<TS.Node>();
      const writes = ops.filter((op) => {
        if (!countedWrite(ts, op) || seen.has(op.call)) return false;
        // Inside a callback of a function the analysis cannot see (it may open the transaction): do not guess.
        if (!op.transaction && opaqueCallback(model, op)) return false;
        seen.add(op.call);
        return true;
      });
      const byLayer = new Map<string, Operation[]>();
      for (const op of writes) {
        const id = op.role.role === 'data' ? op.role.entry.id : '';
        let list = byLayer.get(id);
        if (!list) byLayer.set(id, (list = []));
        list.push(op);
      }
      for (const list of byLayer.values()) {
        const pair = firstConflict(model, txs, list, ops);
        if (!pair || reported.has(pair.second.call)) continue;
        // After `pool.query('BEGIN')` the broken transaction is the defect to fix (one defect, one report).
        const layerOf = pair.second.role.role === 'data' ? pair.second.role.entry : undefined;
        if (txs.broken.some((broken) => broken.layer === layerOf && reaches(handler, ops, broken.call))) continue;
        reported.add(pair.second.call);
        findings.push(notAtomic(model, txs, handler, ops, list, pair.first, pair.second));
      }
      for (const broken of txs.broken) {
        if (reported.has(broken.call)) continue;
        if (!reaches(handler, ops, broken.call)) continue;
        const op = ops.find((candidate) => candidate.call === broken.call);
        reported.add(broken.call);
        const { sourceFile } = model.context;
        findings.push({
          messageId: 'brokenTransaction',
          data: {
            callee: broken.call.getText(sourceFile).replace(/\s+/g, ' '),
            job: jobLabel(model, handler),
            via: op ? chainSuffix(model, op) : '',
            pool: broken.receiver.getText(sourceFile),
            fix: brokenFix(broken.layer, broken.receiver.getText(sourceFile)),
          },
          node: broken.call,
          job: jobLabel(model, handler),
          ...(op ? { chain: op.chain } : {}),
        });
      }
    }
    return findings;
  },
};

function firstConflict(
  model: FileModel,
  txs: FileTransactions,
  writes: readonly Operation[],
  ops: readonly Operation[],
): { first: Operation; second: Operation } | undefined {
  const ts = model.context.ts;
  for (let i = 1; i < writes.length; i++) {
    const second = writes[i]!;
    const secondScope = txs.scopeOf(second);
    for (let j = 0; j < i; j++) {
      const first = writes[j]!;
      if (!onOnePath(ts, first, second)) continue;
      // Durable steps (Inngest `step.run`) are checkpointed one by one: a retry does not redo a
      // finished step, so only writes inside the same step can be left half done.
      if (first.step !== second.step) continue;
      // Writes around an effect or enqueue (mark RUNNING, call out, mark DONE) cannot share a transaction
      // without putting the call inside it; that pattern is a guard/claim question, not this rule's.
      if (effectBetween(ops, first, second)) continue;
      // Two updates of one record are a state transition (RUNNING → DONE): in one transaction only the last would count.
      if (sameRecordUpdates(model, first, second)) continue;
      const firstScope = txs.scopeOf(first);
      if (firstScope && firstScope === secondScope) continue;
      return { first, second };
    }
  }
  return undefined;
}

function notAtomic(
  model: FileModel,
  txs: FileTransactions,
  handler: Handler,
  ops: readonly Operation[],
  writes: readonly Operation[],
  first: Operation,
  second: Operation,
): Finding {
  const { ts, sourceFile } = model.context;
  const layer = second.role.role === 'data' ? second.role.entry : undefined;
  const txSpec = layer?.transactions.find((spec) => spec.wrap);
  const wrap = txSpec?.wrap;
  const position = (op: Operation) => sourceFile.getLineAndCharacterOfPosition(op.call.getStart(sourceFile)).line + 1;
  const suggestion = txSpec ? wrapSuggestion(model, txs, handler, ops, writes, txSpec) : undefined;
  const how = suggestion
    ? ` (\`${suggestion.data!.call}(async (${wrap!.param}) => …)\`, every write through \`${wrap!.param}\`)`
    : wrap
      ? ` (\`${wrap.call.replace('{client}', clientName(model, txs, writes, txSpec!) ?? 'client')}(async (${wrap.param}) => …)\`, every write through \`${wrap.param}\`)`
      : '';
  return {
    messageId: 'notAtomic',
    data: {
      second: shortText(ts, sourceFile, second),
      first: shortText(ts, sourceFile, first),
      line: String(position(first)),
      job: jobLabel(model, handler),
      via: chainSuffix(model, second),
      layer: layer?.title ?? 'the database',
      how,
    },
    node: second.expression,
    job: jobLabel(model, handler),
    chain: second.chain,
    ...(suggestion ? { suggestions: [suggestion] } : {}),
  };
}

/** `prisma.order.update` for `prisma.order.update({ … })`: the callee, without arguments. */
function shortText(ts: typeof TS, sourceFile: TS.SourceFile, op: Operation): string {
  if (!ts.isCallExpression(op.call)) return calleeText(ts, sourceFile, op.call);
  const callee = op.call.expression;
  // `knex('users').insert` reads better with its table.
  return callee
    .getText(sourceFile)
    .replace(/\s+/g, '')
    .replace(/\(([^()]*)\)/g, (whole, inner: string) => (inner.length > 24 ? '(…)' : whole));
}

/** The outer client's text: the root of a write outside any transaction, or what a transaction was opened on. */
function clientName(model: FileModel, txs: FileTransactions, writes: readonly Operation[], spec: TransactionSpec): string | undefined {
  const { ts, sourceFile } = model.context;
  for (const op of writes) {
    if (txs.scopeOf(op)) continue;
    const root = rootExpression(ts, op.call.expression);
    const route = root && routeThrough(model, spec, root, spec.wrap?.param ?? 'tx');
    if (route) return route.client.getText(sourceFile);
  }
  for (const op of writes) {
    const outer = txs.scopeOf(op)?.outer;
    const root = outer && rootExpression(ts, outer);
    if (root) return root.getText(sourceFile);
  }
  return undefined;
}

/**
 * Wrap every write of the layer that is outside a transaction in one transaction callback, when
 * that is a faithful rewrite: the writes are direct calls in one block of an async handler, go
 * through one client, nothing in between returns or breaks out, and no variable declared in between
 * is used after it.
 */
function wrapSuggestion(
  model: FileModel,
  txs: FileTransactions,
  handler: Handler,
  ops: readonly Operation[],
  writes: readonly Operation[],
  spec: TransactionSpec,
): Suggestion | undefined {
  const { ts, sourceFile } = model.context;
  const wrap = spec.wrap!;
  const fn = handler.fn;
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  if (!(ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  const outside = writes.filter((op) => !txs.scopeOf(op));
  if (outside.length < 2 || outside.some((op) => op.chain.length > 0)) return undefined;
  const routes = outside.map((op) => {
    const root = rootExpression(ts, op.call.expression);
    return root && routeThrough(model, spec, root, wrap.param);
  });
  if (routes.some((route) => !route)) return undefined;
  const key = rootKey(ts, routes[0]!.client);
  if (key === undefined || routes.some((route) => rootKey(ts, route!.client) !== key)) return undefined;
  // The client must be visible where the transaction will be opened: declared outside the handler.
  if (typeof key !== 'string' && key.pos >= fn.pos && key.end <= fn.end) return undefined;

  const block = commonBlock(ts, outside.map((op) => op.call), fn);
  if (!block) return undefined;
  const statements = outside.map((op) => block.statements.find((statement) => statement.pos <= op.call.pos && op.call.end <= statement.end)!);
  const startIndex = Math.min(...statements.map((s) => block.statements.indexOf(s)));
  const endIndex = Math.max(...statements.map((s) => block.statements.indexOf(s)));
  const wrapped = block.statements.slice(startIndex, endIndex + 1);
  const start = wrapped[0]!.getStart(sourceFile);
  const end = wrapped[wrapped.length - 1]!.getEnd();
  const text = sourceFile.text.slice(start, end);

  if (wrapped.some((statement) => escapes(ts, statement))) return undefined;
  if (wrapped.some((statement) => usesName(ts, statement, wrap.param))) return undefined;
  if (hasMultilineTemplate(ts, wrapped)) return undefined;
  // An existing transaction inside the range would nest; an effect or enqueue would end up inside the transaction.
  const between = (op: Operation) => (op.chain[0] ?? op.call).pos >= start && (op.chain[0] ?? op.call).end <= end;
  if (ops.some((op) => (op.kind === 'transaction' || op.kind === 'effect' || op.kind === 'enqueue' || op.kind === 'network') && between(op))) return undefined;
  if (declaredThenUsedAfter(ts, wrapped, block, endIndex)) return undefined;

  // Route every query of the layer in the range that goes through the same client.
  const layerId = outside[0]!.role.role === 'data' ? outside[0]!.role.entry.id : '';
  const replacements: Route[] = [];
  for (const op of ops) {
    if (op.chain.length > 0 || op.role.role !== 'data' || op.role.entry.id !== layerId) continue;
    if (op.call.pos < start || op.call.end > end || txs.scopeOf(op)) continue;
    const root = rootExpression(ts, op.call.expression);
    const route = root && routeThrough(model, spec, root, wrap.param);
    if (route && rootKey(ts, route.client) === key && !replacements.some((other) => other.range[0] === route.range[0])) replacements.push(route);
  }
  replacements.sort((a, b) => b.range[0] - a.range[0]);
  let body = text;
  for (const route of replacements) {
    body = body.slice(0, route.range[0] - start) + route.text + body.slice(route.range[1] - start);
  }
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  const indent = sourceFile.text.slice(lineStart, start).match(/^[ \t]*/)![0];
  const unit = indent.includes('\t') ? '\t' : '  ';
  const lines = body.split('\n').map((line, index) => (index === 0 ? `${indent}${unit}${line}` : line.trim() ? `${unit}${line}` : line));
  const client = routes[0]!.client.getText(sourceFile);
  const call = wrap.call.replace('{client}', client);
  const replacement = `await ${call}(async (${wrap.param}) => {\n${lines.join('\n')}\n${indent}});`;
  const edits: TextEdit[] = [{ range: [start, end], text: replacement }];
  return { messageId: 'wrapInTransaction', data: { call, param: wrap.param }, edits };
}

/** The innermost block of `fn` that contains every node. */
function commonBlock(ts: typeof TS, nodes: readonly TS.Node[], fn: TS.Node): TS.Block | undefined {
  for (let node: TS.Node | undefined = nodes[0]!.parent; node && node !== fn.parent; node = node.parent) {
    if (ts.isBlock(node) && nodes.every((other) => other.pos >= node!.pos && other.end <= node!.end)) {
      for (let up: TS.Node | undefined = node; up && up !== fn; up = up.parent) {
        if (up !== node && ts.isFunctionLike(up)) return undefined;
      }
      return node;
    }
  }
  return undefined;
}

/** A `return`, `break`, `continue` or `yield` that would change meaning inside a callback. */
function escapes(ts: typeof TS, statement: TS.Node): boolean {
  let found = false;
  const visit = (node: TS.Node, loopDepth: number): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isYieldExpression(node)) {
      found = true;
      return;
    }
    if ((ts.isBreakStatement(node) || ts.isContinueStatement(node)) && (loopDepth === 0 || node.label)) {
      found = true;
      return;
    }
    const inner = ts.isIterationStatement(node, false) || ts.isSwitchStatement(node) ? loopDepth + 1 : loopDepth;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(statement, 0);
  return found;
}

function hasMultilineTemplate(ts: typeof TS, statements: readonly TS.Node[]): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if ((ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.getText().includes('\n')) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  statements.forEach(visit);
  return found;
}

/** Does a variable declared by the wrapped statements get used after them? */
function declaredThenUsedAfter(
  ts: typeof TS,
  wrapped: readonly TS.Statement[],
  block: TS.Block,
  endIndex: number,
): boolean {
  const declared = new Set<TS.Node>();
  const names = new Set<string>();
  const collect = (name: TS.BindingName, declaration: TS.Node): void => {
    if (ts.isIdentifier(name)) {
      names.add(name.text);
      declared.add(declaration);
      return;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) collect(element.name, element);
    }
  };
  for (const statement of wrapped) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) collect(declaration.name, declaration);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
      declared.add(statement);
    }
  }
  if (names.size === 0) return false;
  let used = false;
  const visit = (node: TS.Node): void => {
    if (used) return;
    if (ts.isIdentifier(node) && names.has(node.text)) {
      const declaration = findDeclaration(ts, node.text, node);
      if (declaration && declared.has(declaration)) {
        used = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of block.statements.slice(endIndex + 1)) visit(statement);
  return used;
}

/** A write the catalogue calls an atomic claim by its arguments (`set(k, v, 'NX')`, `{ NX: true }`). */
function isClaim(ts: typeof TS, spec: DataOpSpec, call: TS.CallExpression | TS.NewExpression): boolean {
  const claim = spec.claimWhen;
  if (!claim) return false;
  const args = call.arguments ?? [];
  for (const argument of args) {
    const inner = unwrap(ts, argument);
    if (claim.tokens && ts.isStringLiteralLike(inner) && claim.tokens.includes(inner.text)) return true;
    if (claim.options && ts.isObjectLiteralExpression(inner)) {
      for (const option of claim.options) {
        const value = optionAt(ts, inner, option.path);
        if (!value) continue;
        const text = unwrap(ts, value);
        if (option.value !== undefined ? ts.isStringLiteralLike(text) && text.text === option.value : text.kind !== ts.SyntaxKind.FalseKeyword) return true;
      }
    }
  }
  return false;
}

/** Does the code refer to a variable called `name` (not a property of that name)? */
function usesName(ts: typeof TS, root: TS.Node, name: string): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node);
      if (!isPropertyName) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** Is the call in the handler's body, or in a same-file helper the handler's operations go through? */
function reaches(handler: Handler, ops: readonly Operation[], call: TS.Node): boolean {
  const within = (outer: TS.Node) => call.pos >= outer.pos && call.end <= outer.end;
  if (within(handler.fn)) return true;
  return ops.some((op) => op.chain.length > 0 && op.call.parent !== undefined && sameFunction(op.call, call));
}

function sameFunction(a: TS.Node, b: TS.Node): boolean {
  let fa: TS.Node | undefined = a.parent;
  while (fa && !isFunctionNode(fa)) fa = fa.parent;
  return fa !== undefined && b.pos >= fa.pos && b.end <= fa.end;
}

function isFunctionNode(node: TS.Node): boolean {
  return 'body' in node && 'parameters' in node;
}

/** What to do instead of BEGIN on a pool, per data layer. */
function brokenFix(layer: DataLayer, pool: string): string {
  const checkout = layer.manualTransactions?.find((spec) => spec.sqlStatements && spec.begin);
  if (checkout) {
    const method = checkout.begin && 'path' in checkout.begin ? checkout.begin.path : 'connect';
    return `Check out one client (\`const client = await ${pool}.${method}()\`), run BEGIN, the queries and COMMIT/ROLLBACK on it, and \`client.${checkout.release?.[0] ?? 'release'}()\` in \`finally\`.`;
  }
  const wrap = layer.transactions.find((spec) => spec.wrap)?.wrap;
  return wrap
    ? `Use ${layer.title}'s transaction instead: \`${wrap.call.replace('{client}', pool)}(async (${wrap.param}) => …)\` with every query through \`${wrap.param}\`.`
    : `Use ${layer.title}'s transaction API instead of BEGIN text.`;
}

function effectBetween(ops: readonly Operation[], first: Operation, second: Operation): boolean {
  const from = ops.indexOf(first);
  const to = ops.indexOf(second);
  if (from < 0 || to < 0) return false;
  return ops.slice(from + 1, to).some((op) => op.kind === 'effect' || op.kind === 'enqueue');
}

function sameRecordUpdates(model: FileModel, a: Operation, b: Operation): boolean {
  if (a.role.role !== 'data' || b.role.role !== 'data') return false;
  if (a.role.spec.op !== 'update' || b.role.spec.op !== 'update' || a.role.spec.sql || b.role.spec.sql) return false;
  const table = tableOf(model.resolver, a);
  if (table === undefined || table !== tableOf(model.resolver, b)) return false;
  const key = recordKey(model.context.ts, a);
  return key !== undefined && key === recordKey(model.context.ts, b);
}

/**
 * The record an update targets, as text: the `id` (or `_id`) of its filter, or the whole filter
 * (Prisma `{ where }`, a TypeORM criteria or Mongo filter object, a Knex/Drizzle `.where(…)` in the chain).
 */
function recordKey(ts: typeof TS, op: Operation): string | undefined {
  const first = op.call.arguments?.[0];
  let where: TS.Expression | undefined;
  const chained = op.role.role === 'data' && op.role.spec.table !== undefined && 'rootCallArg' in op.role.spec.table;
  if (first) {
    const inner = unwrap(ts, first);
    // Prisma `{ where, data }`; otherwise a first-argument filter (TypeORM criteria, Mongo filter), except
    // for chains whose call takes the values (`knex('t').where(…).update(values)`).
    where = propertyValue(ts, inner, 'where') ?? (!chained && ts.isObjectLiteralExpression(inner) ? inner : undefined);
  }
  if (!where) {
    // `.where(…)` anywhere in the fluent chain.
    const visit = (node: TS.Node): void => {
      if (where) return;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'where' && node.arguments[0]) {
        where = node.arguments[0];
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(op.expression);
  }
  if (!where) return undefined;
  const id = propertyValue(ts, where, 'id') ?? propertyValue(ts, where, '_id');
  return (id ?? where).getText(op.call.getSourceFile()).replace(/\s+/g, '');
}
