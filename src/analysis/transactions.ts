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
 * `BEGIN` sent as SQL text through a connection pool (`pool.query('BEGIN')`, `prisma.$executeRawUnsafe('BEGIN')`:
 * a type the layer opens transactions on, or checks one-connection handles out from) is not a scope;
 * it is listed in `broken` so that a rule can say why nothing after it is atomic.
 *
 * A transaction opened by a function the analysis cannot see (an imported `withTransaction(fn)`
 * helper) is not guessed at: `opaqueCallback` tells when an operation sits in a callback handed to
 * such a function, and rules that would report it because it is *outside* a transaction stay silent.
 */
import type * as TS from 'typescript';
import type { DataLayer, ManualTransactionSpec, TransactionSpec } from '../catalogue/types.js';
import { matchPath, parseTarget, type Pattern } from './catalogue.js';
import type { FileModel, Operation } from './model.js';
import { localFunction, propertyValue } from './model.js';
import { calleeMayMatch } from './resolve.js';
import { findDeclaration } from './scope.js';
import { effectiveOpKind, sqlKind, sqlText } from './sql.js';
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
  /**
   * Manual form: `'handle'` when the transaction is an object of its own (`const trx = await
   * knex.transaction()`): every query through it is inside; `'span'` when a long-lived handle enters
   * a transaction (`client.query('BEGIN')`, `queryRunner.startTransaction()`): only queries between
   * the opening and the ending call are inside.
   */
  readonly manualKind: 'handle' | 'span' | undefined;
  /** Manual form: the function it is opened in. */
  readonly container: FunctionLike | undefined;
  /** Queries join through this option instead of the client (`transaction`, `session`). */
  readonly joinOption: string | undefined;
  /** The runtime may run the callback more than once (Mongo `withTransaction`). */
  readonly reruns: boolean;
}

/** `BEGIN` sent through a client that is not one connection (`pool.query('BEGIN')`): no transaction at all. */
export interface BrokenTransaction {
  readonly call: TS.CallExpression;
  readonly layer: DataLayer;
  /** The expression the statement is sent through (`pool`). */
  readonly receiver: TS.Expression;
}

export interface FileTransactions {
  readonly scopes: readonly Scope[];
  readonly broken: readonly BrokenTransaction[];
  /** The outermost transaction an operation runs in, if the analysis can tell. */
  scopeOf(op: Operation): Scope | undefined;
  /** Operations that run inside the scope (helpers followed), as seen from the scope itself. */
  operationsIn(scope: Scope): readonly Operation[];
}

const cache = new WeakMap<FileModel, FileTransactions>();

/** The transaction scopes of the model's file, computed once. */
export function fileTransactions(model: FileModel): FileTransactions {
  let found = cache.get(model);
  if (!found) cache.set(model, (found = build(model)));
  return found;
}

interface ManualEntry {
  readonly begin: Pattern | undefined;
  readonly layer: DataLayer;
  readonly spec: ManualTransactionSpec;
}

function manualEntries(model: FileModel): ManualEntry[] {
  const list: ManualEntry[] = [];
  for (const entry of model.context.catalogue.entries) {
    if (entry.kind !== 'data') continue;
    for (const spec of entry.manualTransactions ?? []) list.push({ begin: spec.begin ? parseTarget(spec.begin) : undefined, layer: entry, spec });
  }
  return list;
}

function build(model: FileModel): FileTransactions {
  const { ts, sourceFile } = model.context;
  const resolver = model.resolver;
  const scopes: Scope[] = [];
  const broken: BrokenTransaction[] = [];
  const manual = manualEntries(model);

  /** The tracked type of an expression, when it is an instance itself (no member path). */
  const instanceType = (expression: TS.Expression): string | undefined => {
    const resolved = resolver.resolve(expression);
    return resolved && resolved.kind === 'instance' && resolved.path.length === 0 ? resolved.base : undefined;
  };

  for (const node of model.calls) {
    if (ts.isCallExpression(node)) {
      for (const { role } of resolver.matchCall(node)) {
        if (role.role === 'transaction') {
          const scope = callbackScope(ts, node, role.entry, role.spec);
          if (scope) scopes.push(scope);
        } else if (role.role === 'data' && role.spec.sql && effectiveOpKind(ts, role.spec, node) === 'begin') {
          // BEGIN through a handle that is one connection opens a span (below); through anything else it is broken.
          const receiver = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : undefined;
          const type = receiver && instanceType(receiver);
          if (receiver && type && pooledTypes(role.entry).has(type)) {
            broken.push({ call: node, layer: role.entry, receiver });
          } else if (receiver && type && ts.isPropertyAccessExpression(node.expression)) {
            // BEGIN on one connection the catalogue does not list as a handle (`queryRunner.query('BEGIN')`).
            const known = (role.entry.manualTransactions ?? []).some((spec) => spec.sqlStatements && spec.handle === type);
            if (!known) {
              const spec: ManualTransactionSpec = {
                handle: type as ManualTransactionSpec['handle'],
                commit: [],
                rollback: [],
                sqlStatements: { method: node.expression.name.text, arg: role.spec.sql.arg },
              };
              const opened = manualScope(model, node, { begin: undefined, layer: role.entry, spec }, instanceType);
              if (opened) scopes.push(opened);
            }
          }
        }
      }
      if (manual.length > 0) {
        for (const entry of manual) {
          const opened = manualScope(model, node, entry, instanceType);
          if (opened) scopes.push(opened);
        }
      }
    }
  }

  const byOpen = new Map<TS.Node, Scope>();
  for (const scope of scopes) if (!byOpen.has(scope.open)) byOpen.set(scope.open, scope);

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
  const batchScopes = scopes.filter((scope) => scope.form === 'batch' && scope.holder);

  const scopeOf = (op: Operation): Scope | undefined => {
    if (op.transaction) {
      const scope = byOpen.get(op.transaction.call);
      if (scope) return outermost(scope);
    }
    for (const scope of manualScopes) {
      if (inManualScope(model, scope, op)) return scope;
    }
    for (const scope of batchScopes) {
      let node: TS.Node = op.call;
      while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent))) node = node.parent;
      if (node.parent === scope.holder) return scope;
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
    manualKind: undefined,
    container: undefined,
    joinOption: spec.joinOption,
    reruns: spec.rerunsCallback === true,
  };
  if (callback) {
    const client = spec.client ? callback.parameters[spec.client.index] : undefined;
    return { ...base, form: 'callback', callback, client };
  }
  if (spec.batchArray && ts.isArrayLiteralExpression(inner)) {
    return { ...base, form: 'batch', callback: undefined, client: undefined, holder: inner };
  }
  if (spec.batchArray && ts.isIdentifier(inner)) {
    // `const steps = [prisma.a.create(…), prisma.b.update(…)]; await prisma.$transaction(steps)`: Prisma queries are lazy.
    const declaration = findDeclaration(ts, inner.text, inner);
    const init = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(ts, declaration.initializer) : undefined;
    if (init && ts.isArrayLiteralExpression(init)) return { ...base, form: 'batch', callback: undefined, client: undefined, holder: init };
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

function manualScope(
  model: FileModel,
  call: TS.CallExpression,
  entry: ManualEntry,
  instanceType: (expression: TS.Expression) => string | undefined,
): Scope | undefined {
  const ts = model.context.ts;
  const resolver = model.resolver;
  const { spec, layer } = entry;
  let manualKind: 'handle' | 'span';
  let holder: TS.Node | undefined;
  const receiver = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
  const method = ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
  if (spec.sqlStatements || spec.start) {
    // A long-lived handle enters a transaction: `client.query('BEGIN')`, `queryRunner.startTransaction()`.
    if (!receiver || method === undefined) return undefined;
    if (!spec.start?.includes(method) && method !== spec.sqlStatements?.method) return undefined;
    if (instanceType(receiver) !== spec.handle) return undefined;
    if (spec.start?.includes(method)) {
      manualKind = 'span';
    } else if (spec.sqlStatements && method === spec.sqlStatements.method) {
      const text = sqlText(ts, call.arguments[spec.sqlStatements.arg]);
      if (text === undefined || sqlKind(text) !== 'begin') return undefined;
      manualKind = 'span';
    } else {
      return undefined;
    }
    holder = rootDeclaration(ts, receiver);
  } else if (entry.begin) {
    // The call returns the transaction: `const trx = await knex.transaction()`, `redis.multi()`.
    const pattern = entry.begin;
    if (!calleeMayMatch(ts, call.expression, pattern)) return undefined;
    const callee = resolver.resolve(call.expression);
    const matches =
      callee !== undefined &&
      resolver.candidates(callee).some((candidate) => candidate.kind === pattern.kind && candidate.base === pattern.base && matchPath(pattern.path, candidate.path));
    if (!matches) return undefined;
    if (spec.noCallback && call.arguments.some((argument) => functionOf(ts, unwrap(ts, argument)) || localFunction(resolver, argument))) {
      return undefined;
    }
    manualKind = 'handle';
    let node: TS.Node = call;
    while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))) {
      node = node.parent;
    }
    const parent = node.parent;
    holder = parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === node ? parent : call;
  } else {
    return undefined;
  }
  if (!holder) return undefined;
  const container = enclosingFunction(ts, call);
  const end = container ? findEnd(model, container, call, holder, spec) : undefined;
  return {
    form: 'manual',
    layer,
    spec,
    open: call,
    callback: undefined,
    client: undefined,
    outer: receiver,
    holder,
    end,
    manualKind,
    container,
    joinOption: spec.joinOption,
    reruns: false,
  };
}

/** The first call after `open` in `container` that commits or rolls back the transaction held by `holder`. */
function findEnd(model: FileModel, container: FunctionLike, open: TS.CallExpression, holder: TS.Node, spec: ManualTransactionSpec): TS.CallExpression | undefined {
  const ts = model.context.ts;
  const sourceFile = model.context.sourceFile;
  const enders = [...spec.commit, ...spec.rollback].map((path) => {
    const segments = path.split('.');
    return { names: segments.filter((segment) => segment !== '**' && segment !== '()'), glob: segments.includes('**') };
  });
  let found: TS.CallExpression | undefined;
  const from = open.getEnd();
  const visit = (node: TS.Node): void => {
    if (found) return;
    // A chained holder (`redis.multi().set(…).exec()`) ends in the same expression it starts in.
    const after = node.getStart(sourceFile) >= from || (ts.isCallExpression(holder) && containsChain(ts, node, holder));
    if (ts.isCallExpression(node) && after && node !== open) {
      const names = pathFromHolder(ts, node.expression, holder);
      if (names) {
        if (spec.sqlStatements && names.length === 1 && names[0] === spec.sqlStatements.method) {
          const text = sqlText(ts, node.arguments[spec.sqlStatements.arg]);
          const kind = text === undefined ? undefined : sqlKind(text);
          if (kind === 'commit' || kind === 'rollback') found = node;
        } else if (
          enders.some(({ names: wanted, glob }) =>
            glob ? wanted.every((name, i) => names[names.length - wanted.length + i] === name) && names.length >= wanted.length : wanted.join('.') === names.join('.'),
          )
        ) {
          found = node;
        }
      }
    }
    if (!found && !(node !== container.body && functionOf(ts, node))) ts.forEachChild(node, visit);
  };
  if (container.body) visit(container.body);
  return found;
}

/** Member names from `holder` to the callee (`['commit', 'execute']` for `trx.commit().execute`), if it starts there. */
function pathFromHolder(ts: typeof TS, callee: TS.Expression, holder: TS.Node): string[] | undefined {
  const names: string[] = [];
  let node: TS.Node = callee;
  for (let guard = 0; guard < 64; guard++) {
    if (node === holder) return names.reverse();
    if (ts.isPropertyAccessExpression(node)) {
      names.push(node.name.text);
      node = node.expression;
    } else if (ts.isCallExpression(node) || ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isNonNullExpression(node)) {
      node = node.expression;
    } else if (ts.isIdentifier(node)) {
      const declaration = findDeclaration(ts, node.text, node);
      if (!declaration) return undefined;
      if (declaration === holder) return names.reverse();
      if (ts.isVariableDeclaration(declaration) && declaration.initializer) node = declaration.initializer;
      else return undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
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
  if (scope.manualKind === 'span') {
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


export interface Route {
  /** The outer client the query starts from (`prisma`, `dataSource`), to open the transaction on. */
  readonly client: TS.Expression;
  /** The text to replace and its replacement, so that the query runs through the transaction parameter. */
  readonly range: readonly [number, number];
  readonly text: string;
}

/**
 * How to send a query that starts at `root` through a transaction's callback parameter `param`:
 * replace the client itself (`prisma` → `tx`), or follow the layer's `wrap.routes`
 * (TypeORM `repo` → `manager.withRepository(repo)`, `dataSource.manager` → `manager`).
 */
export function routeThrough(model: FileModel, spec: TransactionSpec, root: TS.Expression, param: string): Route | undefined {
  const { ts, sourceFile } = model.context;
  const clientType = 'instance' in spec.call ? spec.call.instance : undefined;
  if (!clientType) return undefined;
  const typeOf = (expression: TS.Expression): string | undefined => {
    const resolved = model.resolver.resolve(expression);
    return resolved && resolved.kind === 'instance' && resolved.path.length === 0 ? resolved.base : undefined;
  };
  const fill = (template: string) => template.replace(/\{param\}/g, param).replace(/\{root\}/g, root.getText(sourceFile));
  const type = typeOf(root);
  const routes = spec.wrap?.routes ?? [];
  if (type === clientType) {
    const parent = root.parent;
    for (const route of routes) {
      if (route.type !== type || !route.member) continue;
      if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === root && parent.name.text === route.member) {
        return { client: root, range: [root.getStart(sourceFile), parent.getEnd()], text: fill(route.replace) };
      }
    }
    const plain = routes.find((route) => route.type === type && !route.member);
    return { client: root, range: [root.getStart(sourceFile), root.getEnd()], text: plain ? fill(plain.replace) : param };
  }
  const route = routes.find((candidate) => candidate.type === type && !candidate.member);
  if (!route) return undefined;
  // The client the value comes from: `const repo = dataSource.getRepository(User)`.
  for (const node of originChain(ts, root)) {
    if (node === root || !ts.isExpression(node as TS.Expression)) continue;
    const expression = node as TS.Expression;
    if (typeOf(expression) === clientType) {
      const client = rootExpression(ts, expression);
      if (client) return { client, range: [root.getStart(sourceFile), root.getEnd()], text: fill(route.replace) };
    }
  }
  return undefined;
}

/** Calls that run their callback as part of the caller's flow, not in a context of their own. */
const PASS_THROUGH = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'flatMap', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'sort', 'then', 'catch', 'finally', 'all', 'allSettled', 'race', 'any', 'from', 'Promise',
]);

/**
 * The call an operation's callback is handed to, when that call is neither in the catalogue nor a
 * plain iteration or promise method: an imported `withTransaction(async () => …)`, a retry wrapper,
 * a lock helper. What such a function does around the callback (a transaction, say) is unknown.
 */
export function opaqueCallback(model: FileModel, op: Operation): TS.CallExpression | TS.NewExpression | undefined {
  const ts = model.context.ts;
  for (const position of [op.call, ...[...op.chain].reverse()]) {
    for (let node: TS.Node | undefined = position.parent; node; node = node.parent) {
      if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) {
        if (ts.isFunctionLike(node)) break;
        continue;
      }
      let argument: TS.Node = node;
      while (argument.parent && (ts.isParenthesizedExpression(argument.parent) || ts.isAsExpression(argument.parent))) argument = argument.parent;
      const owner = argument.parent;
      if (!owner || !(ts.isCallExpression(owner) || ts.isNewExpression(owner)) || !owner.arguments?.includes(argument as TS.Expression)) break;
      const roles = model.resolver.matchCall(owner);
      if (roles.some((match) => match.role.role === 'handler')) break;
      if (roles.length > 0) continue;
      const callee = owner.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (name !== undefined && PASS_THROUGH.has(name)) continue;
      return owner;
    }
  }
  return undefined;
}

/**
 * Types of a layer that stand for a connection pool: what its transactions are opened on
 * (`prisma`, `dataSource`, `sequelize`, `knex`) and what one-connection handles are checked out from
 * (`pool.connect()`). BEGIN sent through them starts no transaction the next statement is part of.
 */
function pooledTypes(layer: DataLayer): Set<string> {
  const types = new Set<string>();
  for (const spec of layer.transactions) if ('instance' in spec.call) types.add(spec.call.instance);
  for (const spec of layer.manualTransactions ?? []) {
    if (spec.sqlStatements && spec.begin && 'instance' in spec.begin) types.add(spec.begin.instance);
  }
  return types;
}
