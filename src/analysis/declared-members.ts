/**
 * Members whose type is declared, not constructed: `env.QUEUE` where `env: Env` and
 * `interface Env { QUEUE: Queue<Body> }` (or a type literal, an intersection, or a type alias of
 * one). Platform bindings (Cloudflare `env.<BINDING>`) exist only as such declarations. Syntax only,
 * in the file of the use; a type declared in another file is left to the type checker.
 */
import type * as TS from 'typescript';
import { findDeclaration } from './scope.js';

/** The declared type of `receiver.name`, when `receiver` is a name whose annotation this file shows. */
export function declaredMemberType(ts: typeof TS, receiver: TS.Expression, name: string): TS.TypeNode | undefined {
  let root: TS.Expression = receiver;
  while (ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = findDeclaration(ts, root.text, root);
  if (!declaration || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration))) return undefined;
  if (!ts.isIdentifier(declaration.name)) return undefined;
  return memberOf(ts, declaration.type, name, root, 0);
}

/** An interface or type alias named `name` in scope at `from` (type declarations are not values). */
export function localTypeDeclaration(ts: typeof TS, name: string, from: TS.Node): TS.InterfaceDeclaration | TS.TypeAliasDeclaration | undefined {
  for (let node: TS.Node | undefined = from; node; node = node.parent) {
    if (!(ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node))) continue;
    for (const statement of node.statements) {
      if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === name) return statement;
    }
  }
  return undefined;
}

function memberOf(ts: typeof TS, type: TS.TypeNode | undefined, name: string, at: TS.Node, depth: number): TS.TypeNode | undefined {
  if (!type || depth > 4) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return memberOf(ts, type.type, name, at, depth + 1);
  if (ts.isTypeLiteralNode(type)) return memberIn(ts, type.members, name);
  if (ts.isIntersectionTypeNode(type)) {
    for (const part of type.types) {
      const found = memberOf(ts, part, name, at, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const declaration = localTypeDeclaration(ts, type.typeName.text, at);
    if (!declaration) return undefined;
    if (ts.isTypeAliasDeclaration(declaration)) return memberOf(ts, declaration.type, name, declaration, depth + 1);
    const own = memberIn(ts, declaration.members, name);
    if (own) return own;
    // `interface Env extends Base { … }`: members of a base declared in this file.
    for (const clause of declaration.heritageClauses ?? []) {
      for (const base of clause.types) {
        if (!ts.isIdentifier(base.expression)) continue;
        const reference = ts.factory.createTypeReferenceNode(base.expression.text);
        const found = memberOf(ts, reference, name, declaration, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function memberIn(ts: typeof TS, members: TS.NodeArray<TS.TypeElement>, name: string): TS.TypeNode | undefined {
  for (const member of members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const key = ts.isIdentifier(member.name) || ts.isStringLiteralLike(member.name) ? member.name.text : undefined;
    if (key === name) return member.type;
  }
  return undefined;
}
