/**
 * no-non-serializable-job-data: payload values that do not survive the JSON round trip every queue
 * makes (`Date`, `Map`, `Set`, `BigInt`, functions, class instances, `Buffer`, `undefined` in arrays).
 * Syntactic for literals (and `const`s of this file they come from); by type when the model has a
 * type checker (a Prisma record with `Date` fields passed whole).
 */
import type * as TS from 'typescript';
import type { EnqueueSite, FileModel } from '../analysis/model.js';
import { propertyValue } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import { jobsOf } from './options.js';
import type { Check, Finding } from './types.js';

export const messages = {
  nonSerializable:
    '{{value}} in the payload of {{job}} does not survive JSON: {{why}}. The handler (and every retry) gets something ' +
    'else than you sent. Pass {{instead}} instead.',
} as const;

export type MessageIds = keyof typeof messages;

type Kind = 'date' | 'map' | 'set' | 'bigint' | 'function' | 'instance' | 'buffer' | 'undefined';

const WHY: Record<Kind, string> = {
  date: 'a `Date` arrives as an ISO string',
  map: 'a `Map` arrives as `{}`',
  set: 'a `Set` arrives as `{}`',
  bigint: '`JSON.stringify` throws on a BigInt',
  function: 'functions are dropped',
  instance: 'a class instance arrives as a plain object without its prototype or methods',
  buffer: "a `Buffer` arrives as `{ type: 'Buffer', data: [...] }`",
  undefined: '`undefined` in an array becomes `null`',
};
const INSTEAD: Record<Kind, string> = {
  date: 'an ISO string (`.toISOString()`) or an epoch number',
  map: 'a plain object (`Object.fromEntries(map)`)',
  set: 'an array (`[...set]`)',
  bigint: 'a string (`String(value)`)',
  function: 'the data the function needs, and do the work in the handler',
  instance: 'the fields the handler needs (usually an id) and load the entity in the handler',
  buffer: 'a base64 string or a storage key',
  undefined: '`null` or leave the element out',
};

const CONSTRUCTORS: Record<string, Kind> = {
  'global#Date': 'date',
  'global#Map': 'map',
  'global#WeakMap': 'map',
  'global#Set': 'set',
  'global#WeakSet': 'set',
  'global#Buffer': 'buffer',
  'buffer#Buffer': 'buffer',
};
/** Built-in constructors whose instances are plain data after JSON (arrays, boxed primitives, errors are not here). */
const PLAIN = new Set(['global#Object', 'global#Array', 'global#String', 'global#Number', 'global#Boolean']);

export const check: Check = {
  id: 'no-non-serializable-job-data',
  messages,
  check(model) {
    const findings: Finding[] = [];
    const seen = new Set<TS.Node>();
    for (const site of model.enqueues) {
      if (site.spec.rawPayload) continue;
      const job = `${site.framework.title} ${site.name !== undefined ? `job '${site.name}'` : 'job'}`;
      for (const payload of payloadsOf(model, site)) {
        for (const { node, kind, field } of offending(model, payload, 0)) {
          if (seen.has(node)) continue;
          seen.add(node);
          const value = describeValue(model, node, kind) + (field ? ` (its field \`${field}\`)` : '');
          findings.push({
            messageId: 'nonSerializable',
            data: { value, job, why: WHY[kind], instead: INSTEAD[kind] },
            node,
          });
        }
      }
    }
    return findings;
  },
};

function payloadsOf(model: FileModel, site: EnqueueSite): TS.Expression[] {
  const ts = model.context.ts;
  const out: TS.Expression[] = [];
  for (const job of jobsOf(model, site)) {
    let payload = job.payload;
    if (payload && site.spec.payloadProperty) payload = propertyValue(ts, payload, site.spec.payloadProperty);
    if (payload) out.push(payload);
  }
  return out;
}

function describeValue(model: FileModel, node: TS.Node, kind: Kind): string {
  const text = node.getText(model.context.sourceFile).replace(/\s+/g, ' ');
  const short = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  if (kind === 'undefined') return '`undefined`';
  return `\`${short}\``;
}

/** The values inside a payload expression that JSON would change. */
function offending(model: FileModel, expression: TS.Expression, depth: number): { node: TS.Expression; kind: Kind; field?: string }[] {
  const ts = model.context.ts;
  if (depth > 6) return [];
  const node = unwrap(ts, expression);
  if (ts.isObjectLiteralExpression(node)) {
    const out: { node: TS.Expression; kind: Kind; field?: string }[] = [];
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) out.push(...offending(model, property.initializer, depth + 1));
      else if (ts.isShorthandPropertyAssignment(property)) out.push(...offending(model, property.name, depth + 1));
      else if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) {
        if (ts.isMethodDeclaration(property)) out.push({ node: property as unknown as TS.Expression, kind: 'function' });
      } else if (ts.isSpreadAssignment(property)) out.push(...byType(model, property.expression, true));
    }
    return out;
  }
  if (ts.isArrayLiteralExpression(node)) {
    const out: { node: TS.Expression; kind: Kind; field?: string }[] = [];
    for (const element of node.elements) {
      const inner = unwrap(ts, element as TS.Expression);
      if (ts.isIdentifier(inner) && inner.text === 'undefined' && !findDeclaration(ts, 'undefined', inner)) out.push({ node: inner, kind: 'undefined' });
      else if (!ts.isSpreadElement(element)) out.push(...offending(model, element, depth + 1));
    }
    return out;
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) return [{ node, kind: 'function' }];
  if (ts.isBigIntLiteral(node)) return [{ node, kind: 'bigint' }];
  if (ts.isNewExpression(node)) {
    const callee = model.resolver.resolve(node.expression);
    const ref = callee && callee.kind === 'export' && callee.path.length === 0 ? callee.base : undefined;
    if (ref && CONSTRUCTORS[ref]) return [{ node, kind: CONSTRUCTORS[ref] }];
    if (ref && PLAIN.has(ref)) return [];
    // Any other `new X()` (a local class, an SDK object, an ORM entity) is a class instance.
    return [{ node, kind: 'instance' }];
  }
  if (ts.isCallExpression(node)) {
    const callee = model.resolver.resolve(node.expression);
    if (callee?.kind === 'export') {
      const ref = [callee.base, ...callee.path].join('.');
      if (ref === 'global#BigInt') return [{ node, kind: 'bigint' }];
      if (/^(global|buffer)#Buffer\.(from|alloc|allocUnsafe|concat)$/.test(ref)) return [{ node, kind: 'buffer' }];
    }
    return byType(model, node, false);
  }
  if (ts.isIdentifier(node)) {
    const declaration = findDeclaration(ts, node.text, node);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
      const inner = unwrap(ts, declaration.initializer);
      // Report at the use in the payload, for the value it holds.
      const found = offending(model, inner, depth + 1);
      if (found.length > 0) return ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner) ? found : found.map((f) => ({ node, kind: f.kind }));
      if (!ts.isCallExpression(inner) && !ts.isAwaitExpression(declaration.initializer)) return [];
    }
    // `id: string`: the declared type already says the value survives JSON; no checker needed.
    if (declaration && (ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) && jsonSafeType(ts, declaration.type)) return [];
    return byType(model, node, false);
  }
  if (ts.isPropertyAccessExpression(node)) return byType(model, node, false);
  return [];
}

/** A declared type whose values JSON keeps as they are: `string`, `number`, `boolean`, their literals, arrays of them. */
function jsonSafeType(ts: typeof TS, type: TS.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isArrayTypeNode(type)) return jsonSafeType(ts, type.elementType);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return jsonSafeType(ts, type.type);
  if (ts.isLiteralTypeNode(type)) {
    const literal = type.literal;
    return ts.isStringLiteral(literal) || ts.isNumericLiteral(literal) || literal.kind === ts.SyntaxKind.TrueKeyword || literal.kind === ts.SyntaxKind.FalseKeyword;
  }
  return type.kind === ts.SyntaxKind.StringKeyword || type.kind === ts.SyntaxKind.NumberKeyword || type.kind === ts.SyntaxKind.BooleanKeyword;
}

/** With a type checker: the value's declared type is a Date, Map, Set, bigint, function, Buffer or class instance (or holds one). */
function byType(model: FileModel, node: TS.Expression, spread: boolean): { node: TS.Expression; kind: Kind; field?: string }[] {
  const checker = model.context.checker;
  if (!checker) return [];
  const ts = model.context.ts;
  try {
    const type = checker.getTypeAtLocation(node);
    const found = typeKind(ts, checker, type, 0);
    // A spread copies own fields only: a class instance spread is plain data, its fields still count.
    if (!found || (found.kind === 'instance' && spread && !found.field)) return [];
    return [{ node, kind: found.kind, ...(found.field ? { field: found.field } : {}) }];
  } catch {
    return [];
  }
}

interface TypeFinding {
  readonly kind: Kind;
  /** The field path inside the value that holds it (`createdAt`, `customer.since`). */
  readonly field?: string;
}

function typeKind(ts: typeof TS, checker: TS.TypeChecker, type: TS.Type, depth: number): TypeFinding | undefined {
  const plain = (kind: Kind | undefined): TypeFinding | undefined => (kind ? { kind } : undefined);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
  if (type.flags & ts.TypeFlags.BigIntLike) return plain('bigint');
  if (type.isUnion()) {
    for (const member of type.types) {
      const found = typeKind(ts, checker, member, depth);
      if (found) return found;
    }
    return undefined;
  }
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  const symbol = type.getSymbol();
  const name = symbol?.getName();
  if (name === 'Date') return plain('date');
  if (name === 'Map' || name === 'WeakMap' || name === 'ReadonlyMap') return plain('map');
  if (name === 'Set' || name === 'WeakSet' || name === 'ReadonlySet') return plain('set');
  if (name === 'Buffer' || name === 'Uint8Array') return plain('buffer');
  if (type.getCallSignatures().length > 0) return plain('function');
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const element = checker.getTypeArguments(type as TS.TypeReference)[0];
    return element && depth < 2 ? typeKind(ts, checker, element, depth + 1) : undefined;
  }
  if (symbol && symbol.flags & ts.SymbolFlags.Class) return plain('instance');
  if (depth >= 2) return undefined;
  // A plain object type: look at its fields (a Prisma record's `createdAt: Date`).
  for (const property of type.getProperties()) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) continue;
    const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
    if (propertyType.getCallSignatures().length > 0 && (property.flags & ts.SymbolFlags.Method)) continue; // methods of the type are not data
    const found = typeKind(ts, checker, propertyType, depth + 1);
    if (found) return { kind: found.kind, field: found.field ? `${property.getName()}.${found.field}` : property.getName() };
  }
  return undefined;
}
