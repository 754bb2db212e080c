/**
 * Small control-flow questions over structured TypeScript code, shared by the failure-path rules:
 * - `unmarkedExits`: on which paths does a function reach its end (or a `return`) without passing a
 *   "mark" (an `ack`, a `nack`, a returned message)? Paths that end in a `throw` need no mark.
 * - `mayThrow`: does a block rethrow (or fail the job explicitly) on at least one path?
 * - `reachableFunctions`: the function and the same-file functions it calls, transitively.
 *
 * The analysis is syntactic and structured (blocks, if, switch, loops, try/catch/finally, labels,
 * break/continue); it never enters nested functions. It is conservative in one direction only: a
 * mark that may or may not happen inside one expression (`a && ack()`) does not count as marking.
 */
import type * as TS from 'typescript';
import { localFunction } from './model.js';
import type { Resolver } from './resolve.js';
import { unwrap, type FunctionLike } from './syntax.js';

export interface ExitOptions {
  /** Does this call mark the path (acknowledge the message, fail the job)? */
  readonly isMark: (call: TS.CallExpression | TS.NewExpression) => boolean;
  /**
   * Paths that need no mark: when `condition` evaluates to `outcome`, the branch is exempt (the
   * amqplib `msg === null` path, taken when a consumer is cancelled).
   */
  readonly isExempt?: (condition: TS.Expression, outcome: boolean) => boolean;
}

interface Flow {
  /** Can the statement complete normally on a path that is still unmarked? */
  readonly falls: boolean;
  /** `return` statements (or an arrow's expression body) reached unmarked. */
  readonly exits: readonly TS.Node[];
  /** Labels ('' for none) of `break`s reached unmarked. */
  readonly breaks: ReadonlySet<string>;
  /** Labels ('' for none) of `continue`s reached unmarked. */
  readonly continues: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();
const FALLS: Flow = { falls: true, exits: [], breaks: NONE, continues: NONE };
const MARKED: Flow = { falls: false, exits: [], breaks: NONE, continues: NONE };

/**
 * The exits of `fn` reachable on a path that passes no mark: `return` statements, an arrow
 * function's expression body, or the body itself when the end is reachable. Empty when every
 * non-throwing path marks.
 */
export function unmarkedExits(ts: typeof TS, fn: FunctionLike, options: ExitOptions): TS.Node[] {
  const body = fn.body;
  if (!body) return [];
  const analysis = new PathAnalysis(ts, options);
  if (!ts.isBlock(body)) return analysis.marks(body as TS.Expression) ? [] : [body];
  const flow = analysis.statement(body);
  return flow.falls ? [...flow.exits, body] : [...flow.exits];
}

/** Does the expression mark on every path through it? */
export function expressionMarks(ts: typeof TS, expression: TS.Expression, options: ExitOptions): boolean {
  return new PathAnalysis(ts, options).marks(expression);
}

class PathAnalysis {
  constructor(
    private readonly ts: typeof TS,
    private readonly options: ExitOptions,
  ) {}

  /** Does evaluating the expression always pass a mark? */
  marks(expression: TS.Node): boolean {
    const ts = this.ts;
    if (ts.isFunctionLike(expression) || ts.isClassLike(expression)) return false;
    if (ts.isConditionalExpression(expression)) {
      return this.marks(expression.condition) || (this.marks(expression.whenTrue) && this.marks(expression.whenFalse));
    }
    if (ts.isBinaryExpression(expression) && isShortCircuit(ts, expression.operatorToken.kind)) {
      return this.marks(expression.left);
    }
    if ((ts.isCallExpression(expression) || ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) && ts.isOptionalChain(expression)) {
      // `ch?.ack(msg)` may not run; only the object before `?.` is evaluated for sure.
      return this.marks(expression.expression);
    }
    if ((ts.isCallExpression(expression) || ts.isNewExpression(expression)) && this.options.isMark(expression)) {
      return true;
    }
    let found = false;
    expression.forEachChild((child) => {
      if (!found && this.marks(child)) found = true;
    });
    return found;
  }

  private exempt(condition: TS.Expression, outcome: boolean): boolean {
    return this.options.isExempt?.(condition, outcome) ?? false;
  }

  statement(statement: TS.Statement): Flow {
    const ts = this.ts;
    if (ts.isBlock(statement)) return this.sequence(statement.statements);
    if (ts.isExpressionStatement(statement)) return this.marks(statement.expression) ? MARKED : FALLS;
    if (ts.isVariableStatement(statement)) return this.marks(statement.declarationList) ? MARKED : FALLS;
    if (ts.isReturnStatement(statement)) {
      if (statement.expression && this.marks(statement.expression)) return MARKED;
      return { falls: false, exits: [statement], breaks: NONE, continues: NONE };
    }
    if (ts.isThrowStatement(statement)) return MARKED;
    if (ts.isIfStatement(statement)) {
      if (this.marks(statement.expression)) return MARKED;
      const then = this.exempt(statement.expression, true) ? MARKED : this.statement(statement.thenStatement);
      const otherwise = this.exempt(statement.expression, false)
        ? MARKED
        : statement.elseStatement
          ? this.statement(statement.elseStatement)
          : FALLS;
      return merge(then, otherwise);
    }
    if (ts.isBreakStatement(statement)) {
      return { falls: false, exits: [], breaks: new Set([statement.label?.text ?? '']), continues: NONE };
    }
    if (ts.isContinueStatement(statement)) {
      return { falls: false, exits: [], breaks: NONE, continues: new Set([statement.label?.text ?? '']) };
    }
    if (ts.isLabeledStatement(statement)) {
      const inner = this.statement(statement.statement);
      const label = statement.label.text;
      return {
        falls: inner.falls || inner.breaks.has(label),
        exits: inner.exits,
        breaks: without(inner.breaks, label),
        continues: without(inner.continues, label),
      };
    }
    if (ts.isTryStatement(statement)) return this.tryStatement(statement);
    if (ts.isSwitchStatement(statement)) return this.switchStatement(statement);
    if (ts.isDoStatement(statement)) {
      const body = this.statement(statement.statement);
      const reachesCondition = body.falls || body.continues.has('');
      const condition = reachesCondition && !this.marks(statement.expression);
      return loopExit(body, condition && !isTrue(ts, statement.expression));
    }
    if (ts.isWhileStatement(statement)) {
      if (this.marks(statement.expression)) return MARKED;
      return loopExit(this.statement(statement.statement), !isTrue(ts, statement.expression));
    }
    if (ts.isForStatement(statement)) {
      if (statement.initializer && this.marks(statement.initializer)) return MARKED;
      if (statement.condition && this.marks(statement.condition)) return MARKED;
      const endless = !statement.condition || isTrue(ts, statement.condition);
      return loopExit(this.statement(statement.statement), !endless);
    }
    if (ts.isForOfStatement(statement) || ts.isForInStatement(statement)) {
      if (this.marks(statement.expression)) return MARKED;
      return loopExit(this.statement(statement.statement), true);
    }
    // Declarations, empty statements, `debugger`…: nothing happens on the path.
    return FALLS;
  }

  private sequence(statements: readonly TS.Statement[]): Flow {
    const exits: TS.Node[] = [];
    const breaks = new Set<string>();
    const continues = new Set<string>();
    for (const statement of statements) {
      if (this.ts.isFunctionDeclaration(statement)) continue;
      const flow = this.statement(statement);
      exits.push(...flow.exits);
      for (const label of flow.breaks) breaks.add(label);
      for (const label of flow.continues) continues.add(label);
      if (!flow.falls) return { falls: false, exits, breaks, continues };
    }
    return { falls: true, exits, breaks, continues };
  }

  private tryStatement(statement: TS.TryStatement): Flow {
    const tried = this.statement(statement.tryBlock);
    // Anything in the try block may throw before it marks, so the catch starts unmarked.
    let flow = statement.catchClause ? merge(tried, this.statement(statement.catchClause.block)) : tried;
    if (statement.finallyBlock) {
      const final = this.statement(statement.finallyBlock);
      // A finally that marks on every path marks every path through the try; its own exits stay.
      flow = final.falls
        ? { ...flow, exits: [...flow.exits, ...final.exits], breaks: union(flow.breaks, final.breaks), continues: union(flow.continues, final.continues) }
        : final;
    }
    return flow;
  }

  private switchStatement(statement: TS.SwitchStatement): Flow {
    if (this.marks(statement.expression)) return MARKED;
    const exits: TS.Node[] = [];
    const breaks = new Set<string>();
    const continues = new Set<string>();
    let falls = false;
    let previousFalls = false;
    let hasDefault = false;
    for (const clause of statement.caseBlock.clauses) {
      if (this.ts.isDefaultClause(clause)) hasDefault = true;
      // A clause is entered by its own label (unmarked) or by falling through from the previous one.
      const flow = this.sequence(clause.statements);
      exits.push(...flow.exits);
      for (const label of flow.continues) continues.add(label);
      for (const label of flow.breaks) {
        if (label === '') falls = true;
        else breaks.add(label);
      }
      previousFalls = flow.falls;
    }
    if (previousFalls || !hasDefault) falls = true;
    return { falls, exits, breaks, continues };
  }
}

function merge(a: Flow, b: Flow): Flow {
  return {
    falls: a.falls || b.falls,
    exits: [...a.exits, ...b.exits],
    breaks: union(a.breaks, b.breaks),
    continues: union(a.continues, b.continues),
  };
}

/** After a loop: the body may not run (`mayFinish`), and unlabeled `break` leaves the loop. */
function loopExit(body: Flow, mayFinish: boolean): Flow {
  return {
    falls: mayFinish || body.breaks.has(''),
    exits: body.exits,
    breaks: without(body.breaks, ''),
    continues: without(body.continues, ''),
  };
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  return new Set([...a, ...b]);
}

function without(set: ReadonlySet<string>, label: string): ReadonlySet<string> {
  if (!set.has(label)) return set;
  const copy = new Set(set);
  copy.delete(label);
  return copy;
}

function isShortCircuit(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken
  );
}

function isTrue(ts: typeof TS, expression: TS.Expression): boolean {
  return unwrap(ts, expression).kind === ts.SyntaxKind.TrueKeyword;
}

export interface ThrowOptions {
  /** A call that fails the job explicitly (or always throws), e.g. `job.moveToFailed(err)`. */
  readonly isFail?: (call: TS.CallExpression | TS.NewExpression) => boolean;
}

/**
 * Does `node` rethrow on at least one path: a `throw` that escapes it, a `return Promise.reject(…)`,
 * or a call `isFail` accepts? Throws inside a nested `try` whose `catch` swallows them, and anything
 * inside nested functions, do not count.
 */
export function mayThrow(ts: typeof TS, node: TS.Node, options: ThrowOptions = {}): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (current: TS.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(current) || ts.isClassLike(current)) return;
    if (ts.isThrowStatement(current)) {
      found = current;
      return;
    }
    if (ts.isTryStatement(current) && current.catchClause) {
      // What the nested try throws is caught; only its catch and finally can rethrow.
      visit(current.catchClause.block);
      if (current.finallyBlock) visit(current.finallyBlock);
      return;
    }
    if (ts.isCallExpression(current) && isPromiseReject(ts, current)) {
      found = current;
      return;
    }
    if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && options.isFail?.(current)) {
      found = current;
      return;
    }
    current.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** `Promise.reject(…)` on the global `Promise`. */
function isPromiseReject(ts: typeof TS, call: TS.CallExpression): boolean {
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'reject' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise'
  );
}

/**
 * `fn` and the functions of the same file it calls, directly or through other same-file functions
 * (nested inline functions count as part of their parent). With `enter`, each node walked on the way
 * is shown to it, and a node it answers `false` for is not entered (nor are the calls inside it).
 */
export function reachableFunctions(resolver: Resolver, fn: FunctionLike, enter?: (node: TS.Node) => boolean): FunctionLike[] {
  const ts = resolver.ts;
  const seen = new Set<FunctionLike>([fn]);
  const queue: FunctionLike[] = [fn];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const visit = (node: TS.Node): void => {
      if (node !== current && isNamedDeclaration(ts, node)) return;
      if (enter && !enter(node)) return;
      if (ts.isCallExpression(node)) {
        const callee = localFunction(resolver, node.expression);
        if (callee && !seen.has(callee)) {
          seen.add(callee);
          queue.push(callee);
        }
      }
      node.forEachChild(visit);
    };
    if (current.body) visit(current.body);
  }
  return [...seen];
}

/** Functions that run only when called by name: declarations and functions held in variables. */
function isNamedDeclaration(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node)) return true;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
    return ts.isVariableDeclaration(node.parent) || ts.isPropertyDeclaration(node.parent);
  }
  return false;
}
