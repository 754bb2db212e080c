/**
 * no-non-idempotent-update: a relative update (increment, `$inc`, `INCR`, `SET n = n + 1`, …) inside a
 * handler with no guard before it. Run twice, it counts twice; an absolute write converges.
 * Accepted: a guard (see analysis/guards.ts), an update that claims its own row (it sets, in the same
 * statement, a field its filter requires unset), and an update inside the same transaction as another
 * write that records the job (a retry of a committed job then fails or skips as a whole).
 */
import type * as TS from 'typescript';
import { bindingOf } from '../analysis/check-then-act.js';
import { findGuard, optionAt } from '../analysis/guards.js';
import { findDeclaration } from '../analysis/scope.js';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { propertyValue } from '../analysis/model.js';
import { relativeUpdate, type RelativeUpdate } from '../analysis/relative.js';
import { sqlText } from '../analysis/sql.js';
import { enclosingFunction, unwrap } from '../analysis/syntax.js';
import { calleeText, chainSuffix, jobLabel, jobParameter, recordBefore } from './describe.js';
import type { Check, Finding } from './types.js';

export const messages = {
  relativeUpdate:
    '{{update}} in {{job}}{{via}} {{verb}}{{field}} with no guard: jobs run at least once, so a retry or redelivery ' +
    'applies it again and the value drifts (counted twice, charged twice, pushed twice). Make it idempotent: {{hint}}.',
} as const;

export type MessageIds = keyof typeof messages;

export const check: Check = {
  id: 'no-non-idempotent-update',
  messages,
  check(model) {
    const byCall = new Map<TS.Node, { op: Operation; relative: RelativeUpdate; handlers: Handler[] }>();
    for (const handler of model.handlers) {
      // Replaying runtimes: writes outside steps are no-side-effect-outside-step's.
      if (handler.framework.replaying) continue;
      const operations = model.operations(handler);
      for (const op of operations) {
        if (op.kind !== 'write') continue;
        const relative = relativeUpdate(model.resolver, op);
        if (!relative) continue;
        if (findGuard(model, handler, op)) continue;
        if (claimsItsOwnRow(model, op)) continue;
        if (resultDecides(model, op)) continue;
        if (recordedInSameTransaction(model, op, operations)) continue;
        const seen = byCall.get(op.call);
        if (seen) {
          if (!seen.handlers.includes(handler)) seen.handlers.push(handler);
        } else byCall.set(op.call, { op, relative, handlers: [handler] });
      }
    }
    const findings: Finding[] = [];
    for (const { op, relative, handlers } of byCall.values()) {
      const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
      const { ts, sourceFile } = model.context;
      findings.push({
        messageId: 'relativeUpdate',
        data: {
          update: `\`${calleeText(ts, sourceFile, op.call)}\``,
          job,
          via: chainSuffix(model, op),
          verb: verbPhrase(relative),
          field: relative.field ? ` \`${relative.field}\`` : '',
          hint: hint(model, handlers[0]!, op),
        },
        node: op.expression,
        job,
        chain: op.chain,
      });
    }
    return findings;
  },
};

function verbPhrase(relative: RelativeUpdate): string {
  return relative.verb.startsWith('`') ? `applies ${relative.verb} to` : relative.verb;
}

function hint(model: FileModel, handler: Handler, op: Operation): string {
  const record = recordBefore(model, handler, op.chain[0] ?? op.call);
  if (record) {
    return (
      `guard it with a field that records this job's work, e.g. \`if (${record}.processedAt) return;\` before the update, ` +
      `and set \`processedAt\` in the same transaction as the update, or write an absolute value instead`
    );
  }
  const param = jobParameter(model, handler);
  const key = param ? `\`${param}.id\`` : handler.framework.firstParameterHasNoId ? 'the message id' : 'the job id';
  const layer = op.role.role === 'data' ? op.role.entry.id : '';
  if (layer === 'redis') {
    const id = param ? `\${${param}.id}` : '${jobId}';
    return (
      `claim the job first with \`SET applied:${id} 1 EX 86400 NX\` and return when the reply is null, ` +
      `or do the check and the increment in one Lua script`
    );
  }
  if (layer === 'mongoose' || layer === 'mongodb') {
    const id = param ? `${param}.id` : 'jobId';
    return (
      `let the update claim itself: add \`appliedJobs: { $ne: ${id} }\` to its filter and \`$addToSet: { appliedJobs: ${id} }\` ` +
      `to the same update, so a retry matches nothing`
    );
  }
  return (
    `record the job in a table with a unique key on ${key} inside the same transaction as the update ` +
    `(a retry then fails on the duplicate and rolls back), or write an absolute value instead`
  );
}

/**
 * The update claims its own row: the same statement sets a field absolutely that its filter tests
 * (`updateMany({ where: { id, credited: false }, data: { credited: true, balance: { increment: 5 } } })`,
 * `updateOne({ _id, credited: { $ne: true } }, { $inc: …, $set: { credited: true } })`,
 * `UPDATE … SET balance = balance + 5, credited = true WHERE id = $1 AND NOT credited`).
 * On a retry the filter matches nothing and the increment is not applied again.
 */
function claimsItsOwnRow(model: FileModel, op: Operation): boolean {
  const ts = model.context.ts;
  if (op.role.role !== 'data' || !ts.isCallExpression(op.call)) return false;
  const spec = op.role.spec;
  const args = op.call.arguments;
  const keysOf = (expression: TS.Expression | undefined): string[] => {
    const object = expression && unwrap(ts, expression);
    if (!object || !ts.isObjectLiteralExpression(object)) return [];
    return object.properties.flatMap((p) =>
      p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && !ts.isShorthandPropertyAssignment(p) ? [p.name.text] : [],
    );
  };
  const ignored = new Set(['id', '_id', 'uuid', 'key']);
  const filterKeys = (expression: TS.Expression | undefined) => keysOf(expression).filter((key) => !ignored.has(key) && !key.startsWith('$'));
  const relative = spec.relative;
  if (relative?.operators?.fieldKeys && relative.operators.path) {
    // Prisma: `where` and `data` in one argument; an absolute `data` field that `where` tests.
    const argument = args[relative.operators.arg];
    const where = argument && propertyValue(ts, argument, 'where');
    const data = argument && optionAt(ts, argument, relative.operators.path);
    const dataObject = data && unwrap(ts, data);
    if (!where || !dataObject || !ts.isObjectLiteralExpression(dataObject)) return false;
    const absolute = dataObject.properties.flatMap((p) => {
      if (!ts.isPropertyAssignment(p) || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))) return [];
      const value = unwrap(ts, p.initializer);
      return ts.isObjectLiteralExpression(value) ? [] : [p.name.text];
    });
    return filterKeys(where).some((key) => absolute.includes(key));
  }
  if (relative?.operators?.keys) {
    // Mongo: filter in argument 0, `$set` in the update argument.
    const update = args[relative.operators.arg];
    const setKeys = ['$set', '$addToSet', '$push'].flatMap((operator) => keysOf(update && propertyValue(ts, update, operator)));
    return filterKeys(args[0]).some((key) => setKeys.includes(key));
  }
  if (spec.sql) {
    const text = sqlText(ts, args[spec.sql.arg])?.toUpperCase().replace(/\s+/g, ' ');
    const match = text && /\bSET\b(.*?)\bWHERE\b(.*)$/.exec(text);
    if (!match) return false;
    const assigned = [...match[1]!.matchAll(/(?:^|,)\s*"?([A-Z_][A-Z0-9_]*)"?\s*=\s*(TRUE|FALSE|NOW\(\)|CURRENT_TIMESTAMP|'[^']*'|\$\d+|\?)\s*(?=,|$)/g)].map((m) => m[1]!);
    return assigned.some((column) => column !== 'ID' && new RegExp(`\\b${column}\\b`).test(match[2]!));
  }
  return false;
}

/**
 * Another absolute write in the same transaction scope (a unique insert of the job's record, a status
 * update): when the job committed, its retry fails or is skipped together with the increment.
 */
function recordedInSameTransaction(model: FileModel, op: Operation, operations: readonly Operation[]): boolean {
  const handle = manualHandle(model, op);
  if (!op.transaction && !handle) return false;
  return operations.some(
    (other) =>
      other !== op &&
      other.kind === 'write' &&
      other.call !== op.call &&
      (op.transaction ? other.transaction?.call === op.transaction.call : manualHandle(model, other) === handle) &&
      relativeUpdate(model.resolver, other) === undefined,
  );
}

/**
 * The receiver of an operation that runs on a manual transaction handle (a pg client checked out
 * for `BEGIN … COMMIT`, a Kysely controlled transaction), as text: writes through the same handle
 * share its transaction.
 */
function manualHandle(model: FileModel, op: Operation): string | undefined {
  const ts = model.context.ts;
  if (op.callee.kind !== 'instance') return undefined;
  const isHandle = model.context.catalogue.entries.some(
    (entry) => entry.kind === 'data' && (entry.manualTransactions ?? []).some((manual) => manual.begin !== undefined && manual.handle === op.callee.base),
  );
  const callee = op.call.expression;
  if (!isHandle || !ts.isPropertyAccessExpression(callee)) return undefined;
  return `${op.callee.base}:${callee.expression.getText(model.context.sourceFile)}`;
}

/**
 * The update's own result decides what happens next (`if ((await redis.incr(key)) > 1) return`,
 * `const n = await redis.incr(key); if (n > limit) throw …`): a counter used as a claim or a limit,
 * where counting every attempt is the point.
 */
function resultDecides(model: FileModel, op: Operation): boolean {
  const ts = model.context.ts;
  const isCondition = (node: TS.Node): boolean => {
    const parent = node.parent;
    return (
      !!parent &&
      ((ts.isIfStatement(parent) && parent.expression === node) ||
        (ts.isConditionalExpression(parent) && parent.condition === node) ||
        (ts.isWhileStatement(parent) && parent.expression === node))
    );
  };
  // Directly inside a condition.
  for (let node: TS.Node = op.expression; node.parent && !ts.isStatement(node) && !ts.isFunctionLike(node); node = node.parent) {
    if (isCondition(node)) return true;
  }
  const variable = bindingOf(ts, op);
  if (!variable) return false;
  const names = new Set<TS.Node>();
  const collect = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  collect(variable.name);
  const fn = enclosingFunction(ts, op.call);
  let decided = false;
  const visit = (node: TS.Node): void => {
    if (decided) return;
    if (ts.isIdentifier(node) && node.pos > op.call.end) {
      const declaration = findDeclaration(ts, node.text, node);
      const bound = declaration && (ts.isVariableDeclaration(declaration) || ts.isBindingElement(declaration)) ? declaration.name : undefined;
      if (bound && names.has(bound)) {
        for (let up: TS.Node = node; up.parent && !ts.isStatement(up); up = up.parent) {
          if (isCondition(up)) {
            decided = true;
            return;
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn?.body) visit(fn.body);
  return decided;
}
