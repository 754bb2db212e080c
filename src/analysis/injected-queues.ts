/**
 * Queues that a dependency-injection container hands to a class (NestJS `@InjectQueue('emails')`):
 * the name in the decorator is the queue's, since nothing in the code constructs it.
 */
import type * as TS from 'typescript';
import type { Resolver } from './resolve.js';
import { stringValue, unwrap } from './syntax.js';

/**
 * The queue name injected into `this.<field>` (the receiver of `this.queue.add(...)`) by a decorator
 * that injects `type` (`@InjectQueue('emails')` as a constructor parameter property or on a field).
 * Undefined when the receiver is something else, the decorator names no literal queue, or the field
 * is also assigned elsewhere.
 */
export function injectedQueueName(resolver: Resolver, receiver: TS.Expression, type: string): string | undefined {
  const ts = resolver.ts;
  const inner = unwrap(ts, receiver);
  if (!ts.isPropertyAccessExpression(inner) || inner.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const field = inner.name.text;
  let cls: TS.Node | undefined = inner.parent;
  while (cls && !ts.isClassLike(cls)) {
    if (ts.isFunctionDeclaration(cls) || ts.isFunctionExpression(cls)) return undefined;
    cls = cls.parent;
  }
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const holders: TS.HasDecorators[] = [];
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === field) {
      if (member.initializer) return undefined;
      holders.push(member);
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === field && ts.getModifiers(parameter)?.length) holders.push(parameter);
      }
    }
  }
  if (holders.length !== 1) return undefined;
  for (const decorator of ts.getDecorators(holders[0]!) ?? []) {
    if (!ts.isCallExpression(decorator.expression)) continue;
    const ref = resolver.resolve(decorator.expression.expression);
    if (ref?.kind !== 'export' || ref.path.length !== 0 || resolver.context.catalogue.injected(ref.base) !== type) continue;
    return stringValue(ts, decorator.expression.arguments[0]);
  }
  return undefined;
}
