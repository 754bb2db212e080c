/**
 * Relative updates: writes that change a value by an amount instead of setting it (`increment`,
 * `$inc`, `INCR`, `SET n = n + 1`, `sql\`${t.n} + 1\``). Applied twice, they double-count. The facts
 * about which calls and operators are relative live in the catalogue (`DataOpSpec.relative`, `sql`);
 * this file reads them from a call.
 */
import type * as TS from 'typescript';
import type { DataOpSpec, RelativeSpec } from '../catalogue/types.js';
import { constantString, propertyValue, type Operation } from './model.js';
import type { Resolver } from './resolve.js';
import { sqlRelativeColumn, sqlText } from './sql.js';
import { unwrap } from './syntax.js';

export interface RelativeUpdate {
  /** What it does, for messages: "increments", "`$inc`", "`increment`", "`SET n = n + …`". */
  readonly verb: string;
  /** The column, field or key it changes, when the source names it. */
  readonly field: string | undefined;
  /** The node that makes it relative (the operator property, the SQL text, the call). */
  readonly node: TS.Node;
}

/** The relative update a data operation performs, if any. */
export function relativeUpdate(resolver: Resolver, op: Operation): RelativeUpdate | undefined {
  if (op.role.role !== 'data' || op.kind !== 'write') return undefined;
  const spec = op.role.spec;
  const call = op.call;
  if (!resolver.ts.isCallExpression(call)) return undefined;
  return (spec.relative && fromSpec(resolver, spec.relative, call, op)) ?? (spec.sql ? fromSql(resolver, spec, call) : undefined);
}

function fromSpec(resolver: Resolver, relative: RelativeSpec, call: TS.CallExpression, op: Operation): RelativeUpdate | undefined {
  const ts = resolver.ts;
  const method = op.callee.path[op.callee.path.length - 1] ?? 'update';
  if (relative.always) {
    return { verb: relative.verb ?? `\`${method}\``, field: alwaysField(resolver, call), node: call };
  }
  if (relative.operators) {
    const { arg, path, keys, fieldKeys } = relative.operators;
    let object: TS.Expression | undefined = call.arguments[arg];
    for (const segment of (path ?? '').split('.').filter(Boolean)) object = object ? propertyValue(ts, object, segment) : undefined;
    const literal = object && unwrap(ts, object);
    if (literal && ts.isObjectLiteralExpression(literal)) {
      for (const property of literal.properties) {
        const name = propertyName(ts, property);
        if (!name || !ts.isPropertyAssignment(property)) continue;
        if (keys?.includes(name)) {
          const inner = unwrap(ts, property.initializer);
          const field = ts.isObjectLiteralExpression(inner) ? inner.properties.map((p) => propertyName(ts, p)).find(Boolean) : undefined;
          return { verb: `\`${name}\``, field, node: property };
        }
        if (fieldKeys) {
          const inner = unwrap(ts, property.initializer);
          if (!ts.isObjectLiteralExpression(inner)) continue;
          for (const operator of inner.properties) {
            const key = propertyName(ts, operator);
            if (key && fieldKeys.includes(key)) return { verb: `\`${key}\``, field: name, node: operator };
          }
        }
      }
    }
  }
  if (relative.values) {
    const target = relative.values.chain ? chainedCall(ts, call, relative.values.chain) : call;
    const values = target ? valuesObject(ts, target.arguments[relative.values.arg]) : undefined;
    if (values) {
      for (const property of values.properties) {
        const name = propertyName(ts, property);
        if (!name || !ts.isPropertyAssignment(property)) continue;
        if (isSelfReference(resolver, name, property.initializer)) return { verb: `\`${name}\` computed from itself`, field: name, node: property };
      }
    }
  }
  return undefined;
}

function fromSql(resolver: Resolver, spec: DataOpSpec, call: TS.CallExpression): RelativeUpdate | undefined {
  const argument = call.arguments[spec.sql!.arg];
  const text = sqlText(resolver.ts, argument);
  const column = text === undefined ? undefined : sqlRelativeColumn(text);
  return column && argument ? { verb: `\`SET ${column} = ${column} …\``, field: column, node: argument } : undefined;
}

/** The column an `increment`-style call names: `'credits'`, `{ credits: 1 }`, or the Redis key. */
function alwaysField(resolver: Resolver, call: TS.CallExpression): string | undefined {
  const ts = resolver.ts;
  for (const argument of call.arguments) {
    const text = constantString(resolver, argument);
    if (text !== undefined) return text;
    const inner = unwrap(ts, argument);
    if (ts.isTemplateExpression(inner)) return inner.getText(resolver.context.sourceFile).slice(1, -1);
    if (ts.isArrayLiteralExpression(inner)) {
      const first = inner.elements[0];
      const name = first && constantString(resolver, first);
      if (name) return name;
    }
  }
  // `increment({ credits: 1 }, …)` names the field as a key (and the where clause as an object: skip ids).
  const first = call.arguments[0] && unwrap(ts, call.arguments[0]);
  if (first && ts.isObjectLiteralExpression(first) && call.arguments.length <= 2) {
    return first.properties.map((p) => propertyName(ts, p)).find(Boolean);
  }
  return undefined;
}

function propertyName(ts: typeof TS, property: TS.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The later call named `name` in the fluent chain that starts at `call` (`.set(…)` after `db.update(t)`). */
export function chainedCall(ts: typeof TS, call: TS.CallExpression, name: string): TS.CallExpression | undefined {
  let node: TS.Expression = call;
  for (;;) {
    const parent = node.parent;
    if (!parent || !ts.isPropertyAccessExpression(parent) || parent.expression !== node) return undefined;
    const grand = parent.parent;
    if (!grand || !ts.isCallExpression(grand) || grand.expression !== parent) return undefined;
    if (parent.name.text === name) return grand;
    node = grand;
  }
}

/** The names of the calls chained after `call` (`['values', 'onConflictDoNothing', 'returning']`). */
export function chainedNames(ts: typeof TS, call: TS.CallExpression): string[] {
  const names: string[] = [];
  let node: TS.Expression = call;
  for (;;) {
    const parent = node.parent;
    if (!parent || !ts.isPropertyAccessExpression(parent) || parent.expression !== node) return names;
    names.push(parent.name.text);
    const grand = parent.parent;
    if (!grand || !ts.isCallExpression(grand) || grand.expression !== parent) return names;
    node = grand;
  }
}

/** An object of column values, or the object a `(eb) => ({ … })` callback returns. */
function valuesObject(ts: typeof TS, argument: TS.Expression | undefined): TS.ObjectLiteralExpression | undefined {
  if (!argument) return undefined;
  let node = unwrap(ts, argument);
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) node = unwrap(ts, node.body);
  return ts.isObjectLiteralExpression(node) ? node : undefined;
}

/**
 * Does a value compute column `name` from its own current value? `sql\`${t.n} + 1\``,
 * `knex.raw('n + 1')`, `sequelize.literal('n + 1')`, `() => 'n + 1'` (TypeORM), `eb('n', '+', 1)` (Kysely).
 */
function isSelfReference(resolver: Resolver, name: string, value: TS.Expression): boolean {
  const ts = resolver.ts;
  const node = unwrap(ts, value);
  const relativeSql = (text: string | undefined): boolean =>
    text !== undefined && sqlRelativeColumn(`UPDATE t SET ${name} = ${text}`) === name.toLowerCase();
  if (ts.isTaggedTemplateExpression(node)) return relativeSql(sqlText(ts, node));
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !ts.isBlock(node.body)) {
    return relativeSql(constantString(resolver, node.body as TS.Expression));
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const [first, second] = node.arguments;
    if ((method === 'raw' || method === 'literal') && first) return relativeSql(sqlText(ts, first));
    // Kysely expression builder: `eb('n', '+', 1)`, `eb(eb.ref('n'), '+', 1)`
    if (node.arguments.length === 3 && second && /^[-+*/]$|^\|\|$/.test(constantString(resolver, second) ?? '')) {
      const column = first && (constantString(resolver, first) ?? refName(resolver, first));
      return column !== undefined && (column === name || column.endsWith(`.${name}`));
    }
  }
  return false;
}

function refName(resolver: Resolver, expression: TS.Expression): string | undefined {
  const ts = resolver.ts;
  const node = unwrap(ts, expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'ref' && node.arguments[0]) {
    return constantString(resolver, node.arguments[0]);
  }
  return undefined;
}
