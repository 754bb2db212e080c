/**
 * Definition sites behind instances: the `new Queue('emails', { defaultJobOptions })` a
 * `queue.add(...)` call goes to. Followed through `const`s, class fields (initializer or constructor
 * assignment) and, in the analyzer only, imports of another project file. When the construction
 * cannot be seen (an injected queue, a parameter, an imported queue in ESLint), the answer is
 * undefined and checks stay silent.
 */
import type * as TS from 'typescript';
import type { QueueDefinitionSpec } from '../catalogue/types.js';
import { resolverFor as resolverForContext, type Resolver } from './resolve.js';
import { findDeclaration } from './scope.js';
import { stringValue, thisAssignments, unwrap } from './syntax.js';

export interface QueueDefinition {
  /** The `new Queue(...)` (or factory call) that builds the queue. */
  readonly call: TS.NewExpression | TS.CallExpression;
  readonly name: string | undefined;
  /** How messages name the queue: its literal name, else the name expression (`getQueueName('gsc')`). */
  readonly label: string;
  /** The options argument: a literal, `undefined` when absent, `'unknown'` when hidden. */
  readonly options: TS.ObjectLiteralExpression | undefined | 'unknown';
  /** Index where an options argument would be inserted. */
  readonly optionsIndex: number;
  /** True when the definition is in another file (analyzer only). */
  readonly foreign: boolean;
}

/** The queue definition behind the receiver of `call` (`emails` in `emails.add(...)`). */
export function queueDefinitionOf(
  resolver: Resolver,
  call: TS.CallExpression | TS.NewExpression,
  spec: QueueDefinitionSpec,
): QueueDefinition | undefined {
  const ts = resolver.ts;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const origin = originOf(resolver, callee.expression, 0);
  if (!origin) return undefined;
  const { expression, resolver: owner } = origin;
  if (!(ts.isNewExpression(expression) || ts.isCallExpression(expression))) return undefined;
  const constructor = owner.resolve(expression.expression);
  if (!constructor) return undefined;
  const matches = owner
    .candidates(constructor)
    .some((candidate) => candidate.kind === 'export' && candidate.path.length === 0 && spec.constructors.includes(candidate.base as `${string}#${string}`));
  if (!matches) return undefined;
  return describe(ts, expression, spec, owner !== resolver);
}

/** Describes a queue construction call. */
export function describe(
  ts: typeof TS,
  expression: TS.NewExpression | TS.CallExpression,
  spec: QueueDefinitionSpec,
  foreign = false,
): QueueDefinition {
  const args = expression.arguments ?? ts.factory.createNodeArray();
  const name = stringValue(ts, args[spec.nameArg]);
  let options: QueueDefinition['options'];
  let optionsIndex = spec.optionsArg;
  if (spec.optionalArgs) {
    // Bull: `Queue(name, url?, opts?)`: the options are the last argument after the name, if an object.
    const rest = args.slice(spec.nameArg + 1);
    const last = rest[rest.length - 1];
    optionsIndex = spec.nameArg + 1;
    if (last) {
      const inner = unwrap(ts, last);
      if (ts.isObjectLiteralExpression(inner)) options = inner;
      else if (ts.isStringLiteralLike(inner) && rest.length === 1) options = undefined;
      else options = 'unknown';
      if (options === undefined) optionsIndex = spec.nameArg + 2;
    }
  } else {
    const argument = args[spec.optionsArg];
    if (argument) {
      const inner = unwrap(ts, argument);
      options = ts.isObjectLiteralExpression(inner) ? inner : 'unknown';
    }
  }
  return { call: expression, name, options, optionsIndex, foreign, label: queueLabel(ts, name, args[spec.nameArg]) };
}

/** `\`emails\`` for a literal name, else the name expression when short (`\`getQueueName('gsc')\``). */
export function queueLabel(ts: typeof TS, name: string | undefined, argument: TS.Expression | undefined): string {
  if (name !== undefined) return `\`${name}\``;
  const text = argument ? argument.getText().replace(/\s+/g, ' ') : '';
  return text && text.length <= 40 ? `\`${text}\`` : 'here';
}

/** The initializer a receiver expression was built from, and the resolver of its file. */
/** The `new X(…)` or call that built a value: through `const`s, class fields and (analyzer) imports. */
export function constructionSite(resolver: Resolver, expression: TS.Expression): TS.NewExpression | TS.CallExpression | undefined {
  const found = originOf(resolver, expression, 0)?.expression;
  return found && (resolver.ts.isNewExpression(found) || resolver.ts.isCallExpression(found)) ? found : undefined;
}

function originOf(resolver: Resolver, expression: TS.Expression, depth: number): { expression: TS.Expression; resolver: Resolver } | undefined {
  const ts = resolver.ts;
  if (depth > 8) return undefined;
  const inner = unwrap(ts, expression);
  if (ts.isNewExpression(inner) || ts.isCallExpression(inner)) return { expression: inner, resolver };
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(ts, inner.text, inner);
    if (!declaration) return undefined;
    if (ts.isVariableDeclaration(declaration)) {
      if (!declaration.initializer || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
      return originOf(resolver, declaration.initializer, depth + 1);
    }
    if ((ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) && resolver.context.host) {
      const module = importModule(ts, declaration);
      const name = ts.isImportSpecifier(declaration) ? (declaration.propertyName ?? declaration.name).text : 'default';
      const target = module && resolver.context.host.exportedDeclaration(resolver.context.sourceFile, module, name);
      if (target && ts.isVariableDeclaration(target) && target.initializer) {
        const foreign = resolverFor(resolver, target.getSourceFile());
        return originOf(foreign, target.initializer, depth + 1);
      }
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const initializer = classFieldInitializer(ts, inner, inner.name.text);
    return initializer ? originOf(resolver, initializer, depth + 1) : undefined;
  }
  return undefined;
}

function classFieldInitializer(ts: typeof TS, node: TS.Node, name: string): TS.Expression | undefined {
  let cls: TS.Node | undefined = node.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  let found: TS.Expression | undefined;
  let assignments = 0;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name && member.initializer) {
      found = member.initializer;
      assignments++;
    }
    if (ts.isConstructorDeclaration(member) && member.body) {
      // Callbacks count too: an assignment that may run later still makes the field ambiguous.
      for (const { value } of thisAssignments(ts, member.body, name)) {
        found = value;
        assignments++;
      }
    }
  }
  // Assigned in several places: which queue a call reaches is not knowable here.
  return assignments === 1 ? found : undefined;
}

function importModule(ts: typeof TS, node: TS.Node): string | undefined {
  let current: TS.Node | undefined = node;
  while (current && !ts.isImportDeclaration(current)) current = current.parent;
  return current && ts.isStringLiteralLike(current.moduleSpecifier) ? current.moduleSpecifier.text : undefined;
}

function resolverFor(resolver: Resolver, sourceFile: TS.SourceFile): Resolver {
  return resolverForContext({ ...resolver.context, sourceFile });
}
