/**
 * SQL text as a data operation: the statement kind, and the facts the handler rules read from it
 * (a relative `SET n = n + 1`, `ON CONFLICT DO NOTHING`, `FOR UPDATE`). The text comes from a
 * string literal, a template (its literal parts, `${…}` replaced by `?`), an `sql` tagged template,
 * or a `{ text }` query config. Text the analysis cannot see yields undefined.
 */
import type * as TS from 'typescript';
import type { DataOpKind, DataOpSpec } from '../catalogue/types.js';
import { findDeclaration } from './scope.js';
import { unwrap } from './syntax.js';

export type SqlKind = DataOpKind | 'begin' | 'commit' | 'rollback';

/** The SQL text of an argument, with substitutions shown as `?`. */
export function sqlText(ts: typeof TS, argument: TS.Expression | undefined, depth = 0): string | undefined {
  if (!argument || depth > 3) return undefined;
  const node = unwrap(ts, argument);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `?${span.literal.text}`).join('');
  if (ts.isTaggedTemplateExpression(node)) {
    // An `sql` tag interpolates columns (`${accounts.balance}`): keep their names so `SET` reads as SQL.
    const template = node.template;
    if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
    return template.head.text + template.templateSpans.map((span) => `${columnName(ts, span.expression) ?? '?'}${span.literal.text}`).join('');
  }
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) && property.name.text === 'text') {
        return sqlText(ts, property.initializer, depth + 1);
      }
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = sqlText(ts, node.left, depth + 1);
    const right = sqlText(ts, node.right, depth + 1);
    return left !== undefined || right !== undefined ? `${left ?? '?'}${right ?? '?'}` : undefined;
  }
  if (ts.isIdentifier(node)) {
    const declaration = findDeclaration(ts, node.text, node);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && isConst(ts, declaration)) {
      return sqlText(ts, declaration.initializer, depth + 1);
    }
  }
  return undefined;
}

/** `t.balance` → `balance`, `balance` → `balance`; other expressions have no column name. */
function columnName(ts: typeof TS, expression: TS.Expression): string | undefined {
  const node = unwrap(ts, expression);
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isIdentifier(node)) return node.text;
  return undefined;
}

function isConst(ts: typeof TS, declaration: TS.VariableDeclaration): boolean {
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
}

/** Comments and string literals removed, whitespace collapsed, upper case. */
function normalize(text: string): string {
  return text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/** The kind of statement the text is (its first keyword; a `WITH` decides by the main statement). */
export function sqlKind(text: string): SqlKind | undefined {
  const sql = normalize(text);
  const first = /^\(?\s*([A-Z]+)/.exec(sql)?.[1];
  switch (first) {
    case 'SELECT':
    case 'SHOW':
    case 'EXPLAIN':
      return 'read';
    case 'INSERT':
      return /\bON CONFLICT\b[^;]*\bDO UPDATE\b|\bON DUPLICATE KEY UPDATE\b/.test(sql) ? 'upsert' : 'insert';
    case 'REPLACE':
    case 'MERGE':
      return 'upsert';
    case 'UPDATE':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'BEGIN':
    case 'START':
      return 'begin';
    case 'COMMIT':
    case 'END':
      return 'commit';
    case 'ROLLBACK':
      return /^ROLLBACK TO\b/.test(sql) ? undefined : 'rollback';
    case 'WITH': {
      if (/\)\s*(INSERT)\b/.test(sql) || /\bAS\s*\(\s*INSERT\b/.test(sql)) return 'insert';
      if (/\)\s*UPDATE\b|\bAS\s*\(\s*UPDATE\b/.test(sql)) return 'update';
      if (/\)\s*DELETE\b|\bAS\s*\(\s*DELETE\b/.test(sql)) return 'delete';
      return 'read';
    }
    default:
      return undefined;
  }
}

/**
 * The column of a relative assignment in the text (`SET balance = balance - $1` → `balance`), if
 * any. An assignment from `EXCLUDED.x` or a literal is absolute.
 */
export function sqlRelativeColumn(text: string): string | undefined {
  const sql = normalize(text);
  const set = /\bSET\b([\s\S]*?)(\bWHERE\b|\bRETURNING\b|\bFROM\b|;|$)/.exec(sql);
  if (!set) return undefined;
  for (const assignment of splitTopLevel(set[1]!)) {
    const match = /^\s*(?:"?[A-Z_][A-Z0-9_]*"?\.)?"?([A-Z_][A-Z0-9_]*)"?\s*=\s*([\s\S]*)$/.exec(assignment);
    if (!match) continue;
    const column = match[1]!;
    if (readsItself(match[2]!, column)) return column.toLowerCase();
  }
  return undefined;
}

/** Does the expression combine the column's current value (not `EXCLUDED.col`) with an arithmetic or append operator? */
function readsItself(value: string, column: string): boolean {
  const reference = new RegExp(`(?:("?[A-Z_][A-Z0-9_]*"?)\\.)?"?\\b${column}\\b"?`, 'g');
  for (let match = reference.exec(value); match; match = reference.exec(value)) {
    if (match[1]?.replace(/"/g, '') === 'EXCLUDED') continue;
    const before = value.slice(0, match.index).trimEnd();
    const after = value.slice(match.index + match[0].length).trimStart();
    if (/^(\+|-|\*|\/|\|\|)/.test(after) || /(\+|-|\*|\|\|)$/.test(before)) return true;
    if (/\b(ARRAY_APPEND|ARRAY_PREPEND|ARRAY_CAT|JSONB_INSERT|CONCAT)\s*\($/.test(before)) return true;
  }
  return false;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** `INSERT … ON CONFLICT DO NOTHING`, `INSERT IGNORE`, `INSERT OR IGNORE`. */
export function sqlIgnoresConflict(text: string): boolean {
  const sql = normalize(text);
  return /\bON CONFLICT\b[^;]*\bDO NOTHING\b|^INSERT IGNORE\b|^INSERT OR IGNORE\b/.test(sql);
}

/** `RETURNING` at the end of the statement. */
export function sqlReturns(text: string): boolean {
  return /\bRETURNING\b/.test(normalize(text));
}

/** `SELECT … FOR UPDATE|SHARE|NO KEY UPDATE|KEY SHARE`, or an advisory transaction lock. */
export function sqlLocks(text: string): boolean {
  const sql = normalize(text);
  return /\bFOR (NO KEY )?UPDATE\b|\bFOR (KEY )?SHARE\b|\bPG_ADVISORY_XACT_LOCK\b|\bLOCK IN SHARE MODE\b/.test(sql);
}

/** The operation kind of a data call, reading SQL text where the catalogue says the call takes it. */
export function effectiveOpKind(ts: typeof TS, spec: DataOpSpec, call: TS.CallExpression | TS.NewExpression): SqlKind {
  if (!spec.sql) return spec.op;
  const text = sqlText(ts, call.arguments?.[spec.sql.arg]);
  const kind = text === undefined ? undefined : sqlKind(text);
  return kind ?? spec.op;
}

/** The main table a statement reads or writes (`SELECT … FROM t`, `INSERT INTO t`, `UPDATE t`, `DELETE FROM t`), lower-cased. */
export function sqlTable(text: string): string | undefined {
  const sql = normalize(text);
  const match =
    /^\s*(?:WITH\b[\s\S]*?\)\s*)?(?:INSERT\s+(?:IGNORE\s+|OR\s+IGNORE\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+("?[A-Z_][A-Z0-9_.]*"?)/.exec(sql) ??
    /\bFROM\s+("?[A-Z_][A-Z0-9_.]*"?)/.exec(sql);
  return match ? match[1]!.replace(/"/g, '').toLowerCase() : undefined;
}
