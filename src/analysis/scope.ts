/**
 * Lexical name lookup on an unbound TypeScript AST. ESLint hands us a `ts.SourceFile` that was never
 * bound (no symbols without type information), so the analysis finds declarations itself: walk up
 * from a use to each enclosing scope and look for a declaration of that name. Hoisting is modelled
 * for function declarations and `var` at function level; that is all the precision we need to tell
 * an import from a parameter or a local.
 */
import type * as TS from 'typescript';

export type Declaration =
  | TS.VariableDeclaration
  | TS.BindingElement
  | TS.ParameterDeclaration
  | TS.ImportSpecifier
  | TS.ImportClause
  | TS.NamespaceImport
  | TS.ImportEqualsDeclaration
  | TS.FunctionDeclaration
  | TS.ClassDeclaration
  | TS.EnumDeclaration
  | TS.FunctionExpression
  | TS.ClassExpression;

const scopeTables = new WeakMap<TS.Node, Map<string, Declaration>>();

/** The declaration a name refers to at `from`, or undefined for a global (or an unknown name). */
export function findDeclaration(ts: typeof TS, name: string, from: TS.Node): Declaration | undefined {
  for (let node: TS.Node | undefined = from; node; node = node.parent) {
    const table = scopeTable(ts, node);
    const found = table?.get(name);
    if (found) return found;
  }
  return undefined;
}

function scopeTable(ts: typeof TS, node: TS.Node): Map<string, Declaration> | undefined {
  // Most ancestors of a use are expressions and statements that declare nothing: skip them cheaply.
  if (!ts.isFunctionLike(node) && !scopeKinds(ts).has(node.kind)) return undefined;
  const cached = scopeTables.get(node);
  if (cached) return cached;
  const table = buildTable(ts, node);
  if (table) scopeTables.set(node, table);
  return table;
}

const kindsByTs = new WeakMap<typeof TS, ReadonlySet<TS.SyntaxKind>>();

/** Node kinds besides function-likes for which `buildTable` may give a table. */
function scopeKinds(ts: typeof TS): ReadonlySet<TS.SyntaxKind> {
  let kinds = kindsByTs.get(ts);
  if (!kinds) {
    const k = ts.SyntaxKind;
    kinds = new Set([
      k.SourceFile, k.Block, k.ModuleBlock, k.CaseClause, k.DefaultClause, k.ClassExpression,
      k.ForStatement, k.ForOfStatement, k.ForInStatement, k.CatchClause,
    ]);
    kindsByTs.set(ts, kinds);
  }
  return kinds;
}

function buildTable(ts: typeof TS, node: TS.Node): Map<string, Declaration> | undefined {
  const table = new Map<string, Declaration>();
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    const statements = (node as TS.SourceFile | TS.Block | TS.ModuleBlock | TS.CaseClause).statements;
    for (const statement of statements) addStatement(ts, statement, table);
    if (ts.isBlock(node) && node.parent && ts.isFunctionLike(node.parent)) collectVarHoisting(ts, node, table);
    return table;
  }
  if (ts.isFunctionLike(node)) {
    for (const parameter of node.parameters) addBinding(ts, parameter.name, parameter, table);
    if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) table.set(node.name.text, node);
    return table;
  }
  if (ts.isClassExpression(node) && node.name) {
    table.set(node.name.text, node);
    return table;
  }
  if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const init = node.initializer;
    if (init && ts.isVariableDeclarationList(init)) {
      for (const declaration of init.declarations) addBinding(ts, declaration.name, declaration, table);
    }
    return table;
  }
  if (ts.isCatchClause(node) && node.variableDeclaration) {
    addBinding(ts, node.variableDeclaration.name, node.variableDeclaration, table);
    return table;
  }
  return undefined;
}

function addStatement(ts: typeof TS, statement: TS.Statement, table: Map<string, Declaration>): void {
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) addBinding(ts, declaration.name, declaration, table);
  } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    table.set(statement.name.text, statement);
  } else if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name) table.set(clause.name.text, clause);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) table.set(bindings.name.text, bindings);
    else if (bindings) for (const element of bindings.elements) table.set(element.name.text, element);
  } else if (ts.isImportEqualsDeclaration(statement)) {
    table.set(statement.name.text, statement);
  }
}

/** `var` declared anywhere in a function body is visible in the whole body. */
function collectVarHoisting(ts: typeof TS, body: TS.Block, table: Map<string, Declaration>): void {
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      for (const declaration of node.declarations) {
        if (ts.isIdentifier(declaration.name) && !table.has(declaration.name.text)) table.set(declaration.name.text, declaration);
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of body.statements) if (!ts.isVariableStatement(statement)) ts.forEachChild(statement, visit);
}

function addBinding(
  ts: typeof TS,
  name: TS.BindingName,
  declaration: TS.VariableDeclaration | TS.ParameterDeclaration,
  table: Map<string, Declaration>,
): void {
  if (ts.isIdentifier(name)) {
    table.set(name.text, declaration);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) table.set(element.name.text, element);
    else addBinding(ts, element.name, declaration, table);
  }
}

/**
 * For a binding element, the declaration it destructures from and the property path to it:
 * `const { step } = ctx` gives the `VariableDeclaration` and `['step']`; `([job]) => …` gives the
 * parameter and `['[0]']`. Returns undefined for computed keys and rest elements.
 */
export function bindingPath(
  ts: typeof TS,
  element: TS.BindingElement,
): { root: TS.VariableDeclaration | TS.ParameterDeclaration; path: string[] } | undefined {
  const path: string[] = [];
  let node: TS.Node = element;
  while (ts.isBindingElement(node)) {
    if (node.dotDotDotToken) return undefined;
    const pattern: TS.BindingPattern = node.parent;
    if (ts.isObjectBindingPattern(pattern)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key) || ts.isStringLiteral(key)) path.unshift(key.text);
      else return undefined;
    } else {
      path.unshift(`[${pattern.elements.indexOf(node)}]`);
    }
    node = pattern.parent;
  }
  if (ts.isVariableDeclaration(node) || ts.isParameter(node)) return { root: node, path };
  return undefined;
}
