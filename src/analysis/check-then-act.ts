/**
 * Check-then-act: a read whose result decides a later write of the same table, with nothing atomic
 * between them. Two runs of a job (a retry overlapping a stalled run, two jobs for one entity) can both
 * pass the check. Two shapes:
 * - **check then insert**: `const x = await findFirst(…); if (!x) await create(…)` (also `count === 0`);
 * - **read-modify-write**: an update whose values are computed from the read
 *   (`data: { balance: account.balance - amount }`, `account.balance -= n; await repo.save(account)`).
 * Safe forms: an upsert or an insert that ignores conflicts, a write whose unique-violation error is
 * caught, a read that locks its rows inside the same transaction, a serializable transaction.
 */
import type * as TS from 'typescript';
import type { FileModel, Handler, Operation } from './model.js';
import { chainedNames } from './relative.js';
import { findDeclaration } from './scope.js';
import { effectiveOpKind, sqlIgnoresConflict, sqlLocks, sqlTable, sqlText } from './sql.js';
import { enclosingFunction, isExit, unwrap } from './syntax.js';
import { optionAt, tableOf } from './guards.js';

export type CheckThenActShape = 'insert' | 'read-modify-write';

export interface CheckThenAct {
  readonly shape: CheckThenActShape;
  readonly read: Operation;
  readonly write: Operation;
  /** The variable the read's result is bound to, when it is one. */
  readonly variable: TS.VariableDeclaration | undefined;
  /** The condition that connects them (insert shape), or the value computed from the read. */
  readonly link: TS.Node;
  /**
   * The read guards other work before the write (an early exit, then an effect or write, then this
   * write records it): the guard-then-mark sequence the handler rules accept.
   */
  readonly guardThenMark: boolean;
}

/** Every check-then-act pair in a handler, one per write (the nearest deciding read). */
export function findCheckThenActs(model: FileModel, handler: Handler): CheckThenAct[] {
  const ts = model.context.ts;
  const operations = model.operations(handler);
  const found: CheckThenAct[] = [];
  operations.forEach((write, index) => {
    if (write.kind !== 'write' || write.role.role !== 'data' || !ts.isCallExpression(write.call)) return;
    if (isAtomicWrite(model, write)) return;
    const emulated = write.role.spec.selectThenWrite === true;
    const kind = effectiveOpKind(ts, write.role.spec, write.call);
    for (let i = index - 1; i >= 0; i--) {
      const read = operations[i]!;
      if (read.kind !== 'read' || read.role.role !== 'data') continue;
      if (enclosingFunction(ts, read.call) !== enclosingFunction(ts, write.call)) continue;
      const variable = bindingOf(ts, read);
      // `save()` of the row the read returned is an update of it; `save()` of a new object is an insert.
      const pair = emulated
        ? writesReadRow(ts, write, variable)
          ? readModifyWrite(model, read, write, variable, 'update')
          : checkThenInsert(model, read, write, variable)
        : kind === 'insert'
          ? checkThenInsert(model, read, write, variable)
          : readModifyWrite(model, read, write, variable, kind);
      if (!pair) continue;
      if (isCaught(ts, write.call, enclosingFunction(ts, write.call))) break;
      if (lockedInTransaction(model, read, write)) break;
      const guardThenMark =
        pair.shape === 'insert' &&
        pair.exit &&
        operations.slice(i + 1, index).some((op) => (op.kind === 'effect' || op.kind === 'enqueue' || op.kind === 'write') && op.call.pos > pair.link.end);
      found.push({ shape: pair.shape, read, write, variable, link: pair.link, guardThenMark });
      break;
    }
  });
  return found;
}

/** The variable declaration a read's awaited result is assigned to. */
export function bindingOf(ts: typeof TS, read: Operation): TS.VariableDeclaration | undefined {
  let node: TS.Node = read.expression;
  while (
    node.parent &&
    (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  return parent && ts.isVariableDeclaration(parent) && parent.initializer === node ? parent : undefined;
}

/** Does `node` mention the read: its call, or an identifier bound by its variable declaration? */
function mentions(ts: typeof TS, node: TS.Node, read: Operation, variable: TS.VariableDeclaration | undefined, memberOnly = false): boolean {
  let found = false;
  const visit = (child: TS.Node, underMember: boolean): void => {
    if (found) return;
    if (child === read.call) {
      found = !memberOnly || underMember;
      return;
    }
    if (ts.isIdentifier(child) && variable) {
      const declaration = findDeclaration(ts, child.text, child);
      if (declaration && (declaration === variable || isInside(declaration, variable.name)) && (!memberOnly || underMember)) found = true;
      return;
    }
    if (ts.isPropertyAccessExpression(child)) {
      visit(child.expression, true);
      return;
    }
    ts.forEachChild(child, (grand) => visit(grand, false));
  };
  visit(node, false);
  return found;
}

function isInside(node: TS.Node, container: TS.Node): boolean {
  for (let current: TS.Node | undefined = node; current; current = current.parent) if (current === container) return true;
  return false;
}

/** The table an operation writes or reads: its model/table name, or the receiver expression's text. */
export function targetKey(model: FileModel, op: Operation): string | undefined {
  const table = tableOf(model.resolver, op);
  if (table) return `table:${table}`;
  const callee = op.call.expression;
  const ts = model.context.ts;
  if (op.role.role === 'data' && op.role.spec.sql) {
    const text = sqlText(ts, op.call.arguments?.[op.role.spec.sql.arg]);
    const sqlTarget = text === undefined ? undefined : sqlTable(text);
    return sqlTarget ? `table:${sqlTarget}` : undefined;
  }
  if (ts.isPropertyAccessExpression(callee)) return `receiver:${callee.expression.getText(model.context.sourceFile).replace(/\s+/g, '')}`;
  return undefined;
}

/** `user.save()`, `repo.save(user)`: the write targets the very row the read bound to `variable`. */
function writesReadRow(ts: typeof TS, write: Operation, variable: TS.VariableDeclaration | undefined): boolean {
  if (!variable || !ts.isIdentifier(variable.name)) return false;
  const name = variable.name.text;
  const isName = (node: TS.Expression) => {
    const inner = unwrap(ts, node);
    return ts.isIdentifier(inner) && inner.text === name;
  };
  const callee = write.call.expression;
  return (ts.isPropertyAccessExpression(callee) && isName(callee.expression)) || (write.call.arguments ?? []).some(isName);
}

function sameTarget(model: FileModel, read: Operation, write: Operation, variable: TS.VariableDeclaration | undefined): boolean {
  const ts = model.context.ts;
  // `user.save()`, `repo.save(account)`: the row the read returned.
  if (variable && ts.isIdentifier(variable.name)) {
    const name = variable.name.text;
    const callee = write.call.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(unwrap(ts, callee.expression)) && (unwrap(ts, callee.expression) as TS.Identifier).text === name) return true;
    if ((write.call.arguments ?? []).some((argument) => ts.isIdentifier(unwrap(ts, argument)) && (unwrap(ts, argument) as TS.Identifier).text === name)) return true;
  }
  const a = targetKey(model, read);
  const b = targetKey(model, write);
  return a !== undefined && a === b;
}

/** `if (!x) create`, `if (x) return; create`, `count === 0 && insert`: the insert runs when the read found nothing. */
function checkThenInsert(
  model: FileModel,
  read: Operation,
  write: Operation,
  variable: TS.VariableDeclaration | undefined,
): { shape: 'insert'; link: TS.Node; exit: boolean } | undefined {
  const ts = model.context.ts;
  if (!sameTarget(model, read, write, variable)) return undefined;
  // An existence test must let the insert run when the row is absent; `if (!referrer) return; create(…)`
  // inserts when the row exists (an entity lookup). Tests of a field (`sub.status`) decide either way.
  const decides = (condition: TS.Expression, runsWhenTrue: boolean): boolean => {
    if (!mentions(ts, condition, read, variable)) return false;
    const absent = absenceWhenTrue(ts, condition, read, variable);
    return absent === undefined || absent === runsWhenTrue;
  };
  const boundary = enclosingFunction(ts, write.call);
  let child: TS.Node = write.call;
  for (let parent = write.call.parent; parent && parent !== boundary; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression && decides(parent.expression, child === parent.thenStatement)) {
      return { shape: 'insert', link: parent.expression, exit: false };
    }
    if (ts.isConditionalExpression(parent) && child !== parent.condition && decides(parent.condition, child === parent.whenTrue)) {
      return { shape: 'insert', link: parent.condition, exit: false };
    }
    if (
      ts.isBinaryExpression(parent) &&
      child === parent.right &&
      (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      decides(parent.left, parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    ) {
      return { shape: 'insert', link: parent.left, exit: false };
    }
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const statements = parent.statements;
      for (let i = statements.indexOf(child as TS.Statement) - 1; i >= 0; i--) {
        const statement = statements[i]!;
        if (statement.end < read.call.pos) break;
        if (ts.isIfStatement(statement) && isExit(ts, statement.thenStatement) && decides(statement.expression, false)) {
          return { shape: 'insert', link: statement.expression, exit: true };
        }
      }
    }
  }
  return undefined;
}

const EXISTENCE_MEMBERS = new Set(['length', 'rowCount', 'count', 'size']);

/**
 * Is the condition true exactly when the read found nothing? `!x`, `x === null`, `count === 0`,
 * `rows.length === 0` → true; `x`, `count > 0` → false; a test of a field (`x.status`) → undefined.
 */
function absenceWhenTrue(ts: typeof TS, condition: TS.Expression, read: Operation, variable: TS.VariableDeclaration | undefined): boolean | undefined {
  // The first mention of the read in the condition.
  let mention: TS.Node | undefined;
  const find = (node: TS.Node): void => {
    if (mention) return;
    if (node === read.call || (ts.isIdentifier(node) && variable && mentions(ts, node, read, variable))) {
      mention = node;
      return;
    }
    ts.forEachChild(node, find);
  };
  find(condition);
  if (!mention) return undefined;
  let negated = false;
  let node: TS.Node = mention;
  while (node !== condition && node.parent) {
    const parent: TS.Node = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      if (!EXISTENCE_MEMBERS.has(parent.name.text)) return undefined;
    } else if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) {
      negated = !negated;
    } else if (ts.isBinaryExpression(parent)) {
      const kind = parent.operatorToken.kind;
      const other = parent.left === node ? parent.right : parent.left;
      const empty = other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined') || (ts.isNumericLiteral(other) && other.text === '0');
      if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken) {
        // transparent
      } else if (kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken) {
        if (!empty) return undefined;
        negated = !negated;
      } else if (kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken) {
        if (!empty) return undefined;
      } else if (kind === ts.SyntaxKind.LessThanToken && parent.left === node && ts.isNumericLiteral(other) && other.text === '1') {
        negated = !negated;
      } else if (!(kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken)) {
        return undefined;
      }
    } else if (!(ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isNonNullExpression(parent))) {
      return undefined;
    }
    node = parent;
  }
  return negated;
}

const ARITHMETIC = new Set<number>();

/** An update whose values are computed from the read (`balance: account.balance - amount`), or a mutated row saved back. */
function readModifyWrite(
  model: FileModel,
  read: Operation,
  write: Operation,
  variable: TS.VariableDeclaration | undefined,
  kind: string,
): { shape: 'read-modify-write'; link: TS.Node } | undefined {
  const ts = model.context.ts;
  if (kind !== 'update' && kind !== 'upsert') return undefined;
  if (!variable || !sameTarget(model, read, write, variable)) return undefined;
  if (ARITHMETIC.size === 0) {
    for (const token of [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken]) ARITHMETIC.add(token);
  }
  const computed = (node: TS.Node): TS.Node | undefined => {
    let hit: TS.Node | undefined;
    const visit = (child: TS.Node): void => {
      if (hit || ts.isFunctionLike(child)) return;
      if (ts.isBinaryExpression(child) && ARITHMETIC.has(child.operatorToken.kind) && (mentions(ts, child.left, read, variable) || mentions(ts, child.right, read, variable))) {
        hit = child;
        return;
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return hit;
  };
  // The values passed to the write, and to the calls chained after it (`.set(…)`).
  const call = write.call as TS.CallExpression;
  const argumentsToScan: TS.Node[] = [...call.arguments];
  let node: TS.Node = call;
  while (node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.parent && ts.isCallExpression(node.parent.parent)) {
    node = node.parent.parent;
    argumentsToScan.push(...(node as TS.CallExpression).arguments);
  }
  for (const argument of argumentsToScan) {
    const hit = computed(argument);
    if (hit) return { shape: 'read-modify-write', link: hit };
  }
  // `account.balance -= amount; await repo.save(account)`: a field of the read row changed by arithmetic, then saved.
  const fn = enclosingFunction(ts, write.call);
  let mutation: TS.Node | undefined;
  const visit = (child: TS.Node): void => {
    if (mutation || (ts.isFunctionLike(child) && child !== fn)) return;
    if (child.pos > read.call.end && child.end < write.call.pos) {
      if (ts.isBinaryExpression(child) && ts.isPropertyAccessExpression(child.left) && mentions(ts, child.left.expression, read, variable)) {
        const operator = child.operatorToken.kind;
        const compound = operator === ts.SyntaxKind.PlusEqualsToken || operator === ts.SyntaxKind.MinusEqualsToken || operator === ts.SyntaxKind.AsteriskEqualsToken;
        if (compound || (operator === ts.SyntaxKind.EqualsToken && computed(child.right))) mutation = child;
      }
      if ((ts.isPostfixUnaryExpression(child) || ts.isPrefixUnaryExpression(child)) && ts.isPropertyAccessExpression(child.operand) && mentions(ts, child.operand.expression, read, variable)) {
        if (child.operator === ts.SyntaxKind.PlusPlusToken || child.operator === ts.SyntaxKind.MinusMinusToken) mutation = child;
      }
    }
    ts.forEachChild(child, visit);
  };
  if (fn?.body) visit(fn.body);
  return mutation ? { shape: 'read-modify-write', link: mutation } : undefined;
}

/** Inserts and updates that cannot duplicate or race by themselves. */
export function isAtomicWrite(model: FileModel, write: Operation): boolean {
  const ts = model.context.ts;
  if (write.role.role !== 'data' || !ts.isCallExpression(write.call)) return false;
  const spec = write.role.spec;
  const call = write.call;
  const kind = effectiveOpKind(ts, spec, call);
  if ((kind === 'upsert' && !spec.selectThenWrite) || kind === 'claim') return true;
  if (spec.claimWhen) {
    // `SET key value NX`, `{ NX: true }`, `{ condition: 'NX' }`: only the first caller writes.
    const { tokens = [], options = [] } = spec.claimWhen;
    for (const argument of call.arguments) {
      const inner = unwrap(ts, argument);
      if (ts.isStringLiteralLike(inner) && tokens.includes(inner.text)) return true;
      for (const option of options) {
        const value = optionAt(ts, argument, option.path);
        if (!value) continue;
        const literal = unwrap(ts, value);
        if (option.value === undefined ? literal.kind === ts.SyntaxKind.TrueKeyword : ts.isStringLiteralLike(literal) && literal.text === option.value) return true;
      }
    }
  }
  if (spec.conflictChain) {
    const names = chainedNames(ts, call);
    if ([...(spec.conflictChain.ignore ?? []), ...(spec.conflictChain.update ?? [])].some((name) => names.includes(name))) return true;
  }
  if (spec.skipDuplicatesOption) {
    const argument = call.arguments[spec.skipDuplicatesOption.arg];
    const value = argument && optionAt(ts, argument, spec.skipDuplicatesOption.path);
    if (value && value.kind === ts.SyntaxKind.TrueKeyword) return true;
  }
  if (spec.upsertOption && spec.optionsArg !== undefined) {
    const options = spec.optionsArg === 'last' ? call.arguments[call.arguments.length - 1] : call.arguments[spec.optionsArg];
    const value = options && optionAt(ts, options, spec.upsertOption);
    if (value && value.kind === ts.SyntaxKind.TrueKeyword) return true;
  }
  if (spec.sql) {
    const text = sqlText(ts, call.arguments[spec.sql.arg]);
    if (text !== undefined && sqlIgnoresConflict(text)) return true;
  }
  return false;
}

/** The write sits in a `try` whose `catch` handles the error (a unique violation) instead of always rethrowing. */
function isCaught(ts: typeof TS, node: TS.Node, boundary: TS.Node | undefined): boolean {
  let child: TS.Node = node;
  for (let parent = node.parent; parent && parent !== boundary; child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent) && child === parent.tryBlock && parent.catchClause) {
      const statements = parent.catchClause.block.statements;
      const first = statements[0];
      const alwaysRethrows = first !== undefined && statements.length === 1 && ts.isThrowStatement(first);
      if (!alwaysRethrows) return true;
    }
    // `.catch(() => …)` on the write's promise
    if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'catch' && parent.parent && ts.isCallExpression(parent.parent)) return true;
    if (ts.isFunctionLike(parent)) return false;
  }
  return false;
}

/** The read locks its rows (`FOR UPDATE`, `lock:`), or the transaction is serializable, and both run in it. */
function lockedInTransaction(model: FileModel, read: Operation, write: Operation): boolean {
  const ts = model.context.ts;
  const scope = read.transaction;
  // A manual transaction handle (`const c = await pool.connect(); c.query('BEGIN')`, Kysely
  // `startTransaction`): its begin/commit are not tracked as a scope, so a lock read through it counts.
  const onHandle = read.role.role === 'data' && read.callee.kind === 'instance' && isManualHandle(model, read.callee.base) && read.callee.base === write.callee.base;
  if (!onHandle && (!scope || write.transaction?.call !== scope.call)) return false;
  if (scope && /serializable/i.test(scope.call.getText(model.context.sourceFile).slice(0, 2000))) return true;
  if (read.role.role !== 'data' || !ts.isCallExpression(read.call)) return false;
  const spec = read.role.spec;
  if (spec.lockChain && chainNames(ts, read.call).some((name) => spec.lockChain!.includes(name))) return true;
  if (spec.lockOption) {
    for (const argument of read.call.arguments) {
      if (optionAt(ts, argument, spec.lockOption)) return true;
    }
  }
  if (spec.sql) {
    const text = sqlText(ts, read.call.arguments[spec.sql.arg]);
    if (text !== undefined && sqlLocks(text)) return true;
  }
  // Prisma has no lock API: `$queryRaw\`SELECT … FOR UPDATE\`` in the same transaction.
  return false;
}

/** Every method name of the fluent chain a call belongs to: before it (`.where().forUpdate()`) and after it. */
function chainNames(ts: typeof TS, call: TS.CallExpression): string[] {
  const names = chainedNames(ts, call);
  let node: TS.Expression = call.expression;
  while (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node)) {
    if (ts.isPropertyAccessExpression(node)) names.push(node.name.text);
    node = node.expression;
  }
  return names;
}

function isManualHandle(model: FileModel, type: string): boolean {
  return model.context.catalogue.entries.some(
    (entry) => entry.kind === 'data' && (entry.manualTransactions ?? []).some((manual) => manual.handle === type && manual.begin !== undefined),
  );
}
