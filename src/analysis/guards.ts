/**
 * Guard recognition, shared by every handler rule. A guard is code before an operation that makes a
 * rerun skip it:
 * - an early exit (`if (cond) return|throw`) or an enclosing branch whose condition tests *state that
 *   records the work*: a field of a record read in the handler (`order.receiptSentAt`, `status ===
 *   'PAID'`), the existence of a row in a table the handler itself writes (the idempotency-record
 *   pattern), or the checked result of an atomic claim (an update's count, an insert that catches
 *   the duplicate);
 * - an idempotency key on the effect itself.
 * Not guards: a branch on the job payload, `if (!user) return` on an entity the handler does not
 * write, a `findUniqueOrThrow`, a try/catch around the effect.
 *
 * A value whose origin the analysis cannot see (an imported helper's result) is given the benefit of
 * the doubt when it is only tested as a flag: `if (await alreadySent(id)) return` is a guard, while
 * `if (!user) return` followed by `user.email` treats `user` as an entity lookup.
 */
import type * as TS from 'typescript';
import type { EffectSpec } from '../catalogue/types.js';
import type { FileModel, Handler, Operation } from './model.js';
import { constantString, httpMethod, localFunction, propertyValue } from './model.js';
import type { Resolver } from './resolve.js';
import { bindingPath, findDeclaration } from './scope.js';
import { effectiveOpKind } from './sql.js';
import { chainedCall } from './relative.js';
import { enclosingFunction, isExit, unwrap, type FunctionLike } from './syntax.js';

export type GuardKind = 'state-check' | 'claim' | 'idempotency-record' | 'key' | 'step';

export interface Guard {
  readonly kind: GuardKind;
  /** The condition, claim or key that protects the operation. */
  readonly node: TS.Node;
}

/** The guard that protects `op` inside `handler`, if any. */
export function findGuard(model: FileModel, handler: Handler, op: Operation): Guard | undefined {
  if (op.step) return { kind: 'step', node: op.step };
  const key = idempotencyKeyOf(model.resolver, op);
  if (key) return { kind: 'key', node: key };
  const written = writtenTables(model, handler);
  // The operation's own position, then each call site that leads to it, innermost first.
  const positions: TS.Node[] = [op.call, ...[...op.chain].reverse()];
  for (const position of positions) {
    const boundary = enclosingFunction(model.context.ts, position);
    const guard = guardBefore(model, position, boundary, written);
    if (guard) return guard;
    if (boundary === handler.fn) break;
  }
  return undefined;
}

/** The idempotency key passed to an effect (`{ idempotencyKey }`, an `Idempotency-Key` header). */
export function idempotencyKeyOf(resolver: Resolver, op: Operation): TS.Node | undefined {
  if (op.role.role !== 'effect') return undefined;
  return effectKey(resolver, op.role.spec, op.call);
}

export function effectKey(resolver: Resolver, spec: EffectSpec, call: TS.CallExpression | TS.NewExpression): TS.Node | undefined {
  const ts = resolver.ts;
  const args = call.arguments ?? [];
  if (spec.idempotencyKey) {
    const { arg, path } = spec.idempotencyKey;
    let candidates = arg === 'any' ? [...args] : args[arg] ? [args[arg]] : [];
    if (spec.command) {
      // `client.send(new PublishCommand({ …, MessageDeduplicationId }))`: the key lives in the command's input.
      const command = resolver.commandArgument(call, spec.command);
      const input = command?.arguments?.[0];
      candidates = input ? [input] : [];
    }
    for (const candidate of candidates) {
      const value = optionAt(ts, candidate, path);
      if (value) return value;
    }
  }
  if (spec.headers) {
    const options = args[spec.headers.arg];
    const headers = options ? propertyValue(ts, options, spec.headers.property) : undefined;
    const object = headers ? unwrap(ts, headers) : undefined;
    if (object && ts.isObjectLiteralExpression(object)) {
      for (const property of object.properties) {
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
        if (name && /^(idempotency-key|x-idempotency-key)$/i.test(name)) return property;
      }
    }
  }
  return undefined;
}

/** The value at a dotted option path inside an object literal (`deduplication.id`). */
export function optionAt(ts: typeof TS, expression: TS.Expression, path: string): TS.Expression | undefined {
  let current: TS.Expression | undefined = expression;
  for (const segment of path.split('.').filter(Boolean)) {
    current = current ? propertyValue(ts, current, segment) : undefined;
  }
  return current === expression ? undefined : current;
}

/** Tables or models the handler writes (insert, update, upsert), helpers included. */
function writtenTables(model: FileModel, handler: Handler): ReadonlySet<string> {
  const tables = new Set<string>();
  for (const op of model.operations(handler)) {
    if (op.kind !== 'write') continue;
    const table = tableOf(model.resolver, op);
    if (table) tables.add(table);
  }
  return tables;
}

/** The table or model an operation touches, as written in the source. */
export function tableOf(resolver: Resolver, op: Operation): string | undefined {
  if (op.role.role !== 'data') return undefined;
  const spec = op.role.spec.table;
  if (!spec) return undefined;
  const ts = resolver.ts;
  if ('segment' in spec) {
    const path = op.callee.path;
    return path[spec.segment];
  }
  let call: TS.Node = op.call;
  if ('chainCall' in spec) {
    // `db.select().from(users)`: the table is an argument of a later call of the chain.
    const later = ts.isCallExpression(op.call) ? chainedCall(ts, op.call, spec.chainCall) : undefined;
    const argument = later?.arguments[spec.chainArg];
    return argument ? (constantString(resolver, argument) ?? argument.getText(resolver.context.sourceFile)) : undefined;
  }
  if ('rootCallArg' in spec) {
    // The first call of the chain: `knex('users')` in `knex('users').where(…).update(…)`.
    let node: TS.Node = op.call;
    for (;;) {
      const callee: TS.Node | undefined = ts.isCallExpression(node) ? node.expression : undefined;
      const object = callee && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) ? callee.expression : undefined;
      if (object && ts.isCallExpression(object)) node = object;
      else break;
    }
    call = node;
  }
  if (!ts.isCallExpression(call)) return undefined;
  const index = 'arg' in spec ? spec.arg : spec.rootCallArg;
  const argument = call.arguments[index];
  if (!argument) return undefined;
  return constantString(resolver, argument) ?? argument.getText(argument.getSourceFile());
}

function guardBefore(
  model: FileModel,
  node: TS.Node,
  boundary: FunctionLike | undefined,
  written: ReadonlySet<string>,
): Guard | undefined {
  const ts = model.context.ts;
  let child: TS.Node = node;
  for (let parent = node.parent; parent && parent !== boundary; child = parent, parent = parent.parent) {
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const statements = parent.statements;
      const index = statements.indexOf(child as TS.Statement);
      for (let i = index - 1; i >= 0; i--) {
        const statement = statements[i]!;
        if (ts.isIfStatement(statement) && isExit(ts, statement.thenStatement) && isStateTest(model, statement.expression, written, false)) {
          return { kind: 'state-check', node: statement.expression };
        }
        if (ts.isTryStatement(statement) && isClaimByUniqueInsert(model, statement)) {
          return { kind: 'claim', node: statement };
        }
      }
    } else if (ts.isIfStatement(parent) && child !== parent.expression) {
      if (isStateTest(model, parent.expression, written, child === parent.thenStatement)) return { kind: 'state-check', node: parent.expression };
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      if (isStateTest(model, parent.condition, written, child === parent.whenTrue)) return { kind: 'state-check', node: parent.condition };
    } else if (
      ts.isBinaryExpression(parent) &&
      child === parent.right &&
      (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      if (isStateTest(model, parent.left, written, parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
        return { kind: 'state-check', node: parent.left };
      }
    }
    if (ts.isFunctionLike(parent)) break;
  }
  return undefined;
}

/** `try { insert a unique row } catch { …; return }`: the insert is the claim, the catch skips the rerun. */
function isClaimByUniqueInsert(model: FileModel, statement: TS.TryStatement): boolean {
  const ts = model.context.ts;
  const handlerClause = statement.catchClause;
  if (!handlerClause) return false;
  const returns = handlerClause.block.statements.some((s) => isExit(ts, s) && !ts.isThrowStatement(s)) ||
    handlerClause.block.statements.some((s) => ts.isIfStatement(s) && ts.isReturnStatement(unwrapBlock(ts, s.thenStatement)));
  if (!returns) return false;
  let inserts = false;
  const visit = (node: TS.Node): void => {
    if (inserts) return;
    if (ts.isCallExpression(node)) {
      for (const { role } of model.resolver.matchCall(node)) {
        if (role.role === 'data' && (role.spec.op === 'insert' || role.spec.op === 'claim')) inserts = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(statement.tryBlock);
  return inserts;
}

function unwrapBlock(ts: typeof TS, statement: TS.Statement): TS.Statement {
  return ts.isBlock(statement) && statement.statements.length === 1 ? statement.statements[0]! : statement;
}

type Origin =
  | { readonly kind: 'read'; readonly table: string | undefined; readonly orThrow: boolean }
  | { readonly kind: 'write' }
  | { readonly kind: 'unknown-call'; readonly variable: TS.VariableDeclaration | undefined }
  | { readonly kind: 'payload' };

/**
 * Does the condition test state that records the work? `runsWhenTrue` says whether the protected code
 * runs when the condition is true (an enclosing `if`) or false (an early exit). A bare existence test
 * of a record (`sent`, `!existing`) is a guard only with the right polarity: the work must run when the
 * record is *absent* (`if (sent) return`, `if (!sent) { … }`); `if (!user) return` exits when the row
 * is missing, which is an entity lookup, not a record of the work. Undefined skips the polarity test.
 */
export function isStateTest(model: FileModel, condition: TS.Expression, written: ReadonlySet<string>, runsWhenTrue?: boolean): boolean {
  const ts = model.context.ts;
  let state = false;
  const polarityFits = (origin: Origin, memberTested: boolean, negated: boolean): boolean =>
    runsWhenTrue === undefined || origin.kind !== 'read' || memberTested || negated === runsWhenTrue;
  const visit = (node: TS.Node, memberTested: boolean, negated: boolean): void => {
    if (state) return;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      visit(node.expression, true, negated);
      return;
    }
    if (ts.isCallExpression(node)) {
      // `if (await prisma.emailLog.findUnique(…))`, `if (await alreadySent(id))`
      const origin = callOrigin(model, node, undefined);
      if (origin && originIsState(ts, origin, memberTested, written) && polarityFits(origin, memberTested, negated)) state = true;
      return;
    }
    if (ts.isIdentifier(node)) {
      const origin = identifierOrigin(model, node);
      if (origin && originIsState(ts, origin, memberTested, written) && polarityFits(origin, memberTested, negated)) state = true;
      return;
    }
    if (ts.isFunctionLike(node)) return;
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      visit(node.operand, false, !negated);
      return;
    }
    if (ts.isBinaryExpression(node) && isAbsenceComparison(ts, node)) {
      // `x === null`, `x == undefined`, `count === 0`: true when the record is absent.
      const equal = node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
      visit(node.left, false, equal ? !negated : negated);
      visit(node.right, false, equal ? !negated : negated);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, false, negated));
  };
  visit(condition, false, false);
  return state;
}

function isAbsenceComparison(ts: typeof TS, node: TS.BinaryExpression): boolean {
  const kind = node.operatorToken.kind;
  if (
    kind !== ts.SyntaxKind.EqualsEqualsEqualsToken &&
    kind !== ts.SyntaxKind.EqualsEqualsToken &&
    kind !== ts.SyntaxKind.ExclamationEqualsEqualsToken &&
    kind !== ts.SyntaxKind.ExclamationEqualsToken
  ) {
    return false;
  }
  const empty = (side: TS.Expression): boolean =>
    side.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(side) && side.text === 'undefined') ||
    (ts.isNumericLiteral(side) && side.text === '0');
  return empty(node.left) || empty(node.right);
}

function originIsState(ts: typeof TS, origin: Origin, memberTested: boolean, written: ReadonlySet<string>): boolean {
  switch (origin.kind) {
    case 'read':
      // A field of the record records the work; the row's mere existence does only when the
      // handler writes that table itself (and a *OrThrow read always exists).
      if (memberTested) return true;
      return !origin.orThrow && origin.table !== undefined && written.has(origin.table);
    case 'write':
      return true;
    case 'unknown-call':
      return memberTested || !usedAsRecord(ts, origin.variable);
    case 'payload':
      return false;
  }
}

/**
 * Is the variable later used as a record (`user.email`, `user?.email`)? Then an existence test is an
 * entity lookup, not a flag. Uses of the same declaration only (scope lookup), never its name alone.
 */
function usedAsRecord(ts: typeof TS, variable: TS.VariableDeclaration | undefined): boolean {
  if (!variable || !ts.isIdentifier(variable.name)) return false;
  const name = variable.name.text;
  const scope = variable.parent?.parent?.parent;
  if (!scope) return false;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === name &&
      node.getStart() > variable.getEnd() &&
      findDeclaration(ts, name, node.expression) === variable
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

function identifierOrigin(model: FileModel, identifier: TS.Identifier): Origin | undefined {
  const ts = model.context.ts;
  const declaration = findDeclaration(ts, identifier.text, identifier);
  if (!declaration) return undefined;
  if (ts.isParameter(declaration)) return { kind: 'payload' };
  let root: TS.VariableDeclaration | TS.ParameterDeclaration | undefined;
  if (ts.isVariableDeclaration(declaration)) root = declaration;
  else if (ts.isBindingElement(declaration)) {
    const binding = bindingPath(ts, declaration);
    root = binding?.root;
    if (root && ts.isParameter(root)) return { kind: 'payload' };
    // `const { count } = await prisma.x.updateMany(…)` tests the claim's result as a member.
    if (root && ts.isVariableDeclaration(root) && root.initializer) {
      const origin = callOrigin(model, root.initializer, root);
      if (origin?.kind === 'read') return { ...origin, table: undefined, orThrow: false, kind: 'read' };
      return origin;
    }
    return undefined;
  }
  if (!root || !ts.isVariableDeclaration(root) || !root.initializer) return undefined;
  return callOrigin(model, root.initializer, root);
}

function callOrigin(model: FileModel, expression: TS.Expression, variable: TS.VariableDeclaration | undefined): Origin | undefined {
  const ts = model.context.ts;
  const inner = unwrap(ts, expression);
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) {
    // `const data = job.data` and friends: follow one level.
    let base: TS.Expression = inner;
    while (ts.isPropertyAccessExpression(base)) base = base.expression;
    return ts.isIdentifier(base) ? identifierOrigin(model, base) : undefined;
  }
  if (!ts.isCallExpression(inner)) return undefined;
  // The innermost call of a chain decides (`knex('t').where(…).first()` is a read).
  const matches = model.resolver.matchCall(inner);
  for (const { role } of matches) {
    if (role.role === 'data') {
      if (effectiveOpKind(ts, role.spec, inner) === 'read') {
        const op = { role, callee: matches[0]!.callee, call: inner } as unknown as Operation;
        return { kind: 'read', table: tableOf(model.resolver, op), orThrow: role.spec.orThrow === true };
      }
      return { kind: 'write' };
    }
    // A GET (HEAD, OPTIONS) reads remote state, which may be what records the work: like an awaited
    // call the analysis cannot see, it gets the benefit of the doubt.
    if (role.role === 'effect' && role.spec.http && SAFE_READS.has(httpMethod(model.resolver, role.spec, inner) ?? '')) {
      return isAwaited(ts, expression, inner) ? { kind: 'unknown-call', variable } : { kind: 'payload' };
    }
    if (role.role === 'effect' || role.role === 'enqueue') return undefined;
  }
  if (matches.length === 0) {
    const chained = chainedRead(model, inner);
    if (chained) return chained;
    // A helper the analysis can see: one that reads or writes, or does any asynchronous work it
    // cannot classify, may read state; a synchronous helper that does neither only computes.
    const helper = localFunction(model.resolver, inner.expression);
    if (helper) {
      const ops = model.functionOperations(helper);
      if (ops.some((op) => op.kind === 'read' || op.kind === 'write') || isAsynchronous(ts, helper)) return { kind: 'unknown-call', variable };
      return { kind: 'payload' };
    }
    // A call it cannot see: awaited I/O may well be a state read (benefit of the doubt); a
    // synchronous call of an unknown function is computation on what the handler already has.
    return isAwaited(ts, expression, inner) ? { kind: 'unknown-call', variable } : { kind: 'payload' };
  }
  return undefined;
}

/** HTTP methods that only read. */
const SAFE_READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isAsynchronous(ts: typeof TS, fn: FunctionLike): boolean {
  if (fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || (ts.isFunctionLike(node) && node !== fn)) return;
    if (ts.isAwaitExpression(node) || (ts.isPropertyAccessExpression(node) && node.name.text === 'then')) found = true;
    else ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function isAwaited(ts: typeof TS, expression: TS.Expression, call: TS.CallExpression): boolean {
  for (let node: TS.Node = call; node !== expression.parent && node.parent; node = node.parent) {
    if (ts.isAwaitExpression(node)) return true;
    if (ts.isAwaitExpression(node.parent)) return true;
    if (node === expression) break;
  }
  return false;
}

/** A read at the head of a fluent chain: `db.select().from(t).where(…)`, `knex('t').where(…).first()`. */
function chainedRead(model: FileModel, call: TS.CallExpression): Origin | undefined {
  const ts = model.context.ts;
  let node: TS.Expression = call.expression;
  while (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node)) {
    node = ts.isPropertyAccessExpression(node) ? node.expression : node.expression;
    if (ts.isCallExpression(node)) {
      for (const { role } of model.resolver.matchCall(node)) {
        if (role.role === 'data') return role.spec.op === 'read' ? { kind: 'read', table: undefined, orThrow: false } : { kind: 'write' };
      }
    }
  }
  return undefined;
}
