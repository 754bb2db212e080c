/**
 * The declaration a module exports under a name, read from the syntax alone: `export function`,
 * `export const`, `export default`, `export { a as b }` (following the local import it may name),
 * `export { a } from './x'` and `export * from './x'`. The analyzer needs nothing more to follow a
 * helper or a queue into another file, and asking the type checker instead (as ts-morph's
 * `getExportedDeclarations` does) would build and bind the whole program first: most of a cold
 * run's time on a project where no expression needs its type.
 */
import type * as TS from 'typescript';
import { findDeclaration } from '../analysis/scope.js';

/** Resolves an import specifier of `fromFile` to a project source file (none for packages). */
export type ModuleLookup = (fromFile: TS.SourceFile, specifier: string) => TS.SourceFile | undefined;

/**
 * A function, class or variable declaration (a binding element for `export const { a } = …`), the
 * `export default <expression>` assignment, or undefined when the module has no such export or it
 * leads out of the project.
 */
export function exportedDeclaration(ts: typeof TS, file: TS.SourceFile, name: string, lookup: ModuleLookup, seen = new Set<TS.SourceFile>()): TS.Node | undefined {
  if (seen.has(file) || seen.size > 32) return undefined;
  seen.add(file);
  let fromStar: TS.Node | undefined;
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals || name !== 'default') continue;
      // `export default handler;` stands for the declaration of `handler`.
      if (ts.isIdentifier(statement.expression)) {
        const local = localDeclaration(ts, file, statement.expression.text, lookup, seen);
        if (local) return local;
      }
      return statement;
    }
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      const specifier = statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        const element = clause.elements.find((candidate) => !candidate.isTypeOnly && moduleExportName(candidate.name) === name);
        if (!element) continue;
        const original = moduleExportName(element.propertyName ?? element.name);
        if (specifier === undefined) return localDeclaration(ts, file, original, lookup, seen);
        const target = lookup(file, specifier);
        return target && exportedDeclaration(ts, target, original, lookup, seen);
      }
      // `export * from './x'` re-exports every name but the default; an explicit export wins over it.
      if (!clause && specifier !== undefined && name !== 'default' && !fromStar) {
        const target = lookup(file, specifier);
        fromStar = target && exportedDeclaration(ts, target, name, lookup, new Set(seen));
      }
      continue;
    }
    if (!hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword) || hasModifier(ts, statement, ts.SyntaxKind.DeclareKeyword)) continue;
    const isDefault = hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const exportedAs = isDefault ? 'default' : statement.name?.text;
      if (exportedAs !== name) continue;
      // Overloads: the signature with a body is the one to follow.
      if (ts.isFunctionDeclaration(statement) && !statement.body) {
        const implementation = file.statements.find(
          (other): other is TS.FunctionDeclaration => ts.isFunctionDeclaration(other) && !!other.body && other.name?.text === statement.name?.text,
        );
        return implementation ?? statement;
      }
      return statement;
    }
    if (ts.isVariableStatement(statement) && !isDefault) {
      for (const declaration of statement.declarationList.declarations) {
        const found = bindingNamed(ts, declaration.name, name);
        if (found) return found === declaration.name ? declaration : found;
      }
    }
  }
  return fromStar;
}

/** A module-level name: its declaration, or what it imports from another project file. */
function localDeclaration(ts: typeof TS, file: TS.SourceFile, name: string, lookup: ModuleLookup, seen: Set<TS.SourceFile>): TS.Node | undefined {
  const declaration = findDeclaration(ts, name, file);
  if (!declaration) return undefined;
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) {
    let statement: TS.Node = declaration;
    while (!ts.isImportDeclaration(statement)) statement = statement.parent;
    const specifier = (statement as TS.ImportDeclaration).moduleSpecifier;
    if (!ts.isStringLiteralLike(specifier)) return undefined;
    const target = lookup(file, specifier.text);
    const imported = ts.isImportClause(declaration) ? 'default' : moduleExportName(declaration.propertyName ?? declaration.name);
    return target && exportedDeclaration(ts, target, imported, lookup, seen);
  }
  if (ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration)) return undefined;
  return declaration;
}

/** The identifier or binding element that binds `name` in a declaration's name. */
function bindingNamed(ts: typeof TS, binding: TS.BindingName, name: string): TS.Node | undefined {
  if (ts.isIdentifier(binding)) return binding.text === name ? binding : undefined;
  for (const element of binding.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === name) return element;
    } else {
      const nested = bindingNamed(ts, element.name, name);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** `a` in `export { a }` or `'a'` in `export { x as 'a' }`: both hold their name in `text`. */
function moduleExportName(node: TS.ModuleExportName): string {
  return node.text;
}

function hasModifier(ts: typeof TS, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}
