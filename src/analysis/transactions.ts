/**
 * Transaction scopes of one file, shared by the transaction rules.
 *
 * Three forms:
 * - **callback**: the callback of a catalogue transaction call (`prisma.$transaction(async (tx) => …)`,
 *   `knex.transaction(async (trx) => …)`, `session.withTransaction(…)`); the job model already tags
 *   the operations it walks inside them (`Operation.transaction`);
 * - **batch**: an array of queries that runs atomically (`prisma.$transaction([a, b])`);
 * - **manual**: a transaction opened and ended by explicit calls, described by the data layer's
 *   `manualTransactions` (`const trx = await knex.transaction()` … `trx.commit()`,
 *   `client.query('BEGIN')` … `client.query('COMMIT')` on one pg client, `queryRunner.startTransaction()`,
 *   `redis.multi()` … `exec()`). A query is inside it when it goes through the object that holds it
 *   (or passes it as the layer's join option, `{ transaction: t }`), and, for a receiver that exists
 *   before the transaction (a pg client), when it runs between the opening and the ending call.
 *
 * An opener marked `broken` in the catalogue (`pool.query('BEGIN')` on a pool) is not a scope; it is
 * listed in `broken` so that a rule can say why nothing after it is atomic.
 *
 * A transaction opened by a function the analysis cannot see (an imported `withTransaction(fn)`
 * helper) is not guessed at: the operations inside it count as outside any transaction only if
 * nothing else tells otherwise, and rules that would report them must stay silent (see `opaque`).
 */
import type * as TS from 'typescript';
import type { DataLayer, ManualTransactionSpec, TransactionSpec } from '../catalogue/types.js';
import { matchPath, parseTarget, type Pattern } from './catalogue.js';
import type { FileModel, Operation } from './model.js';
import { localFunction, propertyValue } from './model.js';
import { findDeclaration } from './scope.js';
import { enclosingFunction, functionOf, stringValue, unwrap, type FunctionLike } from './syntax.js';

export type ScopeForm = 'callback' | 'batch' | 'manual';

export interface Scope {
  readonly form: ScopeForm;
  readonly layer: DataLayer;
  readonly spec: TransactionSpec | ManualTransactionSpec;
  /** The call that opens the transaction. */
  readonly open: TS.CallExpression;
  /** Callback form: the function that runs inside the transaction. */
  readonly callback: FunctionLike | undefined;
  /** Callback form: the parameter that holds the transaction client. */
  readonly client: TS.ParameterDeclaration | undefined;
  /** The expression the transaction is opened on (`prisma` in `prisma.$transaction(…)`). */
  readonly outer: TS.Expression | undefined;
  /** Manual form: the declaration (or chained call) that holds the transaction object. */
  readonly holder: TS.Node | undefined;
  /** Manual form: the call that ends it, when it is in the same function. */
  readonly end: TS.CallExpression | undefined;
  /** Manual form: the function it is opened in. */
  readonly container: FunctionLike | undefined;
  /** Queries join through this option instead of the client (`transaction`, `session`). */
  readonly joinOption: string | undefined;
  /** The runtime may run the callback more than once (Mongo `withTransaction`). */
  readonly reruns: boolean;
}

export interface BrokenTransaction {
  readonly call: TS.CallExpression;
  readonly layer: DataLayer;
  readonly spec: ManualTransactionSpec;
  /** The expression the broken opener is called on (`pool`). */
  readonly receiver: TS.Expression;
}

export interface FileTransactions {
  readonly scopes: readonly Scope[];
  readonly broken: readonly BrokenTransaction[];
  /** The outermost transaction an operation runs in, if the analysis can tell. */
  scopeOf(op: Operation): Scope | undefined;
  /** Operations that run inside the scope (helpers followed), as seen from the scope itself. */
  operationsIn(scope: Scope): readonly Operation[];
  /** The scope whose callback is `fn`. */
  scopeOfCallback(fn: FunctionLike): Scope | undefined;
}

const cache = new WeakMap<FileModel, FileTransactions>();

/** The transaction scopes of the model's file, computed once. */
export function fileTransactions(model: FileModel): FileTransactions {
  let found = cache.get(model);
  if (!found) cache.set(model, (found = build(model)));
  return found;
}

interface ManualPattern {
  readonly pattern: Pattern;
  readonly layer: DataLayer;
  readonly spec: ManualTransactionSpec;
}

function manualPatterns(model: FileModel): ManualPattern[] {
  const list: ManualPattern[] = [];
  for (const entry of model.context.catalogue.entries) {
    if (entry.kind !== 'data') continue;
    for (const spec of entry.manualTransactions ?? []) list.push({ pattern: parseTarget(spec.begin), layer: entry, spec });
  }
  return list;
}

function build(model: FileModel): FileTransactions {
  const { ts, sourceFile } = model.context;
  const resolver = model.resolver;
  const scopes: Scope[] = [];
  const broken: BrokenTransaction[] = [];
  const manual = manualPatterns(model);

  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      for (const { role } of resolver.matchCall(node)) {
        if (role.role !== 'transaction') continue;
        const scope = callbackScope(ts, node, role.entry, role.spec);
        if (scope) scopes.push(scope);
      }
      if (manual.length > 0) {
        const callee = resolver.resolve(node.expression);
        if (callee) {
          for (const candidate of resolver.candidates(callee)) {
            for (const entry of manual) {
              if (entry.pattern.kind !== candidate.kind || entry.pattern.base !== candidate.base) continue;
              if (!matchPath(entry.pattern.path, candidate.path)) continue;
              const opened = manualScope(model, node, entry);
              if (opened === 'broken') {
                const receiver = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : node.expression;
                broken.push({ call: node, layer: entry.layer, spec: entry.spec, receiver });
              } else if (opened) {
                scopes.push(opened);
              }
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const byOpen = new Map<TS.Node, Scope>();
  for (const scope of scopes) if (!byOpen.has(scope.open)) byOpen.set(scope.open, scope);
  const byCallback = new Map<TS.Node, Scope>();
  for (const scope of scopes) if (scope.callback) byCallback.set(scope.callback, scope);

  /** A scope opened inside another scope's callback commits with the outer one (Drizzle savepoints). */
  const outermost = (scope: Scope): Scope => {
    let current = scope;
    for (let guard = 0; guard < 16; guard++) {
      const parent = scopes.find(
        (other) => other !== current && other.callback && contains(other.callback, current.open),
      );
      if (!parent) return current;
      current = parent;
    }
    return current;
  };

  const manualScopes = scopes.filter((scope) => scope.form === 'manual');

  const scopeOf = (op: Operation): Scope | undefined => {
    if (op.transaction) {
      const scope = byOpen.get(op.transaction.call);
      if (scope) return outermost(scope);
    }
    for (const scope of manualScopes) {
      if (inManualScope(model, scope, op)) return scope;
    }
    // A query whose chain holds a batch: `prisma.$transaction([...])` built from a variable.
    return undefined;
  };

  const opsMemo = new Map<Scope, readonly Operation[]>();
  const operationsIn = (scope: Scope): readonly Operation[] => {
    const memo = opsMemo.get(scope);
    if (memo) return memo;
    let ops: readonly Operation[] = [];
    if (scope.form === 'callback' && scope.callback) {
      ops = model.functionOperations(scope.callback);
    } else if (scope.form === 'manual' && scope.container) {
      const start = scope.open.getEnd();
      const end = scope.end ? scope.end.getStart(sourceFile) : scope.container.getEnd();
      ops = model.functionOperations(scope.container).filter((op) => {
        const anchor = op.chain[0] ?? op.call;
        const at = anchor.getStart(sourceFile);
        return at >= start && at < end && anchor !== scope.end;
      });
    }
    opsMemo.set(scope, ops);
    return ops;
  };

  return {
    scopes,
    broken,
    scopeOf,
    operationsIn,
    scopeOfCallback: (fn) => byCallback.get(fn),
  };
}

function callbackScope(ts: typeof TS, call: TS.CallExpression, layer: DataLayer, spec: TransactionSpec): Scope | undefined {
  const args = call.arguments;
  const argument = spec.callbackArg === 'last' ? args[args.length - 1] : args[spec.callbackArg];
  if (!argument) return undefined;
  const inner = unwrap(ts, argument);
  const callback = functionOf(ts, inner);
  const outer = receiverOf(ts, call);
  const base = {
    layer,
    spec,
    open: call,
    outer,
    holder: undefined,
    end: undefined,
    container: undefined,
    joinOption: spec.joinOption,
    reruns: spec.reruns === true,
  };
  if (callback) {
    const client = spec.client ? callback.parameters[spec.client.index] : undefined;
    return { ...base, form: 'callback', callback, client };
  }
  if (spec.batchArray && ts.isArrayLiteralExpression(inner)) {
    return { ...base, form: 'batch', callback: undefined, client: undefined };
  }
  return undefined;
}

/** `prisma` in `prisma.$transaction(…)`, `db` in `db.transaction().execute(…)`. */
function receiverOf(ts: typeof TS, call: TS.CallExpression): TS.Expression | undefined {
  let node: TS.Expression = call.expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const target = node.expression;
      if (ts.isCallExpression(target) && (ts.isPropertyAccessExpression(target.expression) || ts.isElementAccessExpression(target.expression))) {
        // `db.transaction().execute`: the receiver of the inner call.
        node = target.expression;
        continue;
      }
      return target;
    }
    return undefined;
  }
}

function manualScope(model: FileModel, call: TS.CallExpression, entry: ManualPattern): Scope | 'broken' | undefined {
  const ts = model.context.ts;
  const { spec, layer } = entry;
  if (spec.withoutCallback && call.arguments.some((argument) => functionOf(ts, unwrap(ts, argument)) || localFunction(model.resolver, argument))) {
    return undefined;
  }
  if (spec.sql) {
    const text = sqlText(ts, call.arguments[spec.sql.arg]);
    if (text === undefined || !new RegExp(spec.sql.pattern, 'i').test(text)) return undefined;
  }
  if (spec.broken) return 'broken';
  const container = enclosingFunction(ts, call);
  let holder: TS.Node | undefined;
  if (spec.holder === 'result') {
    // `const trx = await knex.transaction()` holds it in a variable; `redis.multi().set(…).exec()` in the chain.
    let node: TS.Node = call;
    while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))) {
      node = node.parent;
    }
    holder = node.parent && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) && node.parent.initializer === node ? node.parent : call;
  } else {
    const receiver = receiverOf(ts, call);
    holder = receiver ? rootDeclaration(ts, receiver) : undefined;
  }
  if (!holder) return undefined;
  const end = container ? findEnd(model, container, call, holder, spec) : undefined;
  return {
    form: 'manual',
    layer,
    spec,
    open: call,
    callback: undefined,
    client: undefined,
    outer: receiverOf(ts, call),
    holder,
    end,
    container,
    joinOption: spec.joinOption,
    reruns: false,
  };
}

/** The first call after `open` in `container` that ends the transaction held by `holder`. */
function findEnd(model: FileModel, container: FunctionLike, open: TS.CallExpression, holder: TS.Node, spec: ManualTransactionSpec): TS.CallExpression | undefined {
  const ts = model.context.ts;
  const sourceFile = model.context.sourceFile;
  let found: TS.CallExpression | undefined;
  const from = open.getEnd();
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && node.getStart(sourceFile) >= from && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const onHolder = originChain(ts, node.expression.expression).includes(holder);
      if (onHolder) {
        if (spec.sql) {
          const text = sqlText(ts, node.arguments[spec.sql.arg]);
          if (text !== undefined && spec.end.some((pattern) => new RegExp(pattern, 'i').test(text))) found = node;
        } else if (spec.end.includes(method)) {
          found = node;
        }
      }
    }
    if (!found && !(node !== container.body && functionOf(ts, node))) ts.forEachChild(node, visit);
  };
  if (container.body) visit(container.body);
  return found;
}

function inManualScope(model: FileModel, scope: Scope, op: Operation): boolean {
  const ts = model.context.ts;
  const holder = scope.holder;
  if (!holder) return false;
  const sourceFile = model.context.sourceFile;
  const through = scope.joinOption
    ? (op.call.arguments ?? []).some((argument) => {
        const value = propertyValue(ts, argument, scope.joinOption!);
        return value !== undefined && originChain(ts, value).includes(holder);
      })
    : originChain(ts, op.call.expression).includes(holder) || (ts.isCallExpression(holder) && containsChain(ts, op.call, holder));
  if (!through) return false;
  if ('holder' in scope.spec && scope.spec.holder === 'receiver') {
    // A pg client exists before BEGIN and after COMMIT: only queries in between are inside.
    const anchor = [op.call, ...[...op.chain].reverse()].find((node) => enclosingFunction(ts, node) === scope.container);
    if (!anchor) return false;
    const at = anchor.getStart(sourceFile);
    if (at < scope.open.getEnd()) return false;
    if (scope.end && at >= scope.end.getStart(sourceFile)) return false;
  }
  return true;
}

/** Does the fluent chain of `call` pass through `inner` (`redis.multi().set(…)` through `multi()`)? */
function containsChain(ts: typeof TS, call: TS.Node, inner: TS.Node): boolean {
  let node: TS.Node = call;
  for (let guard = 0; guard < 64; guard++) {
    if (node === inner) return true;
    if (ts.isCallExpression(node)) node = node.expression;
    else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = node.expression;
    else if (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
    else return false;
  }
  return false;
}

/** The text of a SQL string argument: a literal or a template literal's static head. */
export function sqlText(ts: typeof TS, node: TS.Node | undefined): string | undefined {
  if (!node) return undefined;
  const direct = stringValue(ts, node);
  if (direct !== undefined) return direct;
  const inner = ts.isExpression(node as TS.Expression) ? unwrap(ts, node as TS.Expression) : node;
  if (ts.isTemplateExpression(inner)) return inner.head.text;
  if (ts.isTaggedTemplateExpression(inner)) {
    const template = inner.template;
    return ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text;
  }
  // `{ text: 'BEGIN' }` query config objects.
  const text = propertyValue(ts, inner as TS.Expression, 'text');
  return text ? stringValue(ts, text) : undefined;
}

/**
 * The nodes a value passes through going back to where it starts: call receivers, member accesses,
 * identifiers and their declarations, and the initializers of `const` variables.
 */
export function originChain(ts: typeof TS, expression: TS.Expression): TS.Node[] {
  const out: TS.Node[] = [];
  let node: TS.Node = expression;
  for (let guard = 0; guard < 48; guard++) {
    if (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      node = node.expression;
      continue;
    }
    out.push(node);
    if (ts.isCallExpression(node)) {
      node = node.expression;
      continue;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) break;
      node = node.expression;
      continue;
    }
    if (ts.isIdentifier(node)) {
      const declaration = findDeclaration(ts, node.text, node);
      if (!declaration) break;
      out.push(declaration);
      if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer) {
        node = declaration.initializer;
        continue;
      }
      break;
    }
    break;
  }
  return out;
}

/** The root of a receiver chain without following variables: an identifier or `this.name`. */
export function rootExpression(ts: typeof TS, expression: TS.Expression): TS.Expression | undefined {
  let node: TS.Expression = expression;
  for (let guard = 0; guard < 64; guard++) {
    if (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      node = node.expression;
      continue;
    }
    if (ts.isCallExpression(node)) {
      node = node.expression;
      continue;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return node;
      node = node.expression;
      continue;
    }
    return ts.isIdentifier(node) ? node : undefined;
  }
  return undefined;
}

/** The declaration a root expression names, or `this.name` as a string for class members. */
export function rootKey(ts: typeof TS, root: TS.Expression | undefined): TS.Node | string | undefined {
  if (!root) return undefined;
  if (ts.isIdentifier(root)) return findDeclaration(ts, root.text, root) ?? `global:${root.text}`;
  if ((ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) && root.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const name = ts.isPropertyAccessExpression(root) ? root.name.text : stringValue(ts, root.argumentExpression);
    return name === undefined ? undefined : `this.${name}`;
  }
  return undefined;
}

function rootDeclaration(ts: typeof TS, expression: TS.Expression): TS.Node | undefined {
  const key = rootKey(ts, rootExpression(ts, expression));
  return typeof key === 'string' ? undefined : key;
}

export function contains(outer: TS.Node, inner: TS.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** The position node of an operation inside `fn`: the operation itself or the call into the helper that performs it. */
export function anchorIn(ts: typeof TS, op: Operation, fn: FunctionLike): TS.Node | undefined {
  return [op.call, ...[...op.chain].reverse()].find((node) => enclosingFunction(ts, node) === fn);
}
