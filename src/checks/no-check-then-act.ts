/**
 * no-check-then-act: a read followed by a write that the read's result decides, with nothing atomic
 * between them (see analysis/check-then-act.ts for the shapes and the safe forms). Reported at the
 * write. A guard-then-mark sequence (the read guards an effect, the write records it) is accepted
 * unless `checkGuards` is set.
 */
import type * as TS from 'typescript';
import { findCheckThenActs, type CheckThenAct } from '../analysis/check-then-act.js';
import type { FileModel, Handler } from '../analysis/model.js';
import { propertyValue } from '../analysis/model.js';
import { chainedCall } from '../analysis/relative.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import { calleeText, chainSuffix, jobLabel } from './describe.js';
import type { Check, Finding, Suggestion, TextEdit } from './types.js';

export const messages = {
  checkThenInsert:
    '{{write}} in {{job}}{{via}} inserts only when {{read}} on line {{line}} found nothing, and nothing makes the pair atomic: ' +
    'two runs of this job (a retry overlapping a stalled run, or two jobs for the same record) can both pass the check and both insert, ' +
    'leaving a duplicate. {{hint}}.',
  readModifyWrite:
    '{{write}} in {{job}}{{via}} writes a value computed from what {{read}} read on line {{line}}: two runs of this job can read the same ' +
    'value, and the second write silently erases the first (a lost update). {{hint}}.',
  nonAtomicGuard:
    '{{write}} in {{job}}{{via}} records work that {{read}} on line {{line}} checked in a separate step: two overlapping runs can both pass ' +
    'the check and both do the work before either records it. Claim the work atomically before doing it: {{hint}}.',
  useUpsert: 'Replace with `{{replacement}}` (creates only when no row matches `where`)',
  useOnConflict: 'Insert with `{{clause}}` (needs a unique index on the checked columns)',
  useSetOnInsert: 'Replace with an `updateOne(…, { $setOnInsert }, { upsert: true })` (needs a unique index on the filter)',
} as const;

export type MessageIds = keyof typeof messages;
export type Options = [{ checkGuards?: boolean }];

const INSERT_HINTS: Record<string, string> = {
  prisma: 'use `upsert` on the unique key (`{{receiver}}.upsert({ where, create, update: {} })`) or catch the unique violation (`P2002`)',
  drizzle: 'insert with `.onConflictDoNothing()` against a unique index',
  knex: 'insert with `.onConflict([<unique columns>]).ignore()` against a unique index',
  kysely: 'insert with `.onConflict((oc) => oc.column(<unique column>).doNothing())` against a unique index',
  typeorm: 'use `{{receiver}}.upsert(…, [<unique columns>])`, or a query-builder insert with `.orIgnore()`, against a unique index',
  sequelize: 'add a unique index and catch `UniqueConstraintError`, or use `findOrCreate` inside a transaction',
  mongoose: 'use `{{receiver}}.updateOne(filter, { $setOnInsert: doc }, { upsert: true })` with a unique index on the filter',
  mongodb: 'use `{{receiver}}.updateOne(filter, { $setOnInsert: doc }, { upsert: true })` with a unique index on the filter',
  pg: 'use `INSERT … ON CONFLICT DO NOTHING` against a unique index',
  redis: 'use `SET key value NX` and check its reply',
};
const RMW_HINTS: Record<string, string> = {
  prisma:
    'let the database do the arithmetic in one statement (`{{receiver}}.updateMany({ where: { id{{guard}} }, data: { {{field}}: { {{op}}: n } } })`, checking `count`), or read with `SELECT … FOR UPDATE` inside `$transaction`',
  typeorm:
    "let the database do the arithmetic in one conditional `UPDATE`, or read with `lock: { mode: 'pessimistic_write' }` inside a transaction",
  sequelize: 'let the database do the arithmetic (`decrement`) in one conditional statement, or read with `lock: t.LOCK.UPDATE` inside a transaction',
  mongoose: 'use one atomic `findOneAndUpdate` with `$inc` and a filter that checks the old value',
  mongodb: 'use one atomic `findOneAndUpdate` with `$inc` and a filter that checks the old value',
  redis: 'use `INCRBY`/`DECRBY`, or a Lua script that checks and writes in one step',
};
const RMW_DEFAULT =
  'let the database do the arithmetic in one statement (`UPDATE … SET {{field}} = {{field}} {{sign}} $1 WHERE id = $2{{sqlGuard}}`), or read the row with a lock (`FOR UPDATE`) in the same transaction';
const GUARD_HINT = 'an `updateMany`/`UPDATE … WHERE <not yet done>` whose count you check, an insert of a unique key whose duplicate you catch, or `SET key NX`';

export const check: Check<Options> = {
  id: 'no-check-then-act',
  messages,
  check(model, [options]) {
    const findings: Finding[] = [];
    const seen = new Map<TS.Node, Finding & { handlers: Handler[] }>();
    for (const handler of model.handlers) {
      if (handler.framework.replaying) continue;
      for (const pair of findCheckThenActs(model, handler)) {
        if (pair.write.step) continue;
        if (pair.guardThenMark && !options?.checkGuards) continue;
        const existing = seen.get(pair.write.call);
        if (existing) {
          if (!existing.handlers.includes(handler)) existing.handlers.push(handler);
          continue;
        }
        const finding = { ...report(model, handler, pair), handlers: [handler] };
        seen.set(pair.write.call, finding);
      }
    }
    for (const { handlers, ...finding } of seen.values()) {
      const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
      findings.push({ ...finding, data: { ...finding.data, job }, job });
    }
    return findings;
  },
};

function report(model: FileModel, handler: Handler, pair: CheckThenAct): Finding {
  const { ts, sourceFile } = model.context;
  const layer = pair.write.role.role === 'data' ? pair.write.role.entry.id : '';
  const receiver = receiverText(model, pair.write.call);
  const messageId: MessageIds = pair.guardThenMark ? 'nonAtomicGuard' : pair.shape === 'insert' ? 'checkThenInsert' : 'readModifyWrite';
  const template = pair.guardThenMark ? GUARD_HINT : pair.shape === 'insert' ? (INSERT_HINTS[layer] ?? INSERT_HINTS.pg!) : (RMW_HINTS[layer] ?? RMW_DEFAULT);
  const field = pair.shape === 'read-modify-write' ? computedField(ts, pair.link) : undefined;
  const operator = pair.link && ts.isBinaryExpression(pair.link) && pair.link.operatorToken.kind === ts.SyntaxKind.PlusToken ? 'increment' : 'decrement';
  const hint = template
    .replace('{{receiver}}', receiver ?? 'model')
    .replaceAll('{{field}}', field ?? 'balance')
    .replaceAll('{{op}}', operator)
    .replaceAll('{{sign}}', operator === 'increment' ? '+' : '-')
    .replace('{{guard}}', operator === 'increment' ? '' : `, ${field ?? 'balance'}: { gte: n }`)
    .replace('{{sqlGuard}}', operator === 'increment' ? '' : ` AND ${field ?? 'balance'} >= $1`);
  const line = sourceFile.getLineAndCharacterOfPosition(pair.read.call.getStart(sourceFile)).line + 1;
  const fixes = pair.shape === 'insert' && !pair.guardThenMark ? repairs(model, pair) : {};
  return {
    messageId,
    data: {
      write: `\`${calleeText(ts, sourceFile, pair.write.call)}\``,
      read: `\`${calleeText(ts, sourceFile, pair.read.call)}\``,
      line: String(line),
      job: jobLabel(model, handler),
      via: chainSuffix(model, pair.write),
      hint: capitalize(hint),
    },
    node: pair.write.expression,
    chain: pair.write.chain,
    ...(fixes.fix ? { fix: fixes.fix } : {}),
    ...(fixes.suggestions?.length ? { suggestions: fixes.suggestions } : {}),
  };
}

/** The column a read-modify-write sets: the property (`credits: account.credits + 10`) or member (`wallet.balance -= n`). */
function computedField(ts: typeof TS, link: TS.Node): string | undefined {
  if (ts.isBinaryExpression(link) && ts.isPropertyAccessExpression(link.left) && link.operatorToken.kind !== ts.SyntaxKind.PlusToken && link.operatorToken.kind !== ts.SyntaxKind.MinusToken) {
    return link.left.name.text;
  }
  if ((ts.isPostfixUnaryExpression(link) || ts.isPrefixUnaryExpression(link)) && ts.isPropertyAccessExpression(link.operand)) return link.operand.name.text;
  for (let node: TS.Node | undefined = link; node; node = node.parent) {
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteralLike(node.name))) return node.name.text;
    if (ts.isStatement(node) || ts.isFunctionLike(node)) break;
  }
  // `a.credits + n` with no property around it: the member it reads.
  if (ts.isBinaryExpression(link)) {
    const side = ts.isPropertyAccessExpression(link.left) ? link.left : ts.isPropertyAccessExpression(link.right) ? link.right : undefined;
    if (side) return side.name.text;
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function receiverText(model: FileModel, call: TS.CallExpression | TS.NewExpression): string | undefined {
  const ts = model.context.ts;
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.expression.getText(model.context.sourceFile).replace(/\s+/g, '') : undefined;
}

/** The autofix (Prisma, exact shape) or the suggestions, per data layer. */
function repairs(model: FileModel, pair: CheckThenAct): { fix?: readonly TextEdit[]; suggestions?: Suggestion[] } {
  const ts = model.context.ts;
  const layer = pair.write.role.role === 'data' ? pair.write.role.entry.id : '';
  const write = pair.write.call;
  const read = pair.read.call;
  if (!ts.isCallExpression(write) || !ts.isCallExpression(read)) return {};
  const text = (node: TS.Node) => node.getText(model.context.sourceFile);
  if (layer === 'prisma') return prismaRepairs(model, pair, read, write);
  if (layer === 'drizzle' || layer === 'kysely') {
    const values = chainedCall(ts, write, 'values');
    if (!values) return {};
    const clause = layer === 'drizzle' ? '.onConflictDoNothing()' : '.onConflict((oc) => oc.doNothing())';
    return { suggestions: [{ messageId: 'useOnConflict', data: { clause }, edits: [{ range: [values.getEnd(), values.getEnd()], text: clause }] }] };
  }
  if (layer === 'knex') {
    const columns = knexWhereColumns(model, read);
    if (!columns) return {};
    const clause = `.onConflict([${columns.map((c) => `'${c}'`).join(', ')}]).ignore()`;
    return { suggestions: [{ messageId: 'useOnConflict', data: { clause }, edits: [{ range: [write.getEnd(), write.getEnd()], text: clause }] }] };
  }
  if (layer === 'mongodb' || layer === 'mongoose') {
    const method = ts.isPropertyAccessExpression(write.expression) ? write.expression.name.text : '';
    const receiver = receiverText(model, write);
    const filter = read.arguments[0];
    const doc = write.arguments[0];
    if (!receiver || !filter || !doc || write.arguments.length !== 1 || !['insertOne', 'create'].includes(method)) return {};
    if (ts.isArrayLiteralExpression(unwrap(ts, doc))) return {};
    const replacement = `${receiver}.updateOne(${text(filter)}, { $setOnInsert: ${text(doc)} }, { upsert: true })`;
    return { suggestions: [{ messageId: 'useSetOnInsert', edits: [{ range: [write.getStart(model.context.sourceFile), write.getEnd()], text: replacement }] }] };
  }
  return {};
}

function prismaRepairs(model: FileModel, pair: CheckThenAct, read: TS.CallExpression, write: TS.CallExpression): { fix?: readonly TextEdit[]; suggestions?: Suggestion[] } {
  const ts = model.context.ts;
  const sourceFile = model.context.sourceFile;
  const text = (node: TS.Node) => node.getText(sourceFile);
  const method = (call: TS.CallExpression) => (ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : '');
  if (!['findUnique', 'findFirst'].includes(method(read)) || method(write) !== 'create') return {};
  const readReceiver = receiverText(model, read);
  const writeReceiver = receiverText(model, write);
  if (!readReceiver || readReceiver !== writeReceiver) return {};
  const where = onlyProperty(ts, read.arguments, 'where');
  const data = onlyProperty(ts, write.arguments, 'data');
  if (!where || !data) return {};
  const replacement = `${writeReceiver}.upsert({ where: ${text(where)}, create: ${text(data)}, update: {} })`;
  const suggestion: Suggestion = {
    messageId: 'useUpsert',
    data: { replacement: `${writeReceiver}.upsert({ where, create, update: {} })` },
    edits: [{ range: [write.getStart(sourceFile), write.getEnd()], text: replacement }],
  };
  // `findFirst` takes any filter; `upsert` needs a unique one: a suggestion only.
  if (method(read) !== 'findUnique') return { suggestions: [suggestion] };
  const exact = exactPrismaPair(model, pair, write);
  if (!exact) return { suggestions: [suggestion] };
  const indent = '';
  return { fix: [{ range: [exact.from.getStart(sourceFile), exact.to.getEnd()], text: `${indent}await ${replacement};` }] };
}

/** The single property `name` of the only (object-literal) argument: `{ where: … }`, `{ data: … }`. */
function onlyProperty(ts: typeof TS, args: readonly TS.Expression[], name: string): TS.Expression | undefined {
  if (args.length !== 1) return undefined;
  const object = unwrap(ts, args[0]!);
  if (!ts.isObjectLiteralExpression(object) || object.properties.length !== 1) return undefined;
  return propertyValue(ts, object, name);
}

/**
 * `const v = await prisma.m.findUnique({ where });` immediately followed by
 * `if (!v) { await prisma.m.create({ data }); }` (or `v === null`, `v == null`), no `else`, and `v`
 * used nowhere else: equivalent to `await prisma.m.upsert({ where, create: data, update: {} });`.
 */
function exactPrismaPair(model: FileModel, pair: CheckThenAct, write: TS.CallExpression): { from: TS.Statement; to: TS.Statement } | undefined {
  const ts = model.context.ts;
  const variable = pair.variable;
  if (!variable || !ts.isIdentifier(variable.name)) return undefined;
  const list = variable.parent;
  const declaration = list?.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !declaration || !ts.isVariableStatement(declaration)) return undefined;
  const block = declaration.parent;
  if (!block || !(ts.isBlock(block) || ts.isSourceFile(block))) return undefined;
  const next = block.statements[block.statements.indexOf(declaration) + 1];
  if (!next || !ts.isIfStatement(next) || next.elseStatement || pair.link !== next.expression) return undefined;
  if (!isAbsenceTest(ts, next.expression, variable.name.text)) return undefined;
  const body = ts.isBlock(next.thenStatement) ? next.thenStatement.statements : [next.thenStatement];
  if (body.length !== 1) return undefined;
  const only = body[0]!;
  if (!ts.isExpressionStatement(only)) return undefined;
  const expression = only.expression;
  if (!(ts.isAwaitExpression(expression) && expression.expression === write)) return undefined;
  // `v` must not be read anywhere but in the condition.
  const name = variable.name.text;
  let usedElsewhere = false;
  const scope = block;
  const visit = (node: TS.Node): void => {
    if (usedElsewhere) return;
    if (ts.isIdentifier(node) && node.text === name && node !== variable.name && !isWithin(node, next.expression)) {
      if (findDeclaration(ts, name, node) === variable) usedElsewhere = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  if (usedElsewhere) return undefined;
  if (ts.isAwaitExpression(unwrapParens(ts, variable.initializer!)) === false) return undefined;
  return { from: declaration, to: next };
}

function unwrapParens(ts: typeof TS, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function isWithin(node: TS.Node, container: TS.Node): boolean {
  for (let current: TS.Node | undefined = node; current; current = current.parent) if (current === container) return true;
  return false;
}

function isAbsenceTest(ts: typeof TS, condition: TS.Expression, name: string): boolean {
  const node = unwrapParens(ts, condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrapParens(ts, node.operand);
    return ts.isIdentifier(operand) && operand.text === name;
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return false;
    const [left, right] = [unwrapParens(ts, node.left), unwrapParens(ts, node.right)];
    const isName = (side: TS.Expression) => ts.isIdentifier(side) && side.text === name;
    const isNull = (side: TS.Expression) => side.kind === ts.SyntaxKind.NullKeyword;
    return (isName(left) && isNull(right)) || (isNull(left) && isName(right));
  }
  return false;
}

/** Columns of the read's `.where({ … })` object in a Knex chain, for `onConflict([...])`. */
function knexWhereColumns(model: FileModel, read: TS.CallExpression): string[] | undefined {
  const ts = model.context.ts;
  // Walk down the chain (`knex('t').where({ email }).first()`) to find `.where({ … })`.
  let node: TS.Expression = read;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text === 'where' && node.arguments.length === 1) {
      const object = unwrap(ts, node.arguments[0]!);
      if (!ts.isObjectLiteralExpression(object)) return undefined;
      const keys = object.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined));
      return keys.length > 0 && keys.every((key): key is string => key !== undefined) ? keys : undefined;
    }
    node = node.expression.expression;
  }
  return undefined;
}
