/**
 * no-side-effect-in-transaction: an external effect or a non-transactional enqueue inside a
 * transaction scope, anywhere in the file (not only in handlers). Transactional enqueues are left
 * alone: pg-boss `send(…, { db })` and graphile-worker enqueues (which the catalogue marks as
 * Postgres-backed and which the analysis cannot tie to a connection), and outbox inserts (plain writes).
 */
import type * as TS from 'typescript';
import type { Operation } from '../analysis/model.js';
import { propertyValue } from '../analysis/model.js';
import { findDeclaration } from '../analysis/scope.js';
import { unwrap } from '../analysis/syntax.js';
import { fileTransactions, type Scope } from '../analysis/transactions.js';
import { calleeText, chainSuffix, effectLabel } from './describe.js';
import type { Check, Finding, Suggestion } from './types.js';

export const messages = {
  effectInTransaction:
    '{{effect}}{{via}} runs inside {{scope}}: if the transaction rolls back (an error, a timeout, a conflict), the {{what}} has ' +
    'already happened and the retry does it again; a slow call also holds the transaction open. ' +
    'Move it after the transaction commits, or record it in an outbox row inside the transaction and send it from there.',
  effectInRetriedTransaction:
    '{{effect}}{{via}} runs inside {{scope}}, whose callback the driver re-runs on transient errors: the {{what}} can happen ' +
    'several times for one commit, and again on a rollback. Move it after the transaction commits, or record it in an ' +
    'outbox row inside the transaction.',
  enqueueInTransaction:
    'Enqueue `{{callee}}`{{via}} inside {{scope}} goes to {{store}}, outside the transaction: the job can start before the ' +
    'transaction commits (and miss its data), or run although the transaction rolled back{{rerun}}. Enqueue after the commit, or ' +
    'enqueue transactionally ({{transactional}}).',
  moveAfterTransaction: 'Move `{{callee}}` after the transaction',
} as const;

export type MessageIds = keyof typeof messages;

const WHAT: Record<string, string> = {
  email: 'email',
  sms: 'SMS',
  push: 'notification',
  payment: 'payment',
  http: 'request',
  webhook: 'webhook',
  message: 'message',
  chat: 'message',
};

export const check: Check = {
  id: 'no-side-effect-in-transaction',
  messages,
  check(model) {
    const txs = fileTransactions(model);
    const findings: Finding[] = [];
    const reported = new Set<TS.Node>();
    for (const scope of txs.scopes) {
      if (scope.form === 'batch') continue;
      for (const op of txs.operationsIn(scope)) {
        if (reported.has(op.call) || op.step) continue;
        const finding = describe(model, scope, op);
        if (!finding) continue;
        reported.add(op.call);
        findings.push(finding);
      }
    }
    return findings;

    function describe(m: typeof model, scope: Scope, op: Operation): Finding | undefined {
      const scopeText = scopeLabel(m, scope);
      const via = chainSuffix(m, op);
      const suggestion = moveSuggestion(m, scope, op);
      const extra = suggestion ? { suggestions: [suggestion] } : {};
      if (op.kind === 'effect' && op.role.role === 'effect') {
        const label = effectLabel(m, op);
        return {
          messageId: scope.reruns ? 'effectInRetriedTransaction' : 'effectInTransaction',
          data: { effect: label.charAt(0).toUpperCase() + label.slice(1), via, scope: scopeText, what: WHAT[op.role.spec.family] ?? 'effect' },
          node: op.expression,
          chain: op.chain,
          ...extra,
        };
      }
      if (op.kind === 'enqueue' && op.role.role === 'enqueue') {
        const { spec, entry } = op.role;
        if (spec.memoised) return undefined;
        if (spec.store === 'postgres') {
          // graphile-worker: the catalogue lists it among the transactional forms; the analysis cannot tell its connection.
          if (entry.id !== 'pg-boss') return undefined;
          if (spec.optionsArg !== undefined && hasOption(m.context.ts, op.call.arguments?.[spec.optionsArg], 'db')) return undefined;
        }
        const store = spec.store === 'redis' ? `Redis (${entry.title})` : spec.store === 'postgres' ? `${entry.title}'s own connection` : `the ${entry.title} service`;
        return {
          messageId: 'enqueueInTransaction',
          data: {
            callee: calleeText(m.context.ts, m.context.sourceFile, op.call),
            via,
            scope: scopeText,
            store,
            rerun: scope.reruns ? ', and once more each time the driver re-runs the callback' : '',
            transactional: entry.id === 'pg-boss' ? 'pass the transaction as `{ db }` to `send`' : 'an outbox row written in the transaction, or pg-boss `send(…, { db })`',
          },
          node: op.expression,
          chain: op.chain,
          ...extra,
        };
      }
      return undefined;
    }
  },
};

function hasOption(ts: typeof TS, options: TS.Expression | undefined, name: string): boolean {
  if (!options) return false;
  const object = unwrap(ts, options);
  if (!ts.isObjectLiteralExpression(object)) return true; // options built elsewhere: do not guess
  if (object.properties.some((property) => ts.isSpreadAssignment(property))) return true;
  return propertyValue(ts, object, name) !== undefined;
}

/** "the `prisma.$transaction` callback", "the transaction opened by `client.query('BEGIN')`". */
function scopeLabel(model: Parameters<Check['check']>[0], scope: Scope): string {
  const { ts, sourceFile } = model.context;
  const callee = calleeText(ts, sourceFile, scope.open);
  if (scope.form === 'callback') return `the \`${callee}\` callback`;
  const text = scope.open.getText(sourceFile).replace(/\s+/g, ' ');
  return `the transaction opened by \`${text.length > 60 ? `${callee}()` : text}\``;
}

/**
 * Move an effect statement that sits directly in a transaction callback to just after the
 * statement that runs the transaction, when it uses nothing declared inside the callback.
 */
function moveSuggestion(model: Parameters<Check['check']>[0], scope: Scope, op: Operation): Suggestion | undefined {
  const { ts, sourceFile } = model.context;
  const callback = scope.callback;
  if (scope.form !== 'callback' || !callback || op.chain.length > 0) return undefined;
  if (!callback.body || !ts.isBlock(callback.body)) return undefined;
  const statement = callback.body.statements.find((s) => s.pos <= op.call.pos && op.call.end <= s.end);
  if (!statement || !ts.isExpressionStatement(statement) || unwrap(ts, statement.expression) !== op.expression) return undefined;
  // Everything the effect uses must exist outside the callback.
  let local = false;
  const visit = (node: TS.Node): void => {
    if (local) return;
    if (ts.isIdentifier(node) && !(node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const declaration = findDeclaration(ts, node.text, node);
      if (declaration && declaration.pos >= callback.pos && declaration.end <= callback.end) local = true;
    }
    if (ts.isPropertyAssignment(node)) {
      visit(node.initializer);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  if (local) return undefined;
  // The statement that runs the transaction: `await prisma.$transaction(…);` or `const x = await …;`.
  let host: TS.Node = scope.open;
  while (host.parent && !ts.isBlock(host.parent) && !ts.isSourceFile(host.parent)) host = host.parent;
  if (!(ts.isExpressionStatement(host) || ts.isVariableStatement(host))) return undefined;
  const hostIndent = indentOf(sourceFile, host.getStart(sourceFile));
  const ownIndent = indentOf(sourceFile, statement.getStart(sourceFile));
  const text = statement
    .getText(sourceFile)
    .split('\n')
    .map((line, index) => (index === 0 ? line : line.startsWith(ownIndent) ? hostIndent + line.slice(ownIndent.length) : line))
    .join('\n');
  const lineStart = sourceFile.text.lastIndexOf('\n', statement.getStart(sourceFile) - 1);
  return {
    messageId: 'moveAfterTransaction',
    data: { callee: calleeText(ts, sourceFile, op.call) },
    edits: [
      { range: [lineStart, statement.getEnd()], text: '' },
      { range: [host.getEnd(), host.getEnd()], text: `\n${hostIndent}${text}` },
    ],
  };
}

function indentOf(sourceFile: TS.SourceFile, position: number): string {
  const lineStart = sourceFile.text.lastIndexOf('\n', position - 1) + 1;
  return sourceFile.text.slice(lineStart, position).match(/^[ \t]*/)![0];
}
