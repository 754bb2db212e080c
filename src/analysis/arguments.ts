/**
 * Argument conditions of catalogue patterns that a callee path alone cannot express: an effect
 * matched by the constructor of its argument (AWS SDK v3 `client.send(new SendMessageCommand(input))`).
 */
import type * as TS from 'typescript';
import type { Role } from './catalogue.js';
import type { Resolver } from './resolve.js';
import { findDeclaration } from './scope.js';
import { unwrap } from './syntax.js';

/** Does the call satisfy the role's argument conditions (none for most roles)? */
export function argumentsFit(resolver: Resolver, call: TS.CallExpression | TS.NewExpression, role: Role): boolean {
  if (role.role !== 'effect' || !role.spec.argumentConstructor) return true;
  return constructedArgument(resolver, call, role.spec.argumentConstructor) !== undefined;
}

/**
 * The `new X(input)` expression passed as argument `arg` (directly or through a `const` of this
 * file) when `X` resolves to `ref`.
 */
export function constructedArgument(
  resolver: Resolver,
  call: TS.CallExpression | TS.NewExpression,
  constructor: { readonly arg: number; readonly export: string },
): TS.NewExpression | undefined {
  const ts = resolver.ts;
  const argument = call.arguments?.[constructor.arg];
  if (!argument) return undefined;
  let inner = unwrap(ts, argument);
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(ts, inner.text, inner);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
    inner = unwrap(ts, declaration.initializer);
  }
  if (!ts.isNewExpression(inner)) return undefined;
  const callee = resolver.resolve(inner.expression);
  if (!callee) return undefined;
  const found = resolver.candidates(callee).some((c) => c.kind === 'export' && c.path.length === 0 && c.base === constructor.export);
  return found ? inner : undefined;
}
