/** Small syntax helpers over TypeScript nodes (with `ts` passed in, never imported). */
import type * as TS from 'typescript';

export type FunctionLike =
  | TS.FunctionDeclaration
  | TS.FunctionExpression
  | TS.ArrowFunction
  | TS.MethodDeclaration
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration;

/** Strips parentheses, `await`, `!`, `as`, `satisfies` and type assertions. */
export function unwrap(ts: typeof TS, expression: TS.Expression): TS.Expression {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isAwaitExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

/** The node as a function with a body, if it is one. */
export function functionOf(ts: typeof TS, node: TS.Node): FunctionLike | undefined {
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body) {
    return node;
  }
  return undefined;
}

/** The text of a string literal or a template without substitutions. */
export function stringValue(ts: typeof TS, node: TS.Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = ts.isExpression(node as TS.Expression) ? unwrap(ts, node as TS.Expression) : node;
  return ts.isStringLiteralLike(inner) ? inner.text : undefined;
}

/** The nearest enclosing function of a node. */
export function enclosingFunction(ts: typeof TS, node: TS.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    const fn = functionOf(ts, current);
    if (fn) return fn;
    if (ts.isConstructorDeclaration(current) || ts.isGetAccessorDeclaration(current) || ts.isSetAccessorDeclaration(current)) {
      return current;
    }
  }
  return undefined;
}

/** Does the statement always leave the enclosing block (return, throw, continue, break)? */
export function isExit(ts: typeof TS, statement: TS.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) {
    return true;
  }
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && isExit(ts, last);
  }
  if (ts.isIfStatement(statement)) {
    return statement.elseStatement !== undefined && isExit(ts, statement.thenStatement) && isExit(ts, statement.elseStatement);
  }
  return false;
}

/**
 * The values a constructor body assigns to `this.<name>`, in source order, each marked when it sits
 * in a nested function (a callback that runs later, if ever).
 */
export function thisAssignments(ts: typeof TS, body: TS.Block, name: string): { readonly value: TS.Expression; readonly nested: boolean }[] {
  const found: { value: TS.Expression; nested: boolean }[] = [];
  const visit = (node: TS.Node, nested: boolean): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.left.name.text === name
    ) {
      found.push({ value: node.right, nested });
    }
    const inner = nested || ts.isFunctionLike(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  ts.forEachChild(body, (child) => visit(child, false));
  return found;
}
