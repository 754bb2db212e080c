/**
 * no-floating-side-effect: an effect, write, enqueue or transaction inside a handler whose promise is
 * neither awaited, returned nor combined (`Promise.all`). `void` does not count as handled. The
 * floating expression may be the operation itself or the call of a same-file helper that performs it.
 */
import type * as TS from 'typescript';
import type { FileModel, Handler, Operation } from '../analysis/model.js';
import { unwrap, type FunctionLike } from '../analysis/syntax.js';
import { chainTop } from '../analysis/model.js';
import { chainSuffix, jobLabel, operationLabel } from './describe.js';
import type { Check, Finding, TextEdit } from './types.js';

export const messages = {
  floating:
    '{{effect}} in {{job}}{{via}} is not awaited{{how}}: the job can finish before it does, and when it fails ' +
    'the error never reaches the retry logic. Await it, return it, or combine it with `Promise.all`.',
} as const;

export type MessageIds = keyof typeof messages;

const KINDS = new Set(['effect', 'write', 'enqueue', 'transaction']);
const COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);

type Floating = { readonly node: TS.Expression; readonly how: 'statement' | 'void' | 'forEach' | 'map' };

export const check: Check = {
  id: 'no-floating-side-effect',
  messages,
  check(model) {
    const byNode = new Map<TS.Node, { op: Operation; floating: Floating; handlers: Handler[] }>();
    for (const handler of model.handlers) {
      for (const op of model.operations(handler)) {
        if (!KINDS.has(op.kind)) continue;
        if (op.role.role === 'enqueue' && op.role.spec.synchronous) continue;
        if (op.transaction && op.kind !== 'transaction') continue; // the transaction's own promise decides
        const floating = floatingOf(model, handler, op);
        if (!floating) continue;
        const seen = byNode.get(floating.node);
        if (seen) {
          if (!seen.handlers.includes(handler)) seen.handlers.push(handler);
        } else {
          byNode.set(floating.node, { op, floating, handlers: [handler] });
        }
      }
    }
    const findings: Finding[] = [];
    for (const { op, floating, handlers } of byNode.values()) {
      const job = handlers.map((handler) => jobLabel(model, handler)).join(', ');
      const fix = awaitFix(model, floating.node);
      findings.push({
        messageId: 'floating',
        data: {
          effect: capitalize(operationLabel(model, op)),
          job,
          via: chainSuffix(model, op),
          how: HOW[floating.how],
        },
        node: floating.node,
        ...(fix ? { fix } : {}),
        job,
        chain: op.chain,
      });
    }
    return findings;
  },
};

const HOW: Record<Floating['how'], string> = {
  statement: '',
  void: ' (`void` discards the promise)',
  forEach: ' (`forEach` drops the promise of its async callback)',
  map: ' (the promises `map` returns are dropped)',
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The first expression on the way from the operation to the handler whose promise is dropped: the
 * operation's chain inside its function, then each helper call that leads to it.
 */
function floatingOf(model: FileModel, handler: Handler, op: Operation): Floating | undefined {
  const ts = model.context.ts;
  // Callback-style calls (`sendMail(opts, (err) => …)`) return no promise.
  const last = op.call.arguments?.[op.call.arguments.length - 1];
  if (last && (ts.isArrowFunction(last) || ts.isFunctionExpression(last)) && op.kind !== 'transaction') return undefined;
  const positions: TS.Expression[] = [op.expression, ...[...op.chain].reverse().map((call) => chainTop(ts, call))];
  for (const position of positions) {
    const floating = positionFloats(ts, position, handler.fn);
    if (floating) return floating;
  }
  return undefined;
}

/** Is the promise of `expression` dropped, in its function or through the inline callbacks around it? */
function positionFloats(ts: typeof TS, expression: TS.Expression, root: FunctionLike): Floating | undefined {
  let node: TS.Node = expression;
  let mapped = false;
  for (;;) {
    let parent = node.parent;
    while (
      parent &&
      (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent))
    ) {
      node = parent;
      parent = parent.parent;
    }
    if (!parent) return undefined;
    if (ts.isVoidExpression(parent)) return { node: expression, how: mapped ? 'map' : 'void' };
    if (ts.isExpressionStatement(parent)) return { node: expression, how: mapped ? 'map' : 'statement' };
    if (ts.isConditionalExpression(parent) && node !== parent.condition) {
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && node === parent.right && isLogicalOrComma(ts, parent.operatorToken.kind)) {
      node = parent;
      continue;
    }
    if (ts.isArrayLiteralExpression(parent)) {
      // `[a(), b()]` matters only as an argument of a combinator.
      const owner = parent.parent;
      if (owner && ts.isCallExpression(owner) && owner.arguments.includes(parent) && isPromiseCombinator(ts, owner)) return undefined;
      if (owner && (ts.isExpressionStatement(owner) || ts.isVoidExpression(owner))) return { node: expression, how: owner.kind === ts.SyntaxKind.VoidExpression ? 'void' : 'statement' };
      return undefined;
    }
    if ((ts.isArrowFunction(parent) && parent.body === node) || ts.isReturnStatement(parent) || ts.isAwaitExpression(parent)) {
      // Handled in its function; the function's own promise may still be dropped by an inline caller.
      const fn = ts.isArrowFunction(parent) && parent.body === node ? parent : enclosingFunctionLike(ts, parent);
      if (!fn || fn === root) return undefined;
      const dropped = droppedBy(ts, fn);
      if (dropped === 'forEach') return { node: expression, how: 'forEach' };
      if (dropped) {
        node = dropped;
        mapped = true;
        continue;
      }
      return undefined;
    }
    // Assigned, passed to a function, awaited later: the analysis cannot follow it, so it stays silent.
    return undefined;
  }
}

/**
 * What an inline function's promise becomes: `'forEach'` when `arr.forEach` drops it, the `map` call
 * (whose array carries the promises) for `arr.map(fn)`, otherwise undefined (the caller handles or
 * stores it, or the analysis cannot tell).
 */
function droppedBy(ts: typeof TS, fn: TS.SignatureDeclaration): 'forEach' | TS.CallExpression | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let node: TS.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== node || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  if (method === 'forEach') return 'forEach';
  if (method === 'map' || method === 'flatMap') return call;
  return undefined;
}

function enclosingFunctionLike(ts: typeof TS, node: TS.Node): TS.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}

function isLogicalOrComma(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken ||
    kind === ts.SyntaxKind.CommaToken
  );
}

/** `Promise.all([...])` and friends on the global `Promise`. */
function isPromiseCombinator(ts: typeof TS, call: TS.CallExpression): boolean {
  const callee = unwrap(ts, call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    COMBINATORS.has(callee.name.text) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise'
  );
}

/**
 * `await` it: only for a statement (`send();`, `void send();`) directly inside an async function,
 * where awaiting keeps every other behaviour.
 */
function awaitFix(model: FileModel, node: TS.Expression): TextEdit[] | undefined {
  const ts = model.context.ts;
  const sourceFile = node.getSourceFile();
  const parent = node.parent;
  let statement: TS.Node | undefined;
  let edit: TextEdit;
  if (parent && ts.isExpressionStatement(parent)) {
    statement = parent;
    edit = { range: [node.getStart(sourceFile), node.getStart(sourceFile)], text: 'await ' };
  } else if (parent && ts.isVoidExpression(parent) && parent.parent && ts.isExpressionStatement(parent.parent)) {
    statement = parent.parent;
    edit = { range: [parent.getStart(sourceFile), node.getStart(sourceFile)], text: 'await ' };
  } else {
    return undefined;
  }
  const fn = enclosingFunctionLike(ts, statement);
  const isAsync = fn !== undefined && (ts.getModifiers(fn as TS.HasModifiers) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  return isAsync ? [edit] : undefined;
}
