/**
 * Whether two operations of one function can run on the same execution path: not when they sit in
 * the two branches of one `if`/`?:`, in different `case` clauses that do not fall through, or when
 * the first sits in a branch that always leaves the function after it (`if (x) { a(); return; } b();`).
 * Loops do not split paths. An operation in a `catch` clause is not paired with one in its `try` block:
 * the catch runs because the try part failed, and a write there records that failure.
 */
import type * as TS from 'typescript';
import type { Operation } from './model.js';

/** Can `a` (earlier) and `b` (later) both run in one execution? */
export function onOnePath(ts: typeof TS, a: Operation, b: Operation): boolean {
  const pa: TS.Node[] = [...a.chain, a.call];
  const pb: TS.Node[] = [...b.chain, b.call];
  let k = 0;
  while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
  if (k >= pa.length || k >= pb.length) return true;
  return !exclusive(ts, pa[k]!, pb[k]!);
}

function within(outer: TS.Node, inner: TS.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Are nodes `a` and `b` (of one function) on mutually exclusive paths? */
export function exclusive(ts: typeof TS, a: TS.Node, b: TS.Node): boolean {
  for (let node: TS.Node | undefined = a.parent; node; node = node.parent) {
    if (ts.isIfStatement(node) && node.elseStatement) {
      const then = node.thenStatement;
      const otherwise = node.elseStatement;
      if ((within(then, a) && within(otherwise, b)) || (within(otherwise, a) && within(then, b))) return true;
    }
    if (ts.isConditionalExpression(node)) {
      if ((within(node.whenTrue, a) && within(node.whenFalse, b)) || (within(node.whenFalse, a) && within(node.whenTrue, b))) return true;
    }
    // A write in `catch` records the failure of the `try` part (compensation, a FAILED status): not a pair.
    if (ts.isTryStatement(node) && node.catchClause && within(node.tryBlock, a) && within(node.catchClause, b)) return true;
    if (ts.isCaseBlock(node)) {
      const ca = node.clauses.find((clause) => within(clause, a));
      const cb = node.clauses.find((clause) => within(clause, b));
      if (ca && cb && ca !== cb && leaves(ts, ca.statements, true)) return true;
    }
    if (within(node, b)) break;
  }
  // The earlier one sits in a branch that always leaves after it, and the later one is outside that branch.
  for (let node: TS.Node | undefined = a; node && !within(node, b); node = node.parent) {
    const parent: TS.Node | undefined = node.parent;
    if (!parent) break;
    if (ts.isIfStatement(parent) && (parent.thenStatement === node || parent.elseStatement === node)) {
      const statements = ts.isBlock(node) ? node.statements : [node as TS.Statement];
      if (leaves(ts, statements, false)) return true;
    }
    if (ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      // `break` lands after the switch, where the later operation may be.
      if (leaves(ts, parent.statements, false)) return true;
    }
    if (ts.isFunctionLike(node)) break;
  }
  return false;
}

/** Does a statement list always end by leaving (return/throw; `break` too when `breakLeaves`)? */
function leaves(ts: typeof TS, statements: readonly TS.Statement[], breakLeaves: boolean): boolean {
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isContinueStatement(last)) return true;
  if (ts.isBreakStatement(last)) return breakLeaves;
  if (ts.isBlock(last)) return leaves(ts, last.statements, breakLeaves);
  if (ts.isIfStatement(last) && last.elseStatement) {
    const then = ts.isBlock(last.thenStatement) ? last.thenStatement.statements : [last.thenStatement];
    const otherwise = ts.isBlock(last.elseStatement) ? last.elseStatement.statements : [last.elseStatement];
    return leaves(ts, then, breakLeaves) && leaves(ts, otherwise, breakLeaves);
  }
  return false;
}
