/**
 * Handlers recognised from a module's own shape rather than from a registering call:
 * - `default-export-method`: a method of the default-exported object (Cloudflare Queues
 *   `export default { async queue(batch, env) {} }`), only when a parameter is annotated with a
 *   platform type (`MessageBatch`) or the object `satisfies ExportedHandler<Env>`;
 * - `module-exports`: exported functions of a module that imports one of the framework's modules
 *   (Temporal activities import `@temporalio/activity`), unless the file is the worker bootstrap.
 */
import type * as TS from 'typescript';
import type { Handler } from './model.js';
import type { Resolver } from './resolve.js';
import { functionOf, unwrap, type FunctionLike } from './syntax.js';

export function moduleHandlers(resolver: Resolver): Handler[] {
  const ts = resolver.ts;
  const { sourceFile, catalogue } = resolver.context;
  const found: Handler[] = [];
  for (const { entry, spec } of catalogue.moduleHandlers) {
    if (spec.shape === 'default-export-method') {
      for (const statement of sourceFile.statements) {
        if (!ts.isExportAssignment(statement) || statement.isExportEquals) continue;
        const objectTyped = typeNames(ts, statement.expression).some((name) => spec.objectTypes.includes(name));
        const object = unwrap(ts, statement.expression);
        if (!ts.isObjectLiteralExpression(object)) continue;
        for (const property of object.properties) {
          const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
          if (name !== spec.method) continue;
          let fn: FunctionLike | undefined;
          if (ts.isMethodDeclaration(property) && property.body) fn = property;
          else if (ts.isPropertyAssignment(property)) fn = functionOf(ts, unwrap(ts, property.initializer));
          if (!fn) continue;
          const paramTyped = fn.parameters.some((parameter) => typeNames(ts, parameter.type).some((n) => spec.paramTypes.includes(n)));
          if (objectTyped || paramTyped) found.push({ framework: entry, spec, fn, name: undefined, site: property });
        }
      }
    } else {
      const imports = sourceFile.statements.some(
        (statement) =>
          ts.isImportDeclaration(statement) &&
          ts.isStringLiteralLike(statement.moduleSpecifier) &&
          spec.modules.includes(catalogue.canonicalModule(statement.moduleSpecifier.text)),
      );
      if (!imports || (spec.unlessCalls && callsAny(resolver, sourceFile, spec.unlessCalls))) continue;
      for (const statement of sourceFile.statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported) continue;
        if (ts.isFunctionDeclaration(statement) && statement.body && statement.name) {
          found.push({ framework: entry, spec, fn: statement, name: statement.name.text, site: statement });
        } else if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            const fn = declaration.initializer && functionOf(ts, unwrap(ts, declaration.initializer));
            if (fn && ts.isIdentifier(declaration.name)) found.push({ framework: entry, spec, fn, name: declaration.name.text, site: declaration });
          }
        }
      }
    }
  }
  return found;
}

/** Names of the type references in a type annotation or `satisfies`/`as` clause (`ExportedHandler<Env>` → `ExportedHandler`). */
function typeNames(ts: typeof TS, node: TS.Node | undefined): string[] {
  if (!node) return [];
  let type: TS.TypeNode | undefined;
  if (ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) type = node.type;
  else if (ts.isTypeNode(node)) type = node;
  if (!type) return [];
  if (ts.isTypeReferenceNode(type)) return [ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text];
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.flatMap((t) => typeNames(ts, t));
  return [];
}

function callsAny(resolver: Resolver, sourceFile: TS.SourceFile, refs: readonly string[]): boolean {
  const ts = resolver.ts;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = resolver.resolve(node.expression);
      if (callee && resolver.candidates(callee).some((c) => c.kind === 'export' && refs.some((ref) => matches(c, ref)))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function matches(candidate: { base: string; path: readonly string[] }, ref: string): boolean {
  // `@temporalio/worker#Worker.create` style refs: base + dotted path.
  const [base, ...path] = ref.split('.');
  return candidate.base === base && candidate.path.join('.') === path.join('.');
}
